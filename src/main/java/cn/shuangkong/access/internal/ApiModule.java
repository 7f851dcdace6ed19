package cn.shuangkong.access.internal;

import java.util.Arrays;
import java.util.Optional;

/**
 * The modules whose APIs a token may be held to, named as their packages are ({@code cn.shuangkong.hazard.web} →
 * {@code hazard}), so that a new controller belongs to its module without a table of paths. {@code access} itself
 * (who am I, revoke this token) is open to every token.
 */
public enum ApiModule {
    ORGANIZATION("organization", "组织机构"), RISK("risk", "安全风险分级管控"), HAZARD("hazard", "隐患排查治理"),
    INSPECTION("inspection", "隐患排查任务"), MONITORING("monitoring", "重大危险源与监测"), EMERGENCY("emergency", "应急管理"),
    SUPERVISION("supervision", "政府监管"), ALERTING("alerting", "预警"), PUBLIC_REPORT("publicreport", "群众举报"),
    QUALITY("quality", "数据质量"), REGIONAL("regional", "区域风险"), ANALYTICS("analytics", "监管驾驶舱"),
    AUDIT("audit", "审计"), FILES("files", "文件"), TRAINING("training", "培训与持证"), WEBHOOKS("webhooks", "事件推送"),
    CONTRACTOR("contractor", "承包商管理");

    public final String code;
    public final String label;

    ApiModule(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Optional<ApiModule> byCode(String code) {
        return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst();
    }
}
