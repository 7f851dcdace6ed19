package cn.shuangkong.permit.web;

import cn.shuangkong.permit.internal.Permits;
import cn.shuangkong.shared.Actor;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The permits not yet finished at one risk point, for the point's page: the QR code on the 岗位风险告知卡 opens that
 * page, so the 监护人 and the workers reach the permit by scanning the point. Read by the risk page's template (the
 * risk module does not depend on this one).
 */
@Component("permitsAtPoint")
public class PermitsAtPoint {

    private final Permits permits;
    private final Clock clock;

    PermitsAtPoint(Permits permits, Clock clock) {
        this.permits = permits;
        this.clock = clock;
    }

    /** Applied, approved, under way or interrupted permits at the point, in the actor's scope; newest first. */
    public List<Permits.Permit> unfinished(Actor me, long riskPointId) {
        Instant now = clock.instant();
        return permits.list(me.jurisdiction(), Permits.Query.all()).stream()
                .filter(p -> p.riskPointId() == riskPointId)
                .filter(p -> p.statusAt(now).lapses())
                .toList();
    }
}
