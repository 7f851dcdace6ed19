package cn.shuangkong.bench;

import cn.shuangkong.alerting.internal.AlertEngine;
import cn.shuangkong.alerting.internal.AlertRules;
import cn.shuangkong.alerting.internal.Alerts;
import cn.shuangkong.alerting.internal.Finding;
import cn.shuangkong.alerting.internal.OperationEvaluation;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.support.PlatformTest;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code ./mvnw -Pbench test -Dtest=AlertRulesProfile}: statements and time of each alert rule's run, of raising an
 * alert (recipients included), of the re-check an enterprise's own change makes at commit, of the 运行效果评估 and of
 * the alert centre's list, on the demo city as it is. For comparing before and after a change of how alerting reads
 * (ADR 0041) at the same moment: statement counts do not move with the machine's load, times do.
 */
@Tag("benchmark")
@Import(StatementCounter.class)
@TestPropertySource(properties = "shuangkong.monitoring.simulator.enabled=false") // its readings would be counted too
class AlertRulesProfile extends PlatformTest {

    @Autowired AlertEngine engine;
    @Autowired AlertRules rules;
    @Autowired Alerts alerts;
    @Autowired OperationEvaluation evaluation;

    /**
     * Mean time per call, and the fewest statements any one call took: the counter sees the whole pool, so background
     * work (a sweep, an event retry) adds to some calls, never takes away from one.
     */
    private static void measure(String what, int n, IntConsumer step) {
        step.accept(-1); // warm-up: plans prepared, caches filled
        long fewest = Long.MAX_VALUE, nanos = 0;
        for (int i = 0; i < n; i++) {
            long s0 = StatementCounter.statements.get(), t0 = System.nanoTime();
            step.accept(i);
            nanos += System.nanoTime() - t0;
            fewest = Math.min(fewest, StatementCounter.statements.get() - s0);
        }
        System.out.printf("  %-34s %4d statements  %8.2f ms%n", what, fewest, nanos / 1e6 / n);
    }

    @Test
    void each_rule_run_a_raise_a_recheck_and_the_evaluation() {
        System.out.printf("%n=== alerting, mean per call ===%n");
        engine.runAll(); // every open alert the demo city warrants is raised; the runs below refresh and re-check them
        for (AlertRules.Rule rule : rules.all()) {
            if (rule.category().equals("SENSOR")) continue;
            measure("run " + rule.code(), 5, i -> engine.run(rule.code()));
        }
        long enterprise = jdbc.sql("select id from enterprise where name = '江苏华泰化工有限公司'").query(Long.class).single();
        String region = jdbc.sql("select region_code from enterprise where id = :e").param("e", enterprise).query(String.class).single();
        AlertRules.Rule unfiled = rules.find("REGISTER_NOT_FILED").orElseThrow();
        AlertRules.Rule bulk = rules.find("FORMALITY_BULK_TICK").orElseThrow();
        String run = Long.toString(System.nanoTime(), 36);
        // Raised under a rule no change re-checks, so that the re-check below sees the enterprise's alerts as they were.
        AlertRules.Rule zero = rules.find("ZERO_REPORT").orElseThrow();
        measure("raise (managers + regulators)", 20, i -> alerts.raise(zero,
                new Finding(enterprise, "profile:" + run + ":" + i, "剖析预警 " + i, List.of("剖析"), "/enterprises/" + enterprise)));
        measure("raise (principals + regulators)", 20, i -> alerts.raise(bulk,
                new Finding(enterprise, "profile:" + run + ":" + i, "剖析预警 " + i, List.of("剖析"), "/inspection/tasks")));
        // An enterprise's own change re-checks its open alerts of the rule at commit (here one alert, still warranted).
        alerts.raise(unfiled, new Finding(enterprise, "recheck:" + run, "剖析预警", List.of("剖析"), "/risks/filings"));
        measure("re-check after a filing", 20, i -> engine.on(new StateChanged("备案", "risk_filing", "1", "剖析", enterprise, region)));
        measure("raise + 自动解除", 20, i -> {
            String subject = "resolve:" + run + ":" + i;
            alerts.raise(unfiled, new Finding(enterprise, subject, "剖析预警 " + i, List.of("剖析"), "/risks/filings"));
            long id = alerts.openOf(unfiled.code()).stream().filter(a -> a.subjectKey().equals(subject)).findFirst().orElseThrow().id();
            alerts.resolve(id, "剖析");
        });
        measure("evaluation: enterprises", 5, i -> evaluation.enterprises(Jurisdiction.platform()));
        measure("evaluation: guarantors", 5, i -> evaluation.guarantors(Jurisdiction.platform()));
        measure("alert centre list (platform)", 20, i -> alerts.search(Jurisdiction.platform(),
                new Alerts.Query(true, null, null, null, null), new PageResult.Request(1, 20)));
        for (String code : List.of("COMMITMENT_MISSING", "FORMALITY_TOO_FAST")) {
            StatementCounter.bySql.clear();
            engine.run(code);
            System.out.printf("%n  statements of one run of %s:%n%s", code, StatementCounter.top(12, 1));
        }
        StatementCounter.bySql.clear();
        evaluation.enterprises(Jurisdiction.platform());
        System.out.printf("%n  statements of one evaluation of the enterprises:%n%s", StatementCounter.top(12, 1));
    }

    /**
     * The plans of the changed queries, as main had them and as they are now (bench/alert-plans.sql): the published
     * relations should fold into the caller's query, with no {@code Subquery Scan} of their own.
     */
    @Test
    void plans_before_and_after() throws java.io.IOException {
        String script = new String(getClass().getResourceAsStream("/bench/alert-plans.sql").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        for (String statement : script.split(";\\s*\\n")) {
            if (statement.isBlank()) continue;
            String title = statement.lines().filter(l -> l.startsWith("--")).findFirst().orElse("--");
            String sql = statement.lines().filter(l -> !l.startsWith("--")).collect(java.util.stream.Collectors.joining("\n"));
            System.out.printf("%n=== %s ===%n", title.substring(2).strip());
            jdbc.sql(sql).query(String.class).list().forEach(line -> System.out.println("  " + line));
        }
    }
}
