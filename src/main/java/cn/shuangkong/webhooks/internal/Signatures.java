package cn.shuangkong.webhooks.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a delivery is signed: {@code X-Shuangkong-Signature: sha256=HEX}, the HMAC-SHA256 under the subscriber's secret
 * of {@code timestamp + "." + body}, where the timestamp is {@code X-Shuangkong-Timestamp} (epoch seconds). Signing the
 * time with the body means a replayed request cannot be given a fresh time; the receiver refuses an old one.
 */
public final class Signatures {

    public static final String SIGNATURE = "X-Shuangkong-Signature";
    public static final String TIMESTAMP = "X-Shuangkong-Timestamp";
    public static final String EVENT = "X-Shuangkong-Event";
    public static final String DELIVERY = "X-Shuangkong-Delivery";

    private Signatures() {
    }

    public static String sign(String secret, long epochSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
