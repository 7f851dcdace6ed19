package cn.shuangkong.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The anchors of the audit chain, kept outside the database: an append-only file of checkpoints, each signed with an
 * Ed25519 key that lives in a file outside the database too. Someone with full database access can recompute the
 * whole chain or cut its tail, but cannot sign an anchor that agrees with it. Ed25519 rather than an HMAC because the
 * public key may be handed out: a third party checks anchors and chain without any secret.
 *
 * <p>A line: {@code 1 TAB lastId TAB lastHash TAB count TAB time TAB signature}. Plain Java, no Spring, so that a
 * restore can check a chain with the anchors it brought along.
 */
public final class AnchorLog {

    /** One checkpoint: the last record's id and hash and how many records the chain held up to it, at a time. */
    public record Anchor(long lastId, String lastHash, long count, Instant at) {
        String signed() {
            return "shuangkong-audit-anchor/1|" + lastId + "|" + lastHash + "|" + count + "|" + at;
        }

        /** The time as findings show it: local time of the platform, to the second. */
        public String shownAt() {
            return SHOWN.format(at);
        }
    }

    /** A line of the file as read: the anchor if the line parses and its signature holds, else why not. */
    public record Entry(int line, Anchor anchor, String problem) { }

    private static final java.time.format.DateTimeFormatter SHOWN =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneId.systemDefault());

    private final Path file;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private volatile Anchor lastKnown; // the newest anchor this process has seen or written: a file cut below it is noticed

    private AnchorLog(Path file, PrivateKey privateKey, PublicKey publicKey) {
        this.file = file;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** Opens the log, creating the key (readable by the owner only) on first use. */
    public static AnchorLog open(Path file, Path keyFile) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(keyFile)) {
                createKey(keyFile);
            }
            Map<String, String> keys = Files.readAllLines(keyFile).stream().filter(l -> l.contains("=") && !l.startsWith("#"))
                    .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')).trim(), l -> l.substring(l.indexOf('=') + 1).trim()));
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PrivateKey priv = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(keys.get("private"))));
            PublicKey pub = factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(keys.get("public"))));
            return new AnchorLog(file, priv, pub);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("审计锚点密钥文件 " + keyFile + " 无法读取：" + e.getMessage(), e);
        }
    }

    private static void createKey(Path keyFile) throws IOException, GeneralSecurityException {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.createDirectories(keyFile.toAbsolutePath().getParent());
        try {
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(keyFile);
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        Files.writeString(keyFile, """
                # 双控审计锚点签名密钥（Ed25519）。丢失后旧锚点无法再校验；泄露后他人可伪造锚点。请与数据库分开保管。
                private=%s
                public=%s
                """.formatted(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())));
    }

    /** Signs and appends an anchor, forced to disk before it counts. */
    public synchronized Anchor append(Anchor anchor) {
        String line = String.join("\t", "1", String.valueOf(anchor.lastId()), anchor.lastHash(), String.valueOf(anchor.count()),
                anchor.at().toString(), sign(anchor)) + "\n";
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lastKnown = anchor;
        return anchor;
    }

    /** Every line, each with its anchor if it parses and its signature holds. */
    public List<Entry> read() {
        // what this process knew before the file is read: an anchor appended while it is read is not a cut file
        Anchor known = lastKnown;
        List<Entry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            if (known != null) {
                entries.add(new Entry(0, null, "锚点文件 " + file.getFileName() + " 已被删除（平台本次运行时已有锚点）"));
            }
            return entries;
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank() || i == lines.length - 1) {
                continue; // the piece after the last newline is empty, or a line cut short by a crash mid-write
            }
            entries.add(parse(i + 1, lines[i]));
        }
        Anchor last = entries.stream().map(Entry::anchor).filter(a -> a != null).reduce((a, b) -> b).orElse(null);
        if (known != null && (last == null || last.lastId() < known.lastId())) {
            entries.add(new Entry(lines.length, null, "锚点文件被截断：平台本次运行时已知的最后锚点（编号 " + known.lastId()
                    + "，" + known.shownAt() + "）已不在文件中"));
        }
        return entries;
    }

    /**
     * The newest anchor whose signature holds, if any: read from the file once, then the one this process appended
     * last (a checkpoint a minute must not re-check years of signatures; a full verification reads them all).
     */
    public synchronized Anchor last() {
        if (lastKnown == null) {
            var entries = read();
            for (int i = entries.size() - 1; i >= 0 && lastKnown == null; i--) {
                lastKnown = entries.get(i).anchor();
            }
        }
        return lastKnown;
    }

    private Entry parse(int lineNo, String line) {
        String[] f = line.split("\t");
        if (f.length != 6 || !"1".equals(f[0])) {
            return new Entry(lineNo, null, "锚点文件第 " + lineNo + " 行格式不对：锚点文件被改动");
        }
        try {
            var anchor = new Anchor(Long.parseLong(f[1]), f[2], Long.parseLong(f[3]), Instant.parse(f[4]));
            if (!verify(anchor, f[5])) {
                return new Entry(lineNo, null, "锚点文件第 " + lineNo + " 行（" + anchor.shownAt() + "）签名无效：锚点被伪造或改动，或签名密钥已更换");
            }
            return new Entry(lineNo, anchor, null);
        } catch (RuntimeException e) {
            return new Entry(lineNo, null, "锚点文件第 " + lineNo + " 行无法解析：锚点文件被改动");
        }
    }

    /** The Base64 Ed25519 signature of an anchor. */
    public String sign(Anchor anchor) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(anchor.signed().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean verify(Anchor anchor, String signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(publicKey);
            s.update(anchor.signed().getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The public key (X.509, Base64): hand it to whoever should check anchors without the secret. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** What is signed for an anchor, for a third party's verifier. */
    public static String signedText(Anchor anchor) {
        return anchor.signed();
    }

    public Path file() {
        return file;
    }
}
