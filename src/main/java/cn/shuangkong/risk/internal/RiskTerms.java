package cn.shuangkong.risk.internal;

/** The closed vocabularies of the register, each with the Chinese label users see. */
public final class RiskTerms {

    private RiskTerms() { }

    /** 风险点类型. */
    public enum PointKind {
        EQUIPMENT("设备设施"), ACTIVITY("作业活动"), AREA("场所区域"), PROCESS("工艺");
        public final String label;
        PointKind(String label) { this.label = label; }
        public String getLabel() { return label; }
    }

    /** 管控措施类型, in the order the national guidance lists them. */
    public enum MeasureType {
        ENGINEERING("工程技术"), MANAGEMENT("管理"), TRAINING("培训教育"), PPE("个体防护"), EMERGENCY("应急处置");
        public final String label;
        MeasureType(String label) { this.label = label; }
        public String getLabel() { return label; }
    }

    /** 排查周期单位; the inspection module turns a cycle into tasks. */
    public enum CycleUnit {
        HOUR("小时"), SHIFT("班"), DAY("天"), WEEK("周"), MONTH("月"), QUARTER("季度"), YEAR("年");
        public final String label;
        CycleUnit(String label) { this.label = label; }
        public String getLabel() { return label; }
    }

    /** 固有风险 (before controls) or 残余风险 (with the controls in place). */
    public enum Basis {
        INHERENT("固有风险"), RESIDUAL("残余风险");
        public final String label;
        Basis(String label) { this.label = label; }
        public String getLabel() { return label; }
    }

    /** Where a version stands in the 分析人 → 审核人 → 审定人 sign-off. */
    public enum SignOff {
        ANALYSED("待审核"), REVIEWED("待审定"), APPROVED("已生效");
        public final String label;
        SignOff(String label) { this.label = label; }
        public String getLabel() { return label; }
    }
}
