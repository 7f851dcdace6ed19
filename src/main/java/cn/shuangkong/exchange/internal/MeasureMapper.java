package cn.shuangkong.exchange.internal;

import cn.shuangkong.risk.RiskPoints;

/** 管控措施 → 管控措施 (t_aqfxgkcs); classes from the measure's type, as model.tsv says. */
final class MeasureMapper {

    private MeasureMapper() { }

    static ModelRecord map(RiskPoints.Measure m) {
        String[] classes = switch (m.type()) {
            case "ENGINEERING" -> new String[] {"1", "1-5"};
            case "MANAGEMENT" -> new String[] {"3", "3-2"};
            case "TRAINING" -> new String[] {"3", "3-1"};
            case "PPE" -> new String[] {"4", "4-2"};
            case "EMERGENCY" -> new String[] {"4", "4-1"};
            default -> new String[] {null, null};
        };
        // The model gives a measure one event; a platform measure serving several is sent under its first.
        Long event = m.eventIds().isEmpty() ? null : m.eventIds().get(0);
        return ModelRecord.of("measure", m.id())
                .put("dataSrc", "2").put("riskMeasureDesc", m.description())
                .put("classify1", classes[0]).put("classify2", classes[1]).put("classify3", m.typeLabel())
                .put("troubleshootContent", m.checkContent())
                .link("event", event, "riskEventId")
                .build();
    }
}
