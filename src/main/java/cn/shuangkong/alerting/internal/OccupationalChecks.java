package cn.shuangkong.alerting.internal;

import cn.shuangkong.alerting.internal.AlertRules.Rule;
import cn.shuangkong.occupational.OccupationalTodos;
import cn.shuangkong.occupational.OccupationalTodos.Obligation;
import cn.shuangkong.occupational.OccupationalTodos.Todo;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * 职业健康监护's reminders as alerts (ADR 0081): 缺上岗前检查, 逾期 and 须调离 reach the enterprise's managers (and the
 * regulators over it) the way every other rule's findings do, and close themselves (自动解除) as soon as occupational's
 * to-dos no longer hold them — an exam recorded, the person moved or gone, the factor removed. The subject names the
 * person and the situation (the post, the due day, the exam), so that a new situation is a new alert. The enterprise's
 * obligations of 申报 and 检测 (ADR 0083) — 未申报, 须变更申报, 检测超标, 检测逾期 — are rules the same way, cleared by a
 * filing or a conforming result.
 */
@Component
class OccupationalChecks implements RuleCheck {

    /**
     * Rule code → the to-do it reminds of — a person's ({@code todo}) or the enterprise's obligation of 申报 and 检测
     * ({@code obligation}, ADR 0083) — with the words of its title and of what cleared it.
     */
    private record Kind(Todo todo, Obligation obligation, String title, String cleared) {
        Kind(Todo todo, String title, String cleared) {
            this(todo, null, title, cleared);
        }

        Kind(Obligation obligation, String title, String cleared) {
            this(null, obligation, title, cleared);
        }
    }

    private static final Map<String, Kind> RULES = Map.of(
            "OCCUPATIONAL_UNDECLARED", new Kind(Obligation.UNDECLARED, "职业病危害项目未申报", "已进行职业病危害项目申报，或已无登记的危害因素"),
            "OCCUPATIONAL_REDECLARE", new Kind(Obligation.REDECLARE, "职业病危害项目须变更申报",
                    "已按现状重新申报，或危害因素和接害人数已与最近一次申报相符"),
            "OCCUPATIONAL_DETECT_EXCEEDED", new Kind(Obligation.DETECTION_EXCEEDED, "职业病危害因素检测超标",
                    "此后的检测结果符合职业接触限值，或岗位已无该危害因素"),
            "OCCUPATIONAL_DETECT_OVERDUE", new Kind(Obligation.DETECTION_OVERDUE, "职业病危害因素检测逾期",
                    "已登记新的检测结果，或岗位已无该危害因素"),
            "OCCUPATIONAL_PRE_PLACEMENT", new Kind(Todo.MISSING_PRE_PLACEMENT, "缺上岗前职业健康检查",
                    "上岗前职业健康检查已涵盖所在岗位的危害因素，或人员已不在该岗位"),
            "OCCUPATIONAL_EXAM_OVERDUE", new Kind(Todo.OVERDUE, "在岗期间职业健康检查逾期",
                    "已进行职业健康检查，或人员已不再接触危害因素"),
            "OCCUPATIONAL_MUST_MOVE", new Kind(Todo.MUST_MOVE, "职业禁忌证人员未调离",
                    "人员已调离接触禁忌危害因素的岗位，或已有新的检查结论"));

    /** The changes after which an enterprise's occupational alerts are re-checked at once: exams, factors, intervals, moves. */
    private static final Set<String> SOURCES = Set.of("health_exam", "occupational_factor", "occupational_exam_interval",
            "occupational_declaration", "occupational_detection");
    private static final Set<String> PEOPLE = Set.of("员工调岗", "员工离职");

    private final OccupationalTodos todos;
    private final Clock clock;

    OccupationalChecks(OccupationalTodos todos, Clock clock) {
        this.todos = todos;
        this.clock = clock;
    }

    @Override
    public boolean handles(Rule rule) {
        return RULES.containsKey(rule.code());
    }

    /** Whether the change may clear an occupational alert of its enterprise. */
    static boolean follows(StateChanged change) {
        return change.enterpriseId() != null
                && (SOURCES.contains(change.entityType()) || change.entityType().equals("employee") && PEOPLE.contains(change.action()));
    }

    /** Every enterprise's to-dos of the rule's kind, as findings (a fixed number of statements, ADR 0081). */
    @Override
    public List<Finding> check(Rule rule) {
        return RULES.get(rule.code()).todo() != null ? findings(rule.code(), todos.in(Jurisdiction.platform()))
                : owed(rule.code(), todos.owedIn(Jurisdiction.platform()));
    }

