package cn.shuangkong.permit;

/**
 * Where a permit stands. {@link #EXPIRED} is never stored: an approved, started or suspended permit past its validity
 * reads as expired (ADR 0029), so that no sweep has to run before the rule holds.
 */
public enum PermitStatus {
    APPLIED("待审批"), APPROVED("已审批"), IN_PROGRESS("作业中"), SUSPENDED("作业中断"), COMPLETED("已完工验收"),
    CLOSED("已关闭"), CANCELLED("已取消"), EXPIRED("已过期");

    public final String label;

    PermitStatus(String label) {
        this.label = label;
    }

    public String getLabel() {
        return label;
    }

    /** Approved and not yet finished: the job may be under way (a regulator's live view counts these). */
    public boolean open() {
        return this == APPROVED || this == IN_PROGRESS || this == SUSPENDED;
    }
}
