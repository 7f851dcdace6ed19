package cn.shuangkong.bench;

import cn.shuangkong.support.PlatformTest;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.OrderUtils;
import org.springframework.core.env.Environment;

/**
 * Where the demo load's time goes (issue 12, the interval between the port opening and readiness; ADR 0063), in one
 * run on a fresh database: {@code ./mvnw -o -Pbench test -Dtest=DemoLoadProfile}. Every demo loader is wrapped (same
 * order) and measured alone: wall time, the main thread's CPU, the whole JVM's CPU by thread kind, its PostgreSQL's
 * CPU, the statements and commits it sent through the pool (other threads' included: the rating worker and listeners
 * the load sets off; "its own": the loader's thread alone), and its most frequent statements. Counts do not move with the machine's load; seconds do.
 */
@Tag("benchmark")
@Import({StatementCounter.class, DemoLoadProfile.PerLoader.class})
class DemoLoadProfile extends PlatformTest {

    record Step(String loader, double wallMs, double mainCpuMs, StartCpu.Sample before, StartCpu.Sample after,
                long statements, long ownStatements, long commits, String top) { }

    static final List<Step> steps = new ArrayList<>();

    @Test
    void each_demo_loader_measured_alone() {
        assertLoaded();
        System.out.printf("%nDEMO LOAD PROFILE (fresh database, test class path), load %s%n", load());
        System.out.printf(Locale.ROOT, "%-18s %8s %8s %8s %6s %6s %6s %6s %9s %8s %8s%n", "loader", "wall ms", "main ms",
                "JVM ms", "C2", "C1", "other", "PG ms", "statemts", "its own", "commits");
        double[] total = new double[9];
        for (Step s : steps) {
            double jvm = ms(s, "JVM"), c2 = ms(s, "C2"), c1 = ms(s, "C1"), other = ms(s, "other threads") + ms(s, "GC"), pg = ms(s, "PostgreSQL");
            System.out.printf(Locale.ROOT, "%-18s %8.0f %8.0f %8.0f %6.0f %6.0f %6.0f %6.0f %9d %8d %8d%n", s.loader(), s.wallMs(),
                    s.mainCpuMs(), jvm, c2, c1, other, pg, s.statements(), s.ownStatements(), s.commits());
            double[] row = {s.wallMs(), s.mainCpuMs(), jvm, c2, c1, other, pg, s.statements(), s.ownStatements()};
            for (int i = 0; i < row.length; i++) total[i] += row[i];
        }
        System.out.printf(Locale.ROOT, "%-18s %8.0f %8.0f %8.0f %6.0f %6.0f %6.0f %6.0f %9.0f %8.0f%n", "all", total[0], total[1],
                total[2], total[3], total[4], total[5], total[6], total[7], total[8]);
        for (Step s : steps) System.out.printf("%n%s, most frequent statements:%n%s", s.loader(), s.top());
    }

    private void assertLoaded() {
        org.assertj.core.api.Assertions.assertThat(steps).as("the demo loaders ran in this context").isNotEmpty();
    }

    private static double ms(Step s, String kind) {
        return (s.after().get(kind) - s.before().get(kind)) * 1000;
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** Wraps each demo loader in a runner of the same order that measures it. */
    @TestConfiguration(proxyBeanMethods = false)
    static class PerLoader implements BeanPostProcessor {
        private final Environment env;

        PerLoader(Environment env) {
            this.env = env;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
            Class<?> type = AopUtils.getTargetClass(bean);
            if (!(bean instanceof ApplicationRunner runner) || !type.getPackageName().equals("cn.shuangkong.demo")) return bean;
            int order = OrderUtils.getOrder(type, Ordered.LOWEST_PRECEDENCE);
            return new Measured(runner, type.getSimpleName(), order, env.getProperty("shuangkong.data-dir"));
        }
    }

    record Measured(ApplicationRunner runner, String name, int order, String dataDir) implements ApplicationRunner, Ordered {
        @Override
        public void run(ApplicationArguments args) throws Exception {
            var threads = ManagementFactory.getThreadMXBean();
            StatementCounter.top(0, 1); // clears the per-statement counts
            var before = StartCpu.of(ProcessHandle.current(), dataDir);
            long statements = StatementCounter.statements.get(), commits = StatementCounter.commits.get();
            long own = StatementCounter.onThisThread.get()[0];
            long cpu = threads.getCurrentThreadCpuTime(), t = System.nanoTime();
            runner.run(args);
            double wall = (System.nanoTime() - t) / 1e6, main = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
            var after = StartCpu.of(ProcessHandle.current(), dataDir);
            steps.add(new Step(name, wall, main, before, after, StatementCounter.statements.get() - statements,
                    StatementCounter.onThisThread.get()[0] - own, StatementCounter.commits.get() - commits, StatementCounter.top(12, 1)));
        }

        @Override
        public int getOrder() {
            return order;
        }
    }
}
