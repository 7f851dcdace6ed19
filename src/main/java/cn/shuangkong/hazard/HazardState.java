package cn.shuangkong.hazard;

/** Where a hazard stands in its closed loop; {@link Hazard} alone moves it from one state to the next. */
public enum HazardState {
    PENDING_CONFIRMATION("待确认"),
    REJECTED("已驳回"),
    REGISTERED("已登记"),
    FIXED_ON_SPOT("即查即改待确认"),
    RECTIFYING("整改中"),
    RECTIFIED("整改完成待验收"),
    AWAITING_REGULATOR("待监管部门销号"),
    CLOSED("已销号");

    public final String label;

    HazardState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Still needs someone's work: everything but the two ends of the loop. */
    public boolean open() {
        return this != REJECTED && this != CLOSED;
    }
}
