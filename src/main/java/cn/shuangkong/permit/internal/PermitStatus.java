package cn.shuangkong.permit.internal;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where a permit stands. A permit that {@link #lapses()} becomes {@link #EXPIRED} when its validity ends: the expiry
 * sweep stores it at that moment (ADR 0043), and until the sweep has run a reader sees it expired all the same
 * ({@link Permits.Permit#statusAt}).
 */
public enum PermitStatus {
    APPLIED("待审批"), APPROVED("已审批"), IN_PROGRESS("作业中"), SUSPENDED("作业中断"), COMPLETED("已完工验收"),
    CLOSED("已关闭"), CANCELLED("已取消"), EXPIRED("已过期");

    /** The stored statuses that end in {@link #EXPIRED} once the validity has passed, as SQL: {@code 'APPLIED', …}. */
    static final String LAPSING_SQL = Arrays.stream(values()).filter(PermitStatus::lapses)
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));

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

    /**
     * Not yet finished, so that the end of the validity ends it: an application never approved in its window can no
     * longer be, and approved work may no longer start or go on.
     */
    public boolean lapses() {
        return this == APPLIED || open();
    }
}
