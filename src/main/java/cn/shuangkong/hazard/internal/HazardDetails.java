package cn.shuangkong.hazard.internal;

import cn.shuangkong.audit.AuditRecord;
import cn.shuangkong.audit.AuditTrail;
import cn.shuangkong.hazard.HazardPhotos;
import cn.shuangkong.hazard.Hazards;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * A hazard's detail read as one, so that the hazard is resolved in the caller's scope here (ADR 0076), before the reads
 * that take its bare id or its children's ids: its photos, risk point, failed measure, timeline and people.
 */
@Service
public class HazardDetails {

    /** What the detail page shows; {@code riskPointName} and {@code failedMeasure} may be null. */
    public record Detail(Hazards.Row row, List<HazardPhotos.Photo> photos, String riskPointName, String failedMeasure,
                         List<AuditRecord> history, List<Hazards.Person> people) { }

    /** What the API answers of a hazard: the row with its photos and timeline. */
    public record Answer(Hazards.Row row, List<HazardPhotos.Photo> photos, List<AuditRecord> history) { }

    private final Hazards hazards;
    private final HazardPhotos photos;
    private final AuditTrail audit;

    HazardDetails(Hazards hazards, HazardPhotos photos, AuditTrail audit) {
        this.hazards = hazards;
        this.photos = photos;
        this.audit = audit;
    }

    /** The page's detail of a hazard in the caller's scope, else a 404. */
    public Detail of(Jurisdiction scope, long id) {
        var answer = answer(scope, id);
        var h = answer.row().hazard();
        return new Detail(answer.row(), answer.photos(),
                h.riskPointId() == null ? null : hazards.riskPointName(h.riskPointId()).orElse(null),
                h.measureId() == null ? null : hazards.measureContent(h.measureId()).orElse(null),
                answer.history(), hazards.peopleOf(h.enterpriseId()));
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
        return new Answer(saved, photos.of(saved.hazard().id()), audit.historyOf("hazard", id));
    }
}
