package cn.shuangkong.alerting.internal;

import cn.shuangkong.access.AccessFacts;
import cn.shuangkong.hazard.HazardFacts;
import cn.shuangkong.inspection.DutyTasks;
import cn.shuangkong.inspection.InspectionFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.ReadsMayLag;
import cn.shuangkong.shared.Rows;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * 运行效果评估, E = (A + B) × α: A scores task completion, B scores hazard rectification, α (at most 1) takes off for
 * open alerts that say the figures cannot be trusted (零报告, 走过场, 重大隐患逾期). Per enterprise, and per 包保 person
 * (主要负责人 / 技术负责人 / 操作负责人), whose A is how many of their due inspection rounds of their major hazard
 * source they actually did. The weights, period and deductions are configuration ({@link EvaluationProperties}).
 */
@Service
@EnableConfigurationProperties(EvaluationProperties.class)
public class OperationEvaluation {

    /** The parts of one score. */
    public record Score(BigDecimal a, BigDecimal b, BigDecimal alpha, BigDecimal e) {
        /** E = (A + B) × α, each part rounded to one decimal as shown. */
        static Score of(double a, double b, double alpha) {
            return new Score(round(a), round(b), BigDecimal.valueOf(alpha).setScale(2, RoundingMode.HALF_UP), round((a + b) * alpha));
        }
    }

    /** An enterprise's figures and score, with why α is below 1. */
    public record EnterpriseScore(int rank, long enterpriseId, String enterpriseName, String regionName, long tasksDue,
                                  long tasksDone, long hazards, long rectified, List<String> alphaReasons, Score score) { }

    /** A 包保 person in one role, over the major hazard sources they answer for. */
    public record GuarantorScore(int rank, long employeeId, String name, String role, long enterpriseId, String enterpriseName,
                                 String points, long roundsDue, long roundsDone, long hazards, long rectified, Score score) {
        public String roleLabel() {
            return OperationEvaluation.roleLabel(role);
        }
    }

    private final JdbcClient jdbc;
    private final EvaluationProperties props;
    private final Clock clock;
    private final DutyTasks duties;

    OperationEvaluation(JdbcClient jdbc, EvaluationProperties props, Clock clock, DutyTasks duties) {
        this.duties = duties;
        this.jdbc = jdbc;
        this.props = props;
        this.clock = clock;
    }

    public EvaluationProperties settings() {
        return props;
    }

    /** A = taskPoints × done ÷ due (0 when nothing fell due); B = rectificationPoints × rectified ÷ found (full when none). */
    public Score score(long due, long done, long hazards, long rectified, double alpha) {
        double a = due == 0 ? 0 : props.taskPoints().doubleValue() * done / due;
        double b = hazards == 0 ? props.rectificationPoints().doubleValue() : props.rectificationPoints().doubleValue() * rectified / hazards;
        return Score.of(a, b, alpha);
    }

    private record Figures(long enterpriseId, String enterpriseName, String regionName, long tasksDue, long tasksDone,
                           long hazards, long rectified) { }

