package cn.shuangkong.monitoring.internal;

import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.inspection.Cycle;
import cn.shuangkong.inspection.DutyTasks;
import cn.shuangkong.monitoring.internal.GuarantorChecks.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.stereotype.Component;

/**
 * 包保责任人任务清单: the numbered items each 包保 role answers for, with how often (dict/guarantor-task-lists.csv, each
 * item tagged with how sure its wording and frequency are). A major hazard source's three persons get the items of
 * their role as tasks of their own, issued through the inspection module's {@link DutyTasks} (ADR 0031).
 */
@Component
public class GuarantorTaskLists {

    /** One item of a role's list. */
    public record Item(Role role, int no, Cycle cycle, String text, String confidence) {
        public String cycleLabel() {
            return "每" + cycle.unit().label;
        }
    }

    private final List<Item> items;
    private final DutyTasks duties;
    private final JdbcClient jdbc;

    GuarantorTaskLists(DutyTasks duties, JdbcClient jdbc) {
        this.duties = duties;
        this.jdbc = jdbc;
        this.items = read();
    }

    private static List<Item> read() {
        var resource = new ClassPathResource("dict/guarantor-task-lists.csv");
        try (var in = new BufferedReader(new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8))) {
            return in.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).skip(1).map(Gb18218Tables::csv)
                    .map(f -> new Item(Role.valueOf(f[0]), Integer.parseInt(f[1]), new Cycle(BigDecimal.ONE, Cycle.Unit.valueOf(f[2])), f[3], f[4]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The list of one role, in its order. */
    public List<Item> of(Role role) {
        return items.stream().filter(i -> i.role() == role).toList();
    }

    /** A 重大危险源 (its risk point) and its three 包保 persons, any of whom may not be named yet. */
    public record Guarantee(long enterpriseId, long riskPointId, Long principalId, Long technicalId, Long operatorId) { }

    /**
     * The task of every item of every named 包保 person of the source for the period containing {@code at}; issued
     * periods stay as they are.
     */
    public int issue(Guarantee g, Instant at) {
        List<DutyTasks.Issue> issues = new ArrayList<>();
        for (Item i : items) {
            Long employee = switch (i.role()) {
                case PRINCIPAL -> g.principalId();
                case TECHNICAL -> g.technicalId();
                case OPERATOR -> g.operatorId();
            };
            if (employee != null) {
                issues.add(new DutyTasks.Issue(g.enterpriseId(), g.riskPointId(), employee, DutyTasks.Type.valueOf(i.role().name()),
                        i.no(), i.text(), i.cycle()));
            }
        }
        return duties.issue(issues, at);
    }

    /**
     * Every risk point the register marks as a 重大危险源 with a 包保 person, declared under 重大危险源 or not yet: the
     * 包保 persons are named on the risk point, and their duties do not wait for the grading.
     */
    @Transactional
    public int issueAll(Instant at) {
        return jdbc.sql("""
                select p.enterprise_id, p.id as risk_point_id, p.guarantor_principal_id as principal_id,
                       p.guarantor_technical_id as technical_id, p.guarantor_operator_id as operator_id
                  from (%s) p join (%s) e on e.id = p.enterprise_id and e.status = 'OPERATING'
                 where p.major_hazard_source
                   and coalesce(p.guarantor_principal_id, p.guarantor_technical_id, p.guarantor_operator_id) is not null
                 order by p.id""".formatted(RiskFacts.points(), OrganizationFacts.enterprises())).query(Guarantee.class).list().stream().mapToInt(g -> issue(g, at)).sum();
    }
}
