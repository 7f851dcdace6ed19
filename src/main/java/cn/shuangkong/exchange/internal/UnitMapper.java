package cn.shuangkong.exchange.internal;

import cn.shuangkong.risk.RiskPoints;

/** 风险分析单元 → 风险分析单元 (t_aqfxfxdy); it names its 风险分析对象 by code, as the model does. */
final class UnitMapper {

    private UnitMapper() { }

    static ModelRecord map(RiskPoints.Point p, RiskPoints.Unit u) {
        return ModelRecord.of("unit", u.id())
                .put("hazardCode", p.code()).put("riskUnitName", u.name()).put("hazardDep", u.responsibleUnitName())
                .put("hazardLiablePerson", u.responsibleName()).put("riskClass", ModelRecord.level(u.level()))
                .link("object", p.id(), null)
                .build();
    }
}
