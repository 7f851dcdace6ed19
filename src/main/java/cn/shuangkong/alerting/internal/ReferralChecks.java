package cn.shuangkong.alerting.internal;

import cn.shuangkong.alerting.internal.AlertRules.Rule;
import cn.shuangkong.referral.Referrals;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * 抄告逾期未反馈: the referrals past their deadline without an answer, read through {@link Referrals}. An alert closes
 * itself once its referral is answered (办结 or 退回), naming the answer; the subject carries the deadline, so a
 * referral given a new deadline is a new situation.
 */
@Component
class ReferralChecks implements RuleCheck {

    static final String RULE = "REFERRAL_OVERDUE";
    private static final String SUBJECT = "referral:";

    private final Referrals referrals;

    ReferralChecks(Referrals referrals) {
        this.referrals = referrals;
    }

    @Override
    public boolean handles(Rule rule) {
        return rule.category().equals("REFERRAL");
    }

    @Override
    public List<Finding> check(Rule rule) {
        return referrals.overdue().stream().map(r -> new Finding(r.enterpriseId(), SUBJECT + r.id() + ":" + r.deadline(),
                "抄告逾期未反馈：" + r.itemTitle(),
                List.of("企业：" + r.enterpriseName(),
                        "抄告：" + r.fromDepartmentName() + " → " + r.toDepartmentName() + "，" + Alerts.format(r.referredAt()),
                        "事项：" + r.itemTitle(),
                        "反馈期限：" + r.deadline() + "，当前：" + r.status().label()),
                "/referrals/" + r.id())).toList();
    }

    /** Of the open alerts, those whose referral has been answered, each with the answer in words. */
    @Override
    public Map<Long, String> clearedOf(Rule rule, List<Finding> findings, List<Alerts.OpenAlert> open) {
        Set<String> still = findings.stream().map(Finding::subjectKey).collect(Collectors.toSet());
        Map<Long, String> cleared = new LinkedHashMap<>();
        for (Alerts.OpenAlert a : open) {
            if (still.contains(a.subjectKey()) || !a.subjectKey().startsWith(SUBJECT)) continue;
            referrals.answerOf(referralOf(a.subjectKey())).ifPresent(fact -> cleared.put(a.id(), fact));
        }
        return cleared;
    }

    /** The open alerts of one referral that its answer clears, right after that answer commits. */
    Map<Long, String> recheck(long referralId, List<Alerts.OpenAlert> open) {
        Map<Long, String> cleared = new LinkedHashMap<>();
        for (Alerts.OpenAlert a : open) {
            if (a.subjectKey().startsWith(SUBJECT) && referralOf(a.subjectKey()) == referralId) {
                referrals.answerOf(referralId).ifPresent(fact -> cleared.put(a.id(), fact));
            }
        }
        return cleared;
    }

    private static long referralOf(String subject) {
        String rest = subject.substring(SUBJECT.length());
        int colon = rest.indexOf(':');
        return Long.parseLong(colon < 0 ? rest : rest.substring(0, colon));
    }
}
