package cn.shuangkong.hazard;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 照片重复使用: every evidence photo is registered here by its SHA-256 with the record it documents. The same picture
 * on an unrelated record (another hazard, another inspection) is flagged on both records, audited, reported to the
 * enterprise's managers and published as {@link EvidencePhotoReused}. A record of another enterprise is named only to
 * the regulators over both; the enterprise hears that its picture was used before, not whose records hold it. (On one hazard, the same picture as both before
 * and after is refused outright by {@link HazardPhotos}.) A record and the hazard it opened share their picture
 * legitimately: pass that hazard as {@code relatedHazardId}.
 */
@Service
public class EvidencePhotos {

    /** The other record a photo was seen on. */
    public record Reuse(String sha256, String otherType, long otherId, Instant detectedAt) {
        public String label() {
            return switch (otherType) {
                case "hazard" -> "隐患 #" + otherId;
                case "inspection_record" -> "排查记录 #" + otherId;
                default -> "专项检查记录 #" + otherId;
            };
        }

        public String link() {
            return switch (otherType) {
                case "hazard" -> "/hazards/" + otherId;
                case "inspection_record" -> "/inspection/records/" + otherId;
                default -> "/inspection/checklists/records/" + otherId;
            };
        }
    }

    /** How another enterprise's record is named to anyone who is not a regulator over both. */
    static final String FOREIGN = "其他单位的一条记录";

    private final JdbcClient jdbc;
    private final Notices notices;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    EvidencePhotos(JdbcClient jdbc, Notices notices, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.notices = notices;
        this.events = events;
        this.clock = clock;
    }

    /** Registers a photo as evidence of a record; answers the unrelated records that used the same picture before. */
    @Transactional
    public List<Reuse> register(String sha256, String recordType, long recordId, Long relatedHazardId, long enterpriseId, String by) {
        Instant now = clock.instant();
        List<Reuse> earlier = jdbc.sql("""
                select distinct sha256, record_type as other_type, record_id as other_id, cast(:now as timestamptz) as detected_at
                  from evidence_photo
                 where sha256 = :sha and not (record_type = :t and record_id = :id)
                   and not (record_type = 'hazard' and record_id = coalesce(:related, -1))
                   and not (:t = 'hazard' and coalesce(related_hazard_id, -1) = :id)
                 order by other_type, other_id""").param("sha", sha256).param("t", recordType).param("id", recordId)
                .param("related", relatedHazardId).param("now", Timestamp.from(now)).query(Reuse.class).list();
        jdbc.sql("""
                insert into evidence_photo (sha256, record_type, record_id, related_hazard_id, enterprise_id, uploaded_by, uploaded_at)
                values (:sha, :t, :id, :related, :e, :by, :at)""").param("sha", sha256).param("t", recordType).param("id", recordId)
                .param("related", relatedHazardId).param("e", enterpriseId).param("by", by).param("at", Timestamp.from(now)).update();
        for (Reuse r : earlier) {
            flag(sha256, recordType, recordId, r.otherType(), r.otherId(), now);
            flag(sha256, r.otherType(), r.otherId(), recordType, recordId, now);
            Reuse mine = new Reuse(sha256, recordType, recordId, now);
            events.publishEvent(new EvidencePhotoReused(sha256, enterpriseId, recordType, recordId, r.otherType(), r.otherId(), by, now));
            // another enterprise's record is named only to the regulators over both: the uploader learns that the
            // picture was used before, never whose records hold it
            Long otherEnterprise = enterpriseOf(r.otherType(), r.otherId()).orElse(null);
            boolean sameEnterprise = otherEnterprise != null && otherEnterprise == enterpriseId;
            String other = sameEnterprise ? r.label() : FOREIGN;
            events.publishEvent(new StateChanged("照片重复使用", recordType, String.valueOf(recordId),
                    "与" + other + "的照片完全相同（SHA-256 " + sha256.substring(0, 12) + "…），已在两条记录上标记", enterpriseId, null));
            notices.notify(notices.managersOf(enterpriseId), Notices.Kind.PHOTO_REUSED, mine.link(),
                    mine.label() + " 使用的照片与 " + other + " 的照片完全相同，请核实是否为现场拍摄");
            if (!sameEnterprise && otherEnterprise != null) {
                List<String> overBoth = new java.util.ArrayList<>(notices.regulatorsOf(enterpriseId));
                overBoth.retainAll(notices.regulatorsOf(otherEnterprise));
                notices.notify(overBoth, Notices.Kind.PHOTO_REUSED, mine.link(),
                        "跨单位照片重复使用：" + mine.label() + " 使用的照片与 " + r.label() + " 的照片完全相同，请核实");
            }
        }
        return earlier;
    }

    /** A flag as one viewer may see it: the other record named and linked only if it lies in the viewer's scope. */
    public record Flag(String sha256, String label, String link) { }

    /**
     * The flags on one record as {@code viewer} may see them: the other records its photos were also seen on, those
     * outside the viewer's jurisdiction (another enterprise's) shown only as "其他单位的记录", without id or link.
     */
    public List<Flag> flagsOf(Jurisdiction viewer, String recordType, long recordId) {
        var filter = viewer.enterpriseFilter("e");
        return jdbc.sql("""
                select r.sha256, r.other_type, r.other_id, r.detected_at,
                       exists (select 1 from evidence_photo p join (""" + OrganizationFacts.enterprises() + """
                                ) e on e.id = p.enterprise_id
                                where p.record_type = r.other_type and p.record_id = r.other_id and """ + " " + filter.sql() + """
                               ) as visible
                  from evidence_reuse r
                 where r.record_type = :t and r.record_id = :id order by r.id""").params(filter.params())
                .param("t", recordType).param("id", recordId)
                .query(SEEN).list().stream()
                .map(s -> {
                    Reuse r = new Reuse(s.sha256(), s.otherType(), s.otherId(), s.detectedAt());
                    return s.visible() ? new Flag(r.sha256(), r.label(), r.link()) : new Flag(r.sha256(), FOREIGN, null);
                }).toList();
    }

    /** A reuse as {@link #flagsOf} selects it, with whether the other record lies in the viewer's jurisdiction. */
    private record Seen(String sha256, String otherType, long otherId, Instant detectedAt, boolean visible) { }

    private static final RowMapper<Seen> SEEN = Rows.of(Seen.class);

    private java.util.Optional<Long> enterpriseOf(String recordType, long recordId) {
        return jdbc.sql("select enterprise_id from evidence_photo where record_type = :t and record_id = :id order by id limit 1")
                .param("t", recordType).param("id", recordId).query(Long.class).optional();
    }

    private void flag(String sha, String type, long id, String otherType, long otherId, Instant now) {
        jdbc.sql("""
                insert into evidence_reuse (sha256, record_type, record_id, other_type, other_id, detected_at)
                values (:sha, :t, :id, :ot, :oid, :at) on conflict do nothing""").param("sha", sha).param("t", type).param("id", id)
                .param("ot", otherType).param("oid", otherId).param("at", Timestamp.from(now)).update();
    }
}
