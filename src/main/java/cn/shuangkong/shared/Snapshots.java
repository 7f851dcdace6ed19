package cn.shuangkong.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.json.JsonMapper;

/**
 * Filed snapshots (风险清单备案, 职业病危害项目申报 …): the content as the exact JSON text that is kept and its SHA-256,
 * so that what was filed can be shown and checked byte for byte, and the same content computed again hashes the same.
 */
public final class Snapshots {

    /** The text as kept and its SHA-256 in lower-case hex. */
    public record Frozen(String text, String sha256) { }

    private Snapshots() {
    }

    /** The content as JSON text (records keep their component order, lists theirs) with its hash. */
    public static Frozen freeze(JsonMapper json, Object content) {
        String text = json.writeValueAsString(content);
        return new Frozen(text, sha256(text));
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
