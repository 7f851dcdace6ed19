package cn.shuangkong.files;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.unit.DataSize;

/**
 * The one store for uploads. Content is kept in PostgreSQL (bytea) so that a backup of the database is a backup of
 * everything; the type is sniffed from the bytes (a picture must also decode, {@link Pictures}), the size capped, and the SHA-256 kept: a download's
 * ETag, and how a photo reused as evidence elsewhere is recognised (hazard's {@code EvidencePhotos} registers the hashes).
 */
@Service
public class FileStore {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final long maxBytes;

    FileStore(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events,
              @Value("${shuangkong.files.max-size}") DataSize maxSize) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
        this.maxBytes = maxSize.toBytes();
    }

    /**
     * Stores an upload of an enterprise, or — with no enterprise — of the uploading regulator's area (a platform
     * account's upload belongs to the platform alone).
     */
    @Transactional
    public StoredFile store(Actor actor, Long enterpriseId, FileKind.Purpose purpose, String originalName, byte[] content) {
        Jurisdiction scope = actor.jurisdiction();
        String region = enterpriseId == null && scope.kind() == Jurisdiction.Kind.REGULATOR ? scope.regionPrefix() : null;
        return save(actor, enterpriseId, region, purpose, originalName, content);
    }

    /** Stores a file of no enterprise that belongs to a place (a citizen's report photo: the region it was reported in). */
    @Transactional
    public StoredFile storeInRegion(Actor actor, String regionCode, FileKind.Purpose purpose, String originalName, byte[] content) {
        if (regionCode == null || regionCode.isBlank()) throw new IllegalArgumentException("a file of no enterprise needs its region");
        return save(actor, null, regionCode, purpose, originalName, content);
    }

    private StoredFile save(Actor actor, Long enterpriseId, String ownerRegion, FileKind.Purpose purpose, String originalName, byte[] content) {
        if (content == null || content.length == 0) {
            throw DomainException.invalid("file", "文件为空");
        }
        if (content.length > maxBytes) {
            throw new DomainException(HttpStatus.CONTENT_TOO_LARGE, "文件超过 " + (maxBytes / 1024 / 1024) + " MB 的大小限制",
                    Map.of("file", "文件过大"));
        }
        FileKind kind = FileKind.sniffContent(content)
                .filter(purpose.accepts::contains)
                .orElseThrow(() -> DomainException.invalid("file", purpose.label + "只接受 " + FileKind.acceptedLabel(purpose)
                        + " 格式，该文件的内容不是其中之一"));
        Pictures.require(kind, content, "file");
        String name = originalName == null || originalName.isBlank() ? "upload" : originalName.strip();
        if (name.length() > 200) name = name.substring(name.length() - 200);
        String sha = sha256(content);
        long id = jdbc.sql("""
                insert into stored_file (sha256, content_type, size_bytes, original_name, uploaded_by, uploaded_at,
                                         storage, content, enterprise_id, owner_region, purpose)
                values (:sha, :type, :size, :name, :by, :at, 'DB', :content, :ent, :region, :purpose) returning id
                """).param("sha", sha).param("type", kind.contentType).param("size", content.length).param("name", name)
                .param("by", actor.username()).param("at", java.sql.Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS)))
                .param("content", content).param("ent", enterpriseId).param("region", ownerRegion).param("purpose", purpose.name())
                .query(Long.class).single();
        events.publishEvent(new StateChanged("上传文件", "file", String.valueOf(id),
                purpose.label + "：" + name + "（" + kind.contentType + "，" + content.length + " 字节，SHA-256 " + sha.substring(0, 12) + "…）",
                enterpriseId, ownerRegion));
        return find(id).orElseThrow();
    }

    public Optional<StoredFile> find(long id) {
        return jdbc.sql("select id, sha256, content_type, size_bytes, original_name, uploaded_by, uploaded_at, enterprise_id, purpose from stored_file where id = :id")
                .param("id", id).query(StoredFile.class).optional();
    }

    /**
     * A file the viewer may read: one of an enterprise in the viewer's jurisdiction, or a file of no enterprise whose
     * owning region (where a citizen reported it, the uploading regulator's area) lies in a regulator's area — never
     * for an enterprise or service organisation that guesses an id, nor for a regulator of another place. Files of
     * neither enterprise nor region are the platform's.
     */
    public Optional<StoredFile> findVisible(Jurisdiction scope, long id) {
        var filter = scope.enterpriseFilter("e");
        String regionLike = switch (scope.kind()) {
            case PLATFORM -> "%";
            case REGULATOR -> scope.regionPrefix() + "%";
            default -> null;
        };
        return jdbc.sql("""
                select f.id, f.sha256, f.content_type, f.size_bytes, f.original_name, f.uploaded_by, f.uploaded_at,
                       f.enterprise_id, f.purpose
                  from stored_file f left join (%s) e on e.id = f.enterprise_id
                 where f.id = :id
                   and (f.enterprise_id is null and (:platform or f.owner_region like cast(:region as varchar)) or %s)"""
                .formatted(OrganizationFacts.enterprises(), filter.sql()))
                .params(filter.params()).param("id", id).param("platform", scope.isPlatform()).param("region", regionLike)
                .query(StoredFile.class).optional();
    }

    /** A file with its bytes. */
    public record Download(StoredFile file, byte[] content) { }

    /** A file the viewer may read ({@link #findVisible}) with its bytes; any other id is a 404. */
    public Download download(Jurisdiction scope, long id) {
        var file = findVisible(scope, id).orElseThrow(() -> DomainException.notFound("文件"));
        return new Download(file, content(id));
    }

    public byte[] content(long id) {
        return jdbc.sql("select content from stored_file where id = :id").param("id", id).query(byte[].class).single();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
