package cn.shuangkong.supervision.internal;

import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * An enterprise's supervision page read as one, so that the enterprise is resolved in the caller's scope once, here
 * (ADR 0076), before the reads that take its bare id: its rating and the rating's history, this year's planned
 * inspections and the grid patrols (for regulators only), and its 黑名单 listings.
 */
@Service
public class EnterpriseSupervision {

    /** What the page shows; {@code rating} is null until the enterprise is rated, {@code planned} and {@code patrols} null for a non-regulator. */
    public record Page(Enterprise enterprise, EnterpriseRatings.Rating rating, List<EnterpriseRatings.Change> history,
                       List<Map<String, Object>> planned, List<GridPatrols.Patrol> patrols, List<Credit.Entry> blacklist) { }

    private final Enterprises enterprises;
    private final EnterpriseRatings ratings;
    private final EnforcementPlans plans;
    private final GridPatrols patrols;
    private final Credit credit;

    EnterpriseSupervision(Enterprises enterprises, EnterpriseRatings ratings, EnforcementPlans plans, GridPatrols patrols, Credit credit) {
        this.enterprises = enterprises;
        this.ratings = ratings;
        this.plans = plans;
        this.patrols = patrols;
        this.credit = credit;
    }

    /** The page of an enterprise in the caller's scope, else a 404; {@code year} is the plans' year. */
    public Page of(Actor me, long enterpriseId, int year) {
        var e = enterprises.find(me.jurisdiction(), enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        boolean regulator = me.can("supervision:enforcement:read");
        return new Page(e, ratings.current(me.jurisdiction(), enterpriseId).orElse(null), ratings.history(enterpriseId),
                regulator ? plans.forEnterprise(enterpriseId, year) : null, regulator ? patrols.ofEnterprise(enterpriseId) : null,
                credit.ofEnterprise(enterpriseId));
    }
}
