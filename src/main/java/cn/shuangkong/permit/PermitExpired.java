package cn.shuangkong.permit;

import cn.shuangkong.permit.internal.PermitKind;
import cn.shuangkong.permit.internal.PermitStatus;
import java.time.Instant;

/**
 * Published in the transaction that records a permit's expiry (ADR 0043), for whoever follows permits (alerts, the
 * 大屏, the daily commitment's checks). {@code expiredAt} is the moment its validity ended; {@code was} the status it
 * had then ({@code IN_PROGRESS} or {@code SUSPENDED}: work had begun and must stop).
 */
public record PermitExpired(long permitId, long enterpriseId, String number, PermitKind kind, String level, Instant expiredAt,
                            PermitStatus was) {

    /** The work had started: the site still has to be accepted and the permit closed. */
    public boolean workStarted() {
        return was == PermitStatus.IN_PROGRESS || was == PermitStatus.SUSPENDED;
    }
}
