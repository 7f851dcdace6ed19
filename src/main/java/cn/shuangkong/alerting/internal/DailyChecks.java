package cn.shuangkong.alerting.internal;

import cn.shuangkong.alerting.internal.AlertRules.Rule;
import cn.shuangkong.hazard.HazardFacts;
import cn.shuangkong.hazard.HazardState;
import cn.shuangkong.inspection.InspectionFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.risk.DailyCommitments;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.risk.RiskFilings;
import cn.shuangkong.shared.Jurisdiction;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The everyday rules, each a query over what the owning modules publish (ADR 0041: the {@code HazardFacts},
 * {@code InspectionFacts}, {@code RiskFacts} and {@code OrganizationFacts} relations, and the risk module's Java API).
 * Each subject names the situation — a hazard with its deadline, an enterprise with the month (the day for 承诺公告),
 * a register with its content hash — so that a closed alert comes back only when the situation is a new one. Each rule
 * also says, for its open alerts, which no longer hold and what cleared them ({@link #clearedOf}).
 */
@Component
class DailyChecks implements RuleCheck {

    private static final Logger log = LoggerFactory.getLogger(DailyChecks.class);

    private final JdbcClient jdbc;
    private final RiskFilings filings;
    private final DailyCommitments commitments;
    private final Clock clock;
    /** Rule code → its query: the rules this family handles are exactly the keys. */
    private final Map<String, Function<Rule, List<Finding>>> queries;

    DailyChecks(JdbcClient jdbc, RiskFilings filings, DailyCommitments commitments, Clock clock) {
        this.jdbc = jdbc;
        this.filings = filings;
        this.commitments = commitments;
        this.clock = clock;
        this.queries = Map.of(
                "MAJOR_HAZARD_OVERDUE", rule -> overdueHazards("MAJOR"),
                "HAZARD_OVERDUE", rule -> overdueHazards("GENERAL"),
                "ZERO_REPORT", rule -> zeroReport(rule.windowOr(30), (long) rule.thresholdOr(1)),
                "RED_RISK_UNCONTROLLED", rule -> redRisksUncontrolled(),
                "TASK_COMPLETION_LOW", rule -> lowCompletion(rule.windowOr(30), rule.thresholdOr(80)),
                "REGISTER_NOT_FILED", rule -> unfiledRegisters(),
                "COMMITMENT_MISSING", rule -> missingCommitments((int) rule.thresholdOr(10)));
    }

    @Override
    public boolean handles(Rule rule) {
        return queries.containsKey(rule.code());
    }

    @Override
    public List<Finding> check(Rule rule) {
        return queries.get(rule.code()).apply(rule);
    }

    private record LateHazard(long id, long enterpriseId, String enterpriseName, String title, LocalDate deadline,
                              String responsible, String supervisionDocNo, Instant foundAt) { }

    private List<Finding> overdueHazards(String level) {
        LocalDate today = LocalDate.now(clock);
        return jdbc.sql("""
                select h.id, h.enterprise_id, e.name as enterprise_name, h.title, h.deadline,
                       coalesce(r.display_name, h.responsible) as responsible, h.supervision_doc_no, h.found_at
                  from (%s) h join %s e on e.id = h.enterprise_id
                  left join (%s) r on r.username = h.responsible
                 where h.level = :level and h.state = 'RECTIFYING' and h.deadline < :today
                 order by h.id
                """.formatted(HazardFacts.hazards(), Alerts.ENTERPRISES, cn.shuangkong.access.AccessFacts.accounts()))
                .param("level", level).param("today", today).query(LateHazard.class).list().stream()
                .map(h -> {
                    long days = ChronoUnit.DAYS.between(h.deadline(), today);
                    String kind = level.equals("MAJOR") ? "重大隐患" : "隐患";
                    List<String> evidence = new ArrayList<>(List.of(
                            "企业：" + h.enterpriseName(),
                            kind + " #" + h.id() + "：" + h.title(),
                            "发现时间：" + Alerts.format(h.foundAt()),
                            "整改期限：" + h.deadline() + "，已逾期 " + days + " 天",
                            "整改责任人：" + (h.responsible() == null ? "未指定" : h.responsible())));
                    if (h.supervisionDocNo() != null) evidence.add("挂牌督办：" + h.supervisionDocNo());
                    return new Finding(h.enterpriseId(), "hazard:" + h.id() + ":" + h.deadline(),
                            kind + "逾期未整改：" + h.title() + "（逾期 " + days + " 天）", evidence, "/hazards/" + h.id());
                }).toList();
    }

    private record TaskCount(long enterpriseId, String enterpriseName, long due, long done, Instant lastHazard) { }

    private List<TaskCount> taskCounts(Instant from, Instant to) {
        return jdbc.sql("""
                with e as not materialized %s
                select e.id as enterprise_id, e.name as enterprise_name, t.due, t.done, h.last_found_at as last_hazard
                  from (%s) t join e on e.id = t.enterprise_id left join (%s) h on h.enterprise_id = e.id
                 order by e.id
                """.formatted(Alerts.ENTERPRISES, InspectionFacts.dueBetween("e"), HazardFacts.perEnterprise("e")))
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).query(TaskCount.class).list();
    }

    private List<Finding> zeroReport(int days, long minTasks) {
        Instant now = clock.instant(), from = now.minus(Duration.ofDays(days));
        String period = YearMonth.now(clock).toString();
        return taskCounts(from, now).stream()
                .filter(c -> c.due() >= minTasks && (c.lastHazard() == null || c.lastHazard().isBefore(from)))
                .map(c -> new Finding(c.enterpriseId(), "enterprise:" + c.enterpriseId() + ":" + period,
                        c.enterpriseName() + " 近 " + days + " 天隐患零报告",
                        List.of("期间：" + Alerts.formatDay(from) + " 至 " + Alerts.formatDay(now),
                                "应排查任务 " + c.due() + " 项，已完成 " + c.done() + " 项",
                                "期间登记隐患 0 条",
                                "最近一次登记隐患：" + (c.lastHazard() == null ? "从未登记" : Alerts.format(c.lastHazard()))),
                        "/enterprises/" + c.enterpriseId()))
                .toList();
    }

    private List<Finding> lowCompletion(int days, double thresholdPercent) {
        Instant now = clock.instant(), from = now.minus(Duration.ofDays(days));
        String period = YearMonth.now(clock).toString();
        return taskCounts(from, now).stream()
                .filter(c -> c.due() > 0 && c.done() * 100.0 / c.due() < thresholdPercent)
                .map(c -> {
                    double rate = Math.round(c.done() * 1000.0 / c.due()) / 10.0;
                    return new Finding(c.enterpriseId(), "enterprise:" + c.enterpriseId() + ":" + period,
                            c.enterpriseName() + " 排查任务完成率 " + rate + "%",
                            List.of("期间：" + Alerts.formatDay(from) + " 至 " + Alerts.formatDay(now),
                                    "到期任务 " + c.due() + " 项，完成 " + c.done() + " 项，未完成 " + (c.due() - c.done()) + " 项",
                                    "完成率 " + rate + "%，低于阈值 " + trim(thresholdPercent) + "%"),
                            "/inspection/tasks");
                }).toList();
    }

    private record RedPoint(long id, long enterpriseId, String enterpriseName, String code, String name, long measures,
                            String reassessmentReason, Instant reassessmentFlaggedAt) { }

    private List<Finding> redRisksUncontrolled() {
        return jdbc.sql("""
                select p.id, p.enterprise_id, e.name as enterprise_name, p.code, p.name, p.measures,
                       p.reassessment_reason, p.reassessment_flagged_at
                  from (%s) p join %s e on e.id = p.enterprise_id
                 where p.level = 1 and (p.measures = 0 or p.reassessment_reason like '管控措施失效%%')
                 order by p.id
                """.formatted(RiskFacts.points(), Alerts.ENTERPRISES)).query(RedPoint.class).list().stream()
                .map(p -> {
                    List<String> evidence = new ArrayList<>(List.of("企业：" + p.enterpriseName(),
                            "风险点：" + p.code() + " " + p.name() + "（重大风险）", "管控措施 " + p.measures() + " 项"));
                    if (p.reassessmentReason() != null) {
                        evidence.add("待重新评价：" + p.reassessmentReason() + "（" + Alerts.format(p.reassessmentFlaggedAt()) + "）");
                    }
                    return new Finding(p.enterpriseId(), "risk_point:" + p.id() + ":"
                            + (p.reassessmentFlaggedAt() == null ? "no-measure" : p.reassessmentFlaggedAt().getEpochSecond()),
                            "重大风险" + (p.measures() == 0 ? "无管控措施" : "管控措施失效") + "：" + p.code() + " " + p.name(),
                            evidence, "/risks/" + p.id());
                }).toList();
    }

    private record Registered(long id, String name) { }

    private List<Finding> unfiledRegisters() {
        List<Finding> found = new ArrayList<>();
        for (Registered e : jdbc.sql("""
                select e.id, e.name from %s e
                 where e.status = 'OPERATING' and exists (select 1 from (%s) p where p.enterprise_id = e.id) order by e.id
                """.formatted(Alerts.ENTERPRISES, RiskFacts.points())).query(Registered.class).list()) {
            RiskFilings.Standing s = filings.standing(e.id());
            String why;
            if (s.latest().isEmpty()) why = "风险清单从未备案";
            else if (s.latest().get().status().equals("RETURNED")) why = "备案已被退回，尚未重新备案";
            else if (s.changedSinceFiling()) why = "风险清单备案后有变更，未重新备案";
            else continue;
            List<String> evidence = new ArrayList<>(List.of("企业：" + e.name(), why));
            s.latest().ifPresent(f -> evidence.add("最近备案：第 " + f.version() + " 版，" + f.signerName() + " 签署于 "
                    + Alerts.format(f.signedAt()) + "（" + f.statusLabel() + "）"
                    + (f.returnComment() == null ? "" : "，退回意见：" + f.returnComment())));
            // The subject names the standing and the filing it is about, not the register's content: edits while the
            // alert is open keep the one alert, and a change after the next filing is a new one.
            String standing = s.latest().map(f -> (f.status().equals("RETURNED") ? "returned:v" : "changed:v") + f.version()).orElse("never");
            found.add(new Finding(e.id(), "enterprise:" + e.id() + ":" + standing,
                    e.name() + " " + why, evidence, "/risks/filings"));
        }
        return found;
    }

    private List<Finding> missingCommitments(int deadlineHour) {
        LocalDate today = commitments.today();
        if (LocalTime.now(clock).getHour() < deadlineHour) return List.of();
        return commitments.standings(Jurisdiction.platform(), today).stream().filter(s -> !s.published())
                .map(s -> new Finding(s.enterpriseId(), "enterprise:" + s.enterpriseId() + ":" + today,
                        s.enterpriseName() + " " + today + " 未发布安全承诺公告",
                        List.of("企业：" + s.enterpriseName() + "（" + s.regionName() + "）",
                                "日期：" + today + "，截止 " + deadlineHour + ":00 仍未签署发布安全风险研判与承诺公告"),
                        "/risks/commitments/" + s.enterpriseId() + "?day=" + today))
                .toList();
    }

    /**
     * Of the rule's open alerts, those whose condition has cleared, each with the fact that cleared it. Rules about a
     * record (a hazard, a risk point) compare the exact subject with this run's findings; rules about an enterprise over
     * a period compare the enterprise, since the period in the subject moves on while the condition may not; 承诺公告
     * is asked about its own day, which this run (looking at today) does not see.
     */
    @Override
    public Map<Long, String> clearedOf(Rule rule, List<Finding> current, List<Alerts.OpenAlert> open) {
        Set<String> subjects = current.stream().map(Finding::subjectKey).collect(Collectors.toSet());
        Set<Long> enterprises = current.stream().map(Finding::enterpriseId).collect(Collectors.toSet());
        Map<Long, String> cleared = new LinkedHashMap<>();
        for (Alerts.OpenAlert a : open) {
            try {
                factOf(rule, a, subjects, enterprises).ifPresent(f -> cleared.put(a.id(), f));
            } catch (RuntimeException e) { // one odd subject must not keep the rule's other alerts open
                log.warn("Alert {} of rule {} could not be re-checked: {}", a.id(), rule.code(), e.toString());
            }
        }
        return cleared;
    }

    /** Right after an enterprise's own change (or a hazard's deadline moved): which of its open alerts of the rule no longer hold. */
    Map<Long, String> recheck(String ruleCode, List<Alerts.OpenAlert> open) {
        Map<Long, String> cleared = new LinkedHashMap<>();
        for (Alerts.OpenAlert a : open) {
            Optional<String> fact = switch (ruleCode) {
                case "REGISTER_NOT_FILED" -> filedAsItStands(a.enterpriseId()) ? Optional.of(registerFiled(a)) : Optional.empty();
                case "COMMITMENT_MISSING" -> commitmentPublished(a);
                case "MAJOR_HAZARD_OVERDUE", "HAZARD_OVERDUE" -> hazardNoLongerOverdue(a);
                default -> Optional.empty();
            };
            fact.ifPresent(f -> cleared.put(a.id(), f));
        }
        return cleared;
    }

    private boolean filedAsItStands(long enterpriseId) {
        RiskFilings.Standing s = filings.standing(enterpriseId);
        return s.latest().isPresent() && !s.latest().get().status().equals("RETURNED") && !s.changedSinceFiling();
    }

    private Optional<String> factOf(Rule rule, Alerts.OpenAlert a, Set<String> subjects, Set<Long> enterprises) {
        boolean subjectStill = subjects.contains(a.subjectKey()), enterpriseStill = enterprises.contains(a.enterpriseId());
        return switch (rule.code()) {
            case "MAJOR_HAZARD_OVERDUE", "HAZARD_OVERDUE" -> subjectStill ? Optional.empty() : hazardNoLongerOverdue(a);
            case "RED_RISK_UNCONTROLLED" -> subjectStill ? Optional.empty() : redRiskControlled(a);
            case "ZERO_REPORT" -> enterpriseStill ? Optional.empty()
                    : Optional.of(hazardReported(a, rule.windowOr(30), (long) rule.thresholdOr(1)));
            case "TASK_COMPLETION_LOW" -> enterpriseStill ? Optional.empty()
                    : Optional.of(completionRecovered(a, rule.windowOr(30), rule.thresholdOr(80)));
            case "REGISTER_NOT_FILED" -> enterpriseStill ? Optional.empty() : Optional.of(registerFiled(a));
            case "COMMITMENT_MISSING" -> commitmentPublished(a);
            default -> Optional.empty();
        };
    }

    private record HazardNow(String state, LocalDate deadline, Instant rectifiedAt, Instant acceptedAt, Instant closedAt) { }

    /** Subject {@code hazard:ID:DEADLINE}: rectified (or further on), or its deadline moved. */
    private Optional<String> hazardNoLongerOverdue(Alerts.OpenAlert a) {
        String[] key = a.subjectKey().split(":");
        Optional<HazardNow> found = jdbc.sql("select h.state, h.deadline, h.rectified_at, h.accepted_at, h.closed_at from ("
                        + HazardFacts.hazards() + ") h where h.id = :id").param("id", Long.parseLong(key[1])).query(HazardNow.class).optional();
        if (found.isEmpty()) return Optional.of("隐患记录已不存在（" + checkedNow() + "）");
        HazardNow h = found.get();
        if (!h.state().equals("RECTIFYING")) {
            Instant at = h.closedAt() != null ? h.closedAt() : h.acceptedAt() != null ? h.acceptedAt() : h.rectifiedAt();
            String state = HazardState.valueOf(h.state()).label;
            return Optional.of(at == null ? "隐患已不在整改中（当前状态：" + state + "，" + checkedNow() + "）"
                    : "隐患已于 " + Alerts.format(at) + " " + (h.closedAt() != null ? "销号" : h.acceptedAt() != null ? "验收" : "整改完成")
                      + "（当前状态：" + state + "）");
        }
        if (h.deadline() != null && !h.deadline().toString().equals(key[2])) {
            return Optional.of("整改期限已由 " + key[2] + " 调整为 " + h.deadline() + "（" + checkedNow() + "）");
        }
        return Optional.empty(); // still rectifying with the same deadline: not overdue only if the clock went back; leave it
    }

    private record PointNow(Integer level, long measures, String reassessmentReason, Instant reassessmentFlaggedAt) { }

    /** Subject {@code risk_point:ID:FLAG}: no longer red, or measures in place and no failed-measure flag. */
    private Optional<String> redRiskControlled(Alerts.OpenAlert a) {
        long id = Long.parseLong(a.subjectKey().split(":")[1]);
        Optional<PointNow> found = jdbc.sql("""
                select p.level, p.measures, p.reassessment_reason, p.reassessment_flagged_at from (%s) p where p.id = :id
                """.formatted(RiskFacts.points())).param("id", id).query(PointNow.class).optional();
        if (found.isEmpty()) return Optional.of("风险点已删除（" + checkedNow() + "）");
        PointNow p = found.get();
        if (p.level() == null || p.level() != 1) {
            return Optional.of("风险点已重新评价为" + (p.level() == null ? "未评价" : RiskLevel.ofNullable(p.level()).label) + "（" + checkedNow() + "）");
        }
        if (p.reassessmentReason() != null && p.reassessmentReason().startsWith("管控措施失效")) {
            return Optional.of("该风险点于 " + Alerts.format(p.reassessmentFlaggedAt()) + " 再次标记措施失效，由新的预警跟踪");
        }
        return Optional.of("已有管控措施 " + p.measures() + " 项，无失效标记（" + checkedNow() + "）");
    }

    private String hazardReported(Alerts.OpenAlert a, int days, long minTasks) {
        var f = Jurisdiction.enterprise(a.enterpriseId(), "").enterpriseFilter("e");
        Instant last = jdbc.sql("with e as (%s) select h.last_found_at from (%s) h".formatted(OrganizationFacts.enterprises(f),
                        HazardFacts.perEnterprise("e"))).params(f.params())
                .query(Timestamp.class).optional().map(Timestamp::toInstant).orElse(null);
        if (last != null && last.isAfter(clock.instant().minus(Duration.ofDays(days)))) {
            return "企业已于 " + Alerts.format(last) + " 登记隐患";
        }
        return "近 " + days + " 天到期排查任务已不足 " + minTasks + " 项（" + checkedNow() + "）";
    }

    private String completionRecovered(Alerts.OpenAlert a, int days, double thresholdPercent) {
        Instant now = clock.instant();
        return taskCounts(now.minus(Duration.ofDays(days)), now).stream().filter(c -> c.enterpriseId() == a.enterpriseId()).findFirst()
                .map(c -> "近 " + days + " 天排查任务完成率已达 " + Math.round(c.done() * 1000.0 / c.due()) / 10.0 + "%，不低于阈值 "
                        + trim(thresholdPercent) + "%（" + checkedNow() + "）")
                .orElse("近 " + days + " 天无到期排查任务（" + checkedNow() + "）");
    }

    private String registerFiled(Alerts.OpenAlert a) {
        RiskFilings.Standing s = filings.standing(a.enterpriseId());
        return s.latest().filter(f -> !f.status().equals("RETURNED") && !s.changedSinceFiling())
                .map(f -> "风险清单已于 " + Alerts.format(f.signedAt()) + " 备案（第 " + f.version() + " 版，" + f.signerName() + " 签署）")
                .orElse("企业已无待备案的风险清单（" + checkedNow() + "）");
    }

    /** Subject {@code enterprise:ID:DAY}: that day's 承诺公告 published after all (late). */
    private Optional<String> commitmentPublished(Alerts.OpenAlert a) {
        String[] key = a.subjectKey().split(":");
        return commitments.of(a.enterpriseId(), LocalDate.parse(key[2]))
                .map(c -> key[2] + " 的安全承诺公告已于 " + Alerts.format(c.signedAt()) + " 由 " + c.signerName() + " 签署发布");
    }

    private String checkedNow() {
        return Alerts.format(clock.instant()) + " 复核";
    }

    static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
