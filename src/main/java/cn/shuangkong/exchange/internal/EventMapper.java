package cn.shuangkong.exchange.internal;

import cn.shuangkong.risk.RiskPoints;

/** 风险事件 → 风险事件 (t_aqfxsj). */
final class EventMapper {

    private EventMapper() { }

    static ModelRecord map(RiskPoints.Event e) {
        var level = e.currentLevel();
        return ModelRecord.of("event", e.id())
                .put("riskEventName", e.name()).put("riskClass", level == null ? null : String.valueOf(level.grade))
                .link("unit", e.riskUnitId(), "riskUnitId")
                .build();
    }
}