    @Override
    public Map<Long, String> clearedOf(Rule rule, List<Finding> findings, List<Alerts.OpenAlert> open) {
        return cleared(rule.code(), findings, open);
    }

    /** Of the rule's open alerts, those no current finding holds, each with what cleared it. */
    Map<Long, String> cleared(String ruleCode, List<Finding> current, List<Alerts.OpenAlert> open) {
        Set<String> still = current.stream().map(Finding::subjectKey).collect(Collectors.toSet());
        Map<Long, String> cleared = new LinkedHashMap<>();
        String checked = Alerts.format(clock.instant()) + " 复核";
        String fact = RULES.get(ruleCode).cleared() + "（" + checked + "）";
        for (Alerts.OpenAlert a : open) {
            if (!still.contains(a.subjectKey())) cleared.put(a.id(), fact);
        }
        return cleared;
    }

    /**
     * Right after a change of one enterprise's exams, factors, intervals or people: of its open occupational alerts
     * (per rule, from {@code openOfTheEnterprise}), those that no longer hold, each with what cleared it; its to-dos are
     * read only when it has an open one.
     */
    Map<Long, String> recheck(long enterpriseId, Function<String, List<Alerts.OpenAlert>> openOfTheEnterprise) {
        Map<String, List<Alerts.OpenAlert>> open = new LinkedHashMap<>();
        for (String rule : RULES.keySet()) {
            var mine = openOfTheEnterprise.apply(rule);
            if (!mine.isEmpty()) open.put(rule, mine);
        }
        if (open.isEmpty()) return Map.of();
        boolean people = open.keySet().stream().anyMatch(r -> RULES.get(r).todo() != null);
        boolean obligations = open.keySet().stream().anyMatch(r -> RULES.get(r).obligation() != null);
        var now = people ? todos.of(enterpriseId) : List.<OccupationalTodos.Due>of();
        var owed = obligations ? todos.owedOf(enterpriseId) : List.<OccupationalTodos.Owed>of();
        Map<Long, String> cleared = new LinkedHashMap<>();
        open.forEach((rule, alerts) -> cleared.putAll(cleared(rule,
                RULES.get(rule).todo() != null ? findings(rule, now) : owed(rule, owed), alerts)));
        return cleared;
    }

    /** The enterprise's obligations of the rule's kind as findings; the subject names the situation (ADR 0083). */
    private static List<Finding> owed(String ruleCode, List<OccupationalTodos.Owed> owed) {
        Kind kind = RULES.get(ruleCode);
        List<Finding> out = new ArrayList<>();
        for (var o : owed) {
            if (o.what() != kind.obligation()) continue;
            List<String> evidence = new ArrayList<>(List.of("企业：" + o.enterpriseName(), o.about(), o.detail()));
            if (o.due() != null) evidence.add("期限：" + o.due());
            String anchor = o.what() == Obligation.UNDECLARED || o.what() == Obligation.REDECLARE ? "#declaration" : "#detections";
            out.add(new Finding(o.enterpriseId(), "occupational:" + o.enterpriseId() + ":" + o.situation(),
                    kind.title() + "：" + o.enterpriseName() + (o.what() == Obligation.UNDECLARED || o.what() == Obligation.REDECLARE ? ""
                            : "（" + o.about() + "）"), evidence, "/occupational/enterprises/" + o.enterpriseId() + anchor));
        }
        return out;
    }

    private static List<Finding> findings(String ruleCode, List<OccupationalTodos.Due> dues) {
        Kind kind = RULES.get(ruleCode);
        List<Finding> out = new ArrayList<>();
        for (var d : dues) {
            if (d.todo() != kind.todo()) continue;
            String post = d.postName() == null ? "无岗位" : d.postName();
            List<String> evidence = new ArrayList<>(List.of("企业：" + d.enterpriseName(), "人员：" + d.name() + "（" + post + "）", d.detail()));
            if (!d.factors().isEmpty()) evidence.add("危害因素：" + String.join("、", d.factors()));
            out.add(new Finding(d.enterpriseId(), "employee:" + d.employeeId() + ":" + d.situation(),
                    kind.title() + "：" + d.name() + "（" + post + "）", evidence, "/occupational/enterprises/" + d.enterpriseId() + "#todos"));
        }
        return out;
    }
}
