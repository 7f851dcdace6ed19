package cn.shuangkong.hazard;

/** 隐患等级: 一般 or 重大 (重大 by a 判定标准 item or by a reasoned judgement). */
public enum HazardLevel {
    GENERAL("一般隐患"),
    MAJOR("重大隐患");

    public final String label;

    HazardLevel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
