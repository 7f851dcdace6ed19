package cn.shuangkong.hazard;

/** Where a hazard was found; 随手拍 reports wait for the safety manager's confirmation before entering the loop. */
public enum HazardSource {
    SELF_CHECK("企业自查"),
    SNAPSHOT("随手拍"),
    ENFORCEMENT("执法检查"),
    GRID_PATROL("网格巡查"),
    THIRD_PARTY("第三方排查"),
    PUBLIC_REPORT("举报核查"),
    MONITORING("在线监测");

    public final String label;

    HazardSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
