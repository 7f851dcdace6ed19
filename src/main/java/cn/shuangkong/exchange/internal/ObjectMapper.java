package cn.shuangkong.exchange.internal;

import cn.shuangkong.risk.RiskPoints;

/** 风险点 → 风险分析对象. */
final class ObjectMapper {

    private ObjectMapper() { }

    static ModelRecord map(RiskPoints.Point p) {
        return ModelRecord.of("object", p.id())
                .put("hazardCode", p.code()).put("riskAnalysisObjectName", p.name())
                .put("riskAnalysisObjectType", p.kindLabel()).put("riskClass", ModelRecord.level(p.level()))
                .build();
    }
}
