package cn.shuangkong.hazard;

import cn.shuangkong.files.FileKind;
import cn.shuangkong.files.Pictures;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Photo evidence of hazards: before (as found) and after (as fixed). The type is taken from the bytes, never from the
 * file name or the client's word, and the picture must decode as that type ({@link Pictures}); a picture whose content hash is already on the hazard is refused, so the same
 * photo cannot prove both the problem and its fix; one already used on an unrelated record is flagged ({@link EvidencePhotos}).
 */
@Repository
public class HazardPhotos {

    static final int MAX_BYTES = 10 * 1024 * 1024;

    /** Which moment of the loop a photo documents. */
    public enum Stage { BEFORE, AFTER }

    /** A photo as listed on a hazard, without its bytes. */
    public record Photo(long id, long hazardId, Stage stage, String sha256, String contentType, int sizeBytes,
                        String uploadedBy, Instant uploadedAt) { }

    /** A picture as received from a form or the API. */
    public record Upload(byte[] bytes) {
        public static Upload of(byte[] bytes) {
            return bytes == null || bytes.length == 0 ? null : new Upload(bytes);
        }
    }

    private final JdbcClient jdbc;
    private final EvidencePhotos evidence;
    private final Hazards hazards;

    HazardPhotos(JdbcClient jdbc, EvidencePhotos evidence, Hazards hazards) {
        this.jdbc = jdbc;
        this.evidence = evidence;
        this.hazards = hazards;
    }

    /** Stores a photo of a hazard of {@code enterpriseId} (the caller has the hazard locked, so it knows its enterprise). */
    void add(long hazardId, long enterpriseId, Stage stage, Upload upload, String by, Instant now) {
        byte[] bytes = upload.bytes();
        if (bytes.length > MAX_BYTES) {
            throw new DomainException(HttpStatus.CONTENT_TOO_LARGE, "照片不能超过 10 MB", java.util.Map.of("photo", "文件过大"));
        }
        FileKind kind = FileKind.sniff(bytes).filter(FileKind.Purpose.PHOTO.accepts::contains)
                .orElseThrow(() -> DomainException.invalid("photo", "上传的文件不是图片，只接受 JPEG、PNG 或 WebP 照片"));
        Pictures.require(kind, bytes, "photo");
        String type = kind.contentType;
        String sha = sha256(bytes);
        Optional<Stage> existing = jdbc.sql("select stage from hazard_photo where hazard_id = :h and sha256 = :s")
                .param("h", hazardId).param("s", sha).query(Stage.class).optional();
        if (existing.isPresent()) {
            throw DomainException.invalid("photo", existing.get() == stage
                    ? "这张照片已经上传过了"
                    : "整改前后不能使用同一张照片，请上传整改后现场拍摄的照片");
        }
        jdbc.sql("""
                insert into hazard_photo (hazard_id, stage, sha256, content_type, size_bytes, content, uploaded_by, uploaded_at)
                values (:h, :stage, :sha, :type, :size, :content, :by, :at)
                """).param("h", hazardId).param("stage", stage.name()).param("sha", sha).param("type", type)
                .param("size", bytes.length).param("content", bytes).param("by", by).param("at", Timestamp.from(now)).update();
        evidence.register(sha, "hazard", hazardId, null, enterpriseId, by); // the same picture on another record is flagged
    }

    int count(long hazardId, Stage stage) {
        return jdbc.sql("select count(*) from hazard_photo where hazard_id = :h and stage = :s")
                .param("h", hazardId).param("s", stage.name()).query(Integer.class).single();
    }

    /** The bytes and type of one photo of a hazard in the caller's scope; a hazard out of scope is a 404, a photo not of it empty. */
    public Optional<Content> content(Jurisdiction scope, long hazardId, long photoId) {
        hazards.find(scope, hazardId).orElseThrow(() -> DomainException.notFound("隐患"));
        return jdbc.sql("select content_type, content as bytes from hazard_photo where id = :p and hazard_id = :h")
                .param("p", photoId).param("h", hazardId).query(CONTENT).optional();
    }

    /** A photo's bytes with the type found in them. */
    public record Content(String contentType, byte[] bytes) { }

    private static final RowMapper<Content> CONTENT = Rows.of(Content.class);

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
