package cn.shuangkong.hazard;

/** 隐患类型 by cause, the four families of GB/T 13861 and accident-causation practice. */
public enum HazardType {
    UNSAFE_ACT("人的不安全行为"),
    UNSAFE_CONDITION("物的不安全状态"),
    MANAGEMENT("管理缺陷"),
    ENVIRONMENT("环境因素");

    public final String label;

    HazardType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