    /** Enterprises with a risk register in scope, best first; those with no task due in the period last, with rank 0. */
    @ReadsMayLag
    public List<EnterpriseScore> enterprises(Jurisdiction scope) {
        Instant now = clock.instant(), from = now.minus(Duration.ofDays(props.periodDays()));
        var f = scope.enterpriseFilter("e");
        List<Figures> figures = jdbc.sql("""
                with e as (%s)
                select e.id as enterprise_id, e.name as enterprise_name, rg.name as region_name,
                       coalesce(t.due, 0) as tasks_due, coalesce(t.done, 0) as tasks_done,
                       (select count(*) from (%s) h where h.enterprise_id = e.id and h.found_at >= :from and h.confirmed) as hazards,
                       (select count(*) from (%2$s) h where h.enterprise_id = e.id and h.found_at >= :from and h.rectified) as rectified
                  from e join (%s) rg on rg.code = e.region_code left join (%s) t on t.enterprise_id = e.id
                 where e.status = 'OPERATING' and exists (select 1 from (%s) p where p.enterprise_id = e.id)
                """.formatted(OrganizationFacts.enterprises(f), HazardFacts.hazards(), OrganizationFacts.regions(),
                        InspectionFacts.dueBetween("e"), RiskFacts.points()))
                .params(f.params()).param("from", Timestamp.from(from)).param("to", Timestamp.from(now))
                .query(Figures.class).list();
        Map<Long, List<String>> reasons = new HashMap<>();
        Map<Long, Double> alphas = alphas(reasons);
        List<EnterpriseScore> rows = new ArrayList<>();
        for (Figures x : figures) {
            double alpha = alphas.getOrDefault(x.enterpriseId(), 1.0);
            rows.add(new EnterpriseScore(0, x.enterpriseId(), x.enterpriseName(), x.regionName(), x.tasksDue(), x.tasksDone(),
                    x.hazards(), x.rectified(), reasons.getOrDefault(x.enterpriseId(), List.of()),
                    score(x.tasksDue(), x.tasksDone(), x.hazards(), x.rectified(), alpha)));
        }
        // An enterprise none of whose tasks fell due in the period has nothing to be scored on: listed last, unranked (0).
        rows.sort(Comparator.comparing((EnterpriseScore r) -> r.tasksDue() > 0).reversed()
                .thenComparing(Comparator.comparing((EnterpriseScore r) -> r.score().e()).reversed())
                .thenComparing(EnterpriseScore::enterpriseName));
        List<EnterpriseScore> ranked = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            EnterpriseScore r = rows.get(i);
            ranked.add(new EnterpriseScore(r.tasksDue() > 0 ? i + 1 : 0, r.enterpriseId(), r.enterpriseName(), r.regionName(), r.tasksDue(), r.tasksDone(),
                    r.hazards(), r.rectified(), r.alphaReasons(), r.score()));
        }
        return ranked;
    }

    /**
     * The 包保责任人's own tasks (their 任务清单) by role over the period — due, done on time, overdue — counted apart
     * from the enterprises' inspection tasks, as the national model types them.
     */
    @ReadsMayLag
    public List<DutyTasks.RoleFigures> dutyTasks(Jurisdiction scope) {
        Instant now = clock.instant();
        return duties.byRole(scope, now.minus(Duration.ofDays(props.periodDays())), now);
    }

    /** α per enterprise from its open alerts; {@code reasons} receives the words that explain each deduction. */
    private Map<Long, Double> alphas(Map<Long, List<String>> reasons) {
        Map<Long, Double> alphas = new HashMap<>();
        record Open(long enterpriseId, String ruleCode, String ruleName, long n) { }
        for (Open o : jdbc.sql("""
                select a.enterprise_id, a.rule_code, r.name as rule_name, count(*) as n from alert a join alert_rule r on r.code = a.rule_code
                 where a.status <> 'CLOSED' group by a.enterprise_id, a.rule_code, r.name order by a.rule_code
                """).query(Open.class).list()) {
            BigDecimal each = props.alphaDeductions().get(o.ruleCode());
            if (each == null || each.signum() == 0) continue;
            BigDecimal off = each.multiply(BigDecimal.valueOf(o.n()));
            alphas.merge(o.enterpriseId(), 1.0 - off.doubleValue(), (x, y) -> x - off.doubleValue());
            reasons.computeIfAbsent(o.enterpriseId(), k -> new ArrayList<>())
                    .add(o.ruleName() + " " + o.n() + " 条 −" + off.stripTrailingZeros().toPlainString());
        }
        double floor = props.alphaFloor().doubleValue();
        alphas.replaceAll((k, v) -> Math.max(floor, v));
        return alphas;
    }

    private record Duty(long pointId, String pointName, long enterpriseId, String enterpriseName, String role, long employeeId,
                        String name) { }

    /** A point's hazards since the window opened: how many were confirmed, how many rectified. */
    private record Found(long confirmed, long rectified) { }

    private static final RowMapper<Found> FOUND = Rows.of(Found.class);

    /** 包保 persons of the major hazard sources in scope, best first. */
    @ReadsMayLag
    public List<GuarantorScore> guarantors(Jurisdiction scope) {
        Instant now = clock.instant();
        var f = scope.enterpriseFilter("e");
        List<Duty> duties = jdbc.sql("""
                with e as (%s)
                select p.id as point_id, p.code || ' ' || p.name as point_name, p.enterprise_id, e.name as enterprise_name,
                       g.role, g.employee_id, em.name
                  from (%s) p join e on e.id = p.enterprise_id
                  cross join lateral (values ('PRINCIPAL', p.guarantor_principal_id), ('TECHNICAL', p.guarantor_technical_id),
                                             ('OPERATOR', p.guarantor_operator_id)) as g(role, employee_id)
                  join (%s) em on em.id = g.employee_id
                 order by p.enterprise_id, g.employee_id, g.role, p.id
                """.formatted(OrganizationFacts.enterprises(f), RiskFacts.points(), OrganizationFacts.employees()))
                .params(f.params()).query(Duty.class).list();
        Map<Long, List<String>> ignored = new HashMap<>();
        Map<Long, Double> alphas = alphas(ignored);
        record Key(long employeeId, String role) { }
        Map<Key, long[]> sums = new LinkedHashMap<>();    // rounds due, rounds done, hazards, rectified
        Map<Key, List<String>> points = new LinkedHashMap<>();
        Map<Key, Duty> who = new LinkedHashMap<>();
        for (Duty d : duties) {
            int every = props.guarantorDays().getOrDefault(d.role(), 30);
            int span = Math.max(props.periodDays(), every);
            Instant from = now.minus(Duration.ofDays(span));
            long due = (span + every - 1) / every;
            Set<Long> rounds = new HashSet<>();
            for (Instant at : jdbc.sql("""
                    select r.submitted_at from (%s) r join (%s) u on u.username = r.inspector
                     where r.risk_point_id = :p and r.submitted_at >= :from and r.submitted_at <= :now
                       and (u.employee_id = :emp or (u.enterprise_id = :ent and u.display_name like :name))
                    """.formatted(InspectionFacts.records(), AccessFacts.accounts())).param("p", d.pointId()).param("from", Timestamp.from(from)).param("now", Timestamp.from(now))
                    .param("emp", d.employeeId()).param("ent", d.enterpriseId()).param("name", d.name() + "%")
                    .query(Instant.class).list()) {
                rounds.add(Math.min(due - 1, Duration.between(from, at).toDays() / every));
            }
            Found h = jdbc.sql("""
                    select count(*) filter (where h.confirmed) as confirmed, count(*) filter (where h.rectified) as rectified
                      from (%s) h where h.risk_point_id = :p and h.found_at >= :from
                    """.formatted(HazardFacts.hazards())).param("p", d.pointId()).param("from", Timestamp.from(from))
                    .query(FOUND).single();
            Key k = new Key(d.employeeId(), d.role());
            long[] s = sums.computeIfAbsent(k, x -> new long[4]);
            s[0] += due;
            s[1] += rounds.size();
            s[2] += h.confirmed();
            s[3] += h.rectified();
            points.computeIfAbsent(k, x -> new ArrayList<>()).add(d.pointName());
            who.putIfAbsent(k, d);
        }
        List<GuarantorScore> rows = new ArrayList<>();
        sums.forEach((k, s) -> {
            Duty d = who.get(k);
            rows.add(new GuarantorScore(0, k.employeeId(), d.name(), k.role(), d.enterpriseId(), d.enterpriseName(),
                    String.join("、", points.get(k)), s[0], s[1], s[2], s[3],
                    score(s[0], s[1], s[2], s[3], alphas.getOrDefault(d.enterpriseId(), 1.0))));
        });
        rows.sort(Comparator.comparing((GuarantorScore r) -> r.score().e()).reversed().thenComparing(GuarantorScore::name));
        List<GuarantorScore> ranked = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            GuarantorScore r = rows.get(i);
            ranked.add(new GuarantorScore(i + 1, r.employeeId(), r.name(), r.role(), r.enterpriseId(), r.enterpriseName(), r.points(),
                    r.roundsDue(), r.roundsDone(), r.hazards(), r.rectified(), r.score()));
        }
        return ranked;
    }

    static String roleLabel(String role) {
        return switch (role) {
            case "PRINCIPAL" -> "主要负责人";
            case "TECHNICAL" -> "技术负责人";
            default -> "操作负责人";
        };
    }

    private static BigDecimal round(double d) {
        return BigDecimal.valueOf(d).setScale(1, RoundingMode.HALF_UP);
    }
}
