package cn.shuangkong.bench;

import java.io.Closeable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;

/**
 * Benchmarks only: counts the statements (each execute call) and commits that pass through the application's pool, so
 * a figure can say how many statements an API call costs, background work it causes included.
 */
@TestConfiguration(proxyBeanMethods = false)
class StatementCounter implements BeanPostProcessor {

    static final AtomicLong statements = new AtomicLong();
    static final AtomicLong commits = new AtomicLong();
    /** Statements executed on the calling thread (a profile that must tell its own from background threads'). */
    static final ThreadLocal<long[]> onThisThread = ThreadLocal.withInitial(() -> new long[1]);
    /** Executions by statement text (its first 120 characters, whitespace folded). */
    static final java.util.Map<String, java.util.concurrent.atomic.LongAdder> bySql = new java.util.concurrent.ConcurrentHashMap<>();

    /** The most frequent statements since the last call, with their count divided by {@code per}; then starts again. */
    static String top(int n, double per) {
        var out = new StringBuilder();
        bySql.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum())).limit(n)
                .forEach(e -> out.append(String.format("    %5.2f  %s%n", e.getValue().sum() / per, e.getKey())));
        bySql.clear();
        return out.toString();
    }

    private static void count(String sql) {
        if (sql == null) return;
        String key = sql.replaceAll("\\s+", " ").trim();
        bySql.computeIfAbsent(key.length() > 120 ? key.substring(0, 120) : key, k -> new java.util.concurrent.atomic.LongAdder()).increment();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        if (!name.equals("dataSource") || !(bean instanceof DataSource ds)) return bean;
        return proxy(ds, new Class<?>[] {DataSource.class, Closeable.class}, (p, m, args) -> {
            Object r = call(ds, m, args);
            return r instanceof Connection c ? proxy(c, new Class<?>[] {Connection.class}, connection(c)) : r;
        });
    }

    private static InvocationHandler connection(Connection c) {
        return (p, m, args) -> {
            if (m.getName().equals("commit")) commits.incrementAndGet();
            Object r = call(c, m, args);
            String sql = args != null && args.length > 0 && args[0] instanceof String q ? q : null;
            if (r instanceof CallableStatement s) return proxy(s, new Class<?>[] {CallableStatement.class}, statement(s, sql));
            if (r instanceof PreparedStatement s) return proxy(s, new Class<?>[] {PreparedStatement.class}, statement(s, sql));
            if (r instanceof Statement s) return proxy(s, new Class<?>[] {Statement.class}, statement(s, null));
            return r;
        };
    }

    private static InvocationHandler statement(Statement s, String prepared) {
        return (p, m, args) -> {
            if (m.getName().startsWith("execute")) {
                statements.incrementAndGet();
                onThisThread.get()[0]++;
                count(prepared != null ? prepared : args != null && args.length > 0 && args[0] instanceof String q ? q : "?");
            }
            return call(s, m, args);
        };
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Object target, Class<?>[] types, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), types, handler);
    }
}
