package cn.shuangkong.exchange.internal;

import cn.shuangkong.hazard.Hazard;
import cn.shuangkong.hazard.HazardLevel;
import cn.shuangkong.hazard.Hazards;
import java.time.LocalTime;

/**
 * 隐患 → 隐患信息 (t_yhzlxx): states 0 整改中 / 1 待验收 / 9 已验收 (已销号). A hazard not yet in the loop (待确认) is not
 * reported; one rejected after it was reported is reported deleted.
 */
final class HazardMapper {

    private HazardMapper() { }

    /** Whether the hazard belongs in the upload at all. */
    static boolean reported(Hazard h) {
        return switch (h.state()) {
            case PENDING_CONFIRMATION, REJECTED -> false;
            default -> true;
        };
    }

    static ModelRecord map(Hazards.Row row, String pointCode, String photoBase64) {
        Hazard h = row.hazard();
        String state = switch (h.state()) {
            case RECTIFIED, AWAITING_REGULATOR, FIXED_ON_SPOT -> "1";
            case CLOSED -> "9";
            default -> "0";
        };
        String source = h.measureId() != null ? "9" : switch (h.source()) {
            case SELF_CHECK, SNAPSHOT -> "1";
            case THIRD_PARTY -> "8";
            default -> "10";
        };
        String classification = h.type() == null ? null : switch (h.type()) {
            case UNSAFE_ACT -> "1";
            case UNSAFE_CONDITION -> "2";
            case MANAGEMENT -> "3";
            case ENVIRONMENT -> null;
        };
        boolean onSpot = h.fixedOnSpot();
        String liable = onSpot ? h.rectifiedBy() : (row.responsibleName() != null ? row.responsibleName() : h.responsible());
        String deadline = onSpot ? ModelRecord.date(h.rectifiedAt())
                : h.deadline() == null ? null
                : ModelRecord.date(h.deadline().atTime(LocalTime.of(23, 59, 59)).atZone(cn.shuangkong.shared.PlatformTime.zone()).toInstant());
        return ModelRecord.of("hazard", h.id())
                .put("hazardCode", pointCode).put("dangerName", h.title())
                .put("dangerLevel", h.level() == HazardLevel.MAJOR ? "1" : "0")
                .put("registTime", ModelRecord.date(h.foundAt()))
                .put("registrant", row.finderName() != null ? row.finderName() : h.foundBy())
                .put("dangerSrc", source).put("dangerManageType", onSpot ? "0" : "1").put("hazardDangerType", "8")
                .put("dangerDesc", h.description() == null || h.description().isBlank() ? h.title() : h.description())
                .put("hazardCategory", "0").put("controlMeasures", h.measures()).put("cost", h.funds())
                .put("liablePerson", liable).put("dangerManageDeadline", deadline)
                .put("checkAcceptPerson", h.acceptedBy())
                .put("checkAcceptTime", ModelRecord.date(h.acceptedAt() != null ? h.acceptedAt() : h.closedAt()))
                .put("checkAcceptComment", h.acceptanceOpinion()).put("dangerState", state)
                .put("managementClassification", classification).put("attachments1", photoBase64)
                .put("createBy", h.foundBy()).put("createDate", ModelRecord.date(h.foundAt()))
                .link("measure", h.measureId(), "riskMeasureId")
                .build();
    }
}
