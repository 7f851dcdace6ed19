package cn.shuangkong.bench;

import java.util.ArrayList;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Holds every {@code @SchedulerLock} job off while a benchmark measures: their ShedLock rows are taken until far in the
 * future, as another instance would hold them, so no sweep, rating or alert run competes with the measurement (or is
 * counted in it). Closing lets them go again.
 */
final class ScheduledJobs implements AutoCloseable {

    private final JdbcClient jdbc;
    private final String holder;

    private ScheduledJobs(JdbcClient jdbc, String holder) {
        this.jdbc = jdbc;
        this.holder = holder;
    }

    static ScheduledJobs holdOff(JdbcClient jdbc, ApplicationContext context, String holder) {
        jdbc.sql("""
                insert into shedlock (name, lock_until, locked_at, locked_by)
                select n, timestamp '2999-01-01', now(), :holder from unnest(string_to_array(:names, ',')) n
                on conflict (name) do update set lock_until = excluded.lock_until, locked_by = excluded.locked_by
                """).param("holder", holder).param("names", String.join(",", lockNames(context))).update();
        return new ScheduledJobs(jdbc, holder);
    }

    @Override
    public void close() {
        jdbc.sql("delete from shedlock where locked_by = :holder").param("holder", holder).update();
    }

    private static List<String> lockNames(ApplicationContext context) {
        List<String> names = new ArrayList<>();
        for (String bean : context.getBeanDefinitionNames()) {
            Class<?> type = context.getType(bean);
            if (type == null || !type.getName().startsWith("cn.shuangkong")) continue;
            for (var m : ReflectionUtils.getUniqueDeclaredMethods(ClassUtils.getUserClass(type))) {
                var lock = AnnotatedElementUtils.findMergedAnnotation(m, SchedulerLock.class);
                if (lock != null) names.add(lock.name());
            }
        }
        return names;
    }
}
