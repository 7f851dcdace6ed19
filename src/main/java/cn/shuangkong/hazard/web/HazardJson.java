package cn.shuangkong.hazard.web;

import cn.shuangkong.audit.AuditRecord;
import cn.shuangkong.hazard.Hazard;
import cn.shuangkong.hazard.HazardPhotos;
import cn.shuangkong.hazard.Hazards;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A hazard as the API shows it: codes for machines beside labels for people, the allowed next steps, and on the detail its photos and timeline. */
record HazardJson(long id, long enterpriseId, String enterpriseName, String source, String sourceLabel, String level,
                  String levelLabel, String criterionCode, String criterionText, String majorReason, String type,
                  String typeLabel, Long riskPointId, String title, String description, String location, String foundBy,
                  String finderName, Instant foundAt, String state, String stateLabel, String rejectReason,
                  String responsible, String responsibleName, String measures, BigDecimal funds, LocalDate deadline,
                  String contingencyPlan, boolean overdue, String rectifiedBy, Instant rectifiedAt,
                  String rectificationNote, String acceptedBy, Instant acceptedAt, String acceptanceOpinion,
                  LocalDate extensionDeadline, String extensionReason, boolean supervised, String supervisionDocNo,
                  String supervisionLevel, LocalDate supervisionDeadline, Instant closedAt, Long repeatOf, int earlierInWindow,
                  List<String> allowedActions,
                  List<PhotoJson> photos, List<TimelineJson> timeline, Instant updatedAt) {

    /** A photo's facts; its bytes are at {@code url}. */
    record PhotoJson(long id, String stage, String contentType, int sizeBytes, String sha256, String uploadedBy,
                     Instant uploadedAt, String url) { }

    /** One entry of the status timeline, from the audit trail. */
    record TimelineJson(Instant at, String actor, String action, String summary) { }

    static HazardJson of(Hazard h, String enterpriseName, String finderName, String responsibleName) {
        return of(h, enterpriseName, finderName, responsibleName, null, null);
    }

    static HazardJson of(Hazards.Row r) {
        return of(r.hazard(), r.enterpriseName(), r.finderName(), r.responsibleName());
    }

    static HazardJson of(Hazard h, String enterpriseName, String finderName, String responsibleName,
                         List<HazardPhotos.Photo> photos, List<AuditRecord> history) {
        return new HazardJson(h.id(), h.enterpriseId(), enterpriseName, h.source().name(), h.source().label,
                h.level().name(), h.level().label, h.criterionCode(), h.criterionText(), h.majorReason(), h.type().name(),
                h.type().label, h.riskPointId(), h.title(), h.description(), h.location(), h.foundBy(), finderName,
                h.foundAt(), h.state().name(), h.state().label, h.rejectReason(), h.responsible(), responsibleName,
                h.measures(), h.funds(), h.deadline(), h.contingencyPlan(), h.overdue(), h.rectifiedBy(),
                h.rectifiedAt(), h.rectificationNote(), h.acceptedBy(), h.acceptedAt(), h.acceptanceOpinion(),
                h.extensionDeadline(), h.extensionReason(), h.supervised(), h.supervisionDocNo(), h.supervisionLevel(),
                h.supervisionDeadline(), h.closedAt(), h.repeatOf(), h.earlierInWindow(), h.allowedActions().stream().map(Enum::name).toList(),
                photos == null ? null : photos.stream().map(p -> new PhotoJson(p.id(), p.stage().name(), p.contentType(),
                        p.sizeBytes(), p.sha256(), p.uploadedBy(), p.uploadedAt(),
                        "/api/v1/hazards/" + h.id() + "/photos/" + p.id())).toList(),
                history == null ? null : history.stream().map(a -> new TimelineJson(a.occurredAt(), a.actor(), a.action(), a.summary())).toList(),
                h.updatedAt());
    }
}
