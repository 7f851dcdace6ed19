package cn.shuangkong.hazard.internal;

import cn.shuangkong.audit.AuditRecord;
import cn.shuangkong.audit.AuditTrail;
import cn.shuangkong.hazard.HazardPhotos;
import cn.shuangkong.hazard.Hazards;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A hazard's detail read as one, so that the hazard is resolved in the caller's scope here (ADR 0076), before the reads
 * that take its bare id or its children's ids: its photos, risk point, failed measure, timeline and people.
 */
@Service
public class HazardDetails {

    /** What the detail page shows; {@code riskPointName} and {@code failedMeasure} may be null. */
    public record Detail(Hazards.Row row, List<HazardPhotos.Photo> photos, String riskPointName, String failedMeasure,
                         List<AuditRecord> history, List<PersonNames.Person> people) { }

    /** What the API answers of a hazard: the row with its photos and timeline. */
    public record Answer(Hazards.Row row, List<HazardPhotos.Photo> photos, List<AuditRecord> history) { }

    private final Hazards hazards;
    private final RiskReferences risks;
    private final PersonNames people;
    private final AuditTrail audit;
    private final JdbcClient jdbc;

    HazardDetails(Hazards hazards, RiskReferences risks, PersonNames people, AuditTrail audit, JdbcClient jdbc) {
        this.hazards = hazards;
        this.risks = risks;
        this.people = people;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    /** The page's detail of a hazard in the caller's scope, else a 404. */
    public Detail of(Jurisdiction scope, long id) {
        var answer = answer(scope, id);
        var h = answer.row().hazard();
        return new Detail(answer.row(), answer.photos(),
                h.riskPointId() == null ? null : risks.riskPointName(h.riskPointId()).orElse(null),
                h.measureId() == null ? null : risks.measureContent(h.measureId()).orElse(null),
                answer.history(), people.peopleOf(h.enterpriseId()));
    }

    /** The API's answer of a hazard in the caller's scope, else a 404. */
    public Answer answer(Jurisdiction scope, long id) {
        return answer(hazards.find(scope, id).orElseThrow(() -> DomainException.notFound("隐患")));
    }

    /**
     * The answer of a step: the step resolved the hazard in the caller's scope and saved this row, which is answered
     * as saved, not read again after the commit (ADR 0038).
     */
    public Answer answer(Hazards.Row saved) {
        String id = String.valueOf(saved.hazard().id());
        return new Answer(saved, photosOf(saved.hazard().id()), audit.historyOf("hazard", id));
    }

    /** A hazard's photos without their bytes, in upload order; private, so only a hazard read in scope lists them. */
    private List<HazardPhotos.Photo> photosOf(long hazardId) {
        return jdbc.sql("select id, hazard_id, stage, sha256, content_type, size_bytes, uploaded_by, uploaded_at from hazard_photo where hazard_id = :h order by id")
                .param("h", hazardId).query(HazardPhotos.Photo.class).list();
    }
}
