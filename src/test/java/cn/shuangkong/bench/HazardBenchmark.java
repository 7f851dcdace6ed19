package cn.shuangkong.bench;

import cn.shuangkong.inspection.InspectionScheduler;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code ./bench hazard}: the demo city scaled ×100 (every enterprise copied 99 times with its posts, employees, risk
 * points and control measures), then two figures, each beside plain SQL doing the same writes in the same run:
 * inspection tasks generated per second for one day of schedules, and hazards taken from registration to 销号 per
 * second through the HTTP API. Prints figures; asserts nothing about speed.
 */
@Tag("benchmark")
@TestPropertySource(properties = "shuangkong.inspection.first-run-after=PT1000H") // the background run must not take a share
@Import(StatementCounter.class)
class HazardBenchmark extends PlatformTest {

    static final int COPIES = 99;
    static final int HAZARDS = 200;
    static final int WARM_UP = 40;
    static final int CLIENTS = 8;
    static final java.util.concurrent.atomic.AtomicInteger PHOTOS = new java.util.concurrent.atomic.AtomicInteger();

    @Autowired
    InspectionScheduler scheduler;

    @Autowired
    JdbcTemplate template;

    @Test
    void tasks_generated_and_hazards_closed_per_second_beside_plain_sql() {
        scaleDemo();
        long enterprises = count("enterprise"), points = count("risk_point"), measures = count("control_measure");
        System.out.printf("%n=== ./bench hazard — demo ×%d: %d enterprises, %d risk points, %d control measures ===%n",
                COPIES + 1, enterprises, points, measures);
        generation();
        closedLoop();
    }

    /** One day of schedules: every measure created a day ago, no tasks yet; one scheduler run creates them all. */
    private void generation() {
        jdbc.sql("delete from inspection_task t where not exists (select 1 from inspection_answer a where a.task_id = t.id)").update();
        jdbc.sql("update control_measure set created_at = :t").param("t", Timestamp.from(clock.instant().minusSeconds(86_400))).update();
        long t0 = System.nanoTime();
        int generated = scheduler.runOnce().generated();
        double schedulerSeconds = (System.nanoTime() - t0) / 1e9;

        // The same rows written by plain SQL: batched multi-row INSERTs of exactly what the scheduler created.
        List<Object[]> rows = template.query("""
                select enterprise_id, risk_point_id, measure_id, period_start, due_at, status from inspection_task t
                 where not exists (select 1 from inspection_answer a where a.task_id = t.id)""",
                (rs, i) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getTimestamp(4), rs.getTimestamp(5), rs.getString(6)});
        jdbc.sql("delete from inspection_task t where not exists (select 1 from inspection_answer a where a.task_id = t.id)").update();
        long t1 = System.nanoTime();
        template.batchUpdate("""
                insert into inspection_task (enterprise_id, risk_point_id, measure_id, period_start, due_at, status)
                values (?, ?, ?, ?, ?, ?)""", rows, 1000, (ps, r) -> {
            for (int i = 0; i < r.length; i++) ps.setObject(i + 1, r[i]);
        });
        double sqlSeconds = (System.nanoTime() - t1) / 1e9;
        System.out.printf("Inspection tasks, one day of schedules: %d tasks%n", generated);
        System.out.printf("  InspectionScheduler.runOnce (set-based, periods + outages + once-per-period key): %8.0f tasks/s (%.2f s)%n",
                generated / schedulerSeconds, schedulerSeconds);
        System.out.printf("  plain SQL, the same rows as batched INSERTs (1000 a batch):                    %8.0f tasks/s (%.2f s)%n",
                rows.size() / sqlSeconds, sqlSeconds);
    }

    /**
     * Registration → 限期整改 → 整改完成 (with an after-photo) → 验收 → 销号, over HTTP as another system would: warmed up
     * first, then one client, then {@link #CLIENTS} clients at once, each beside plain SQL doing the same writes with as
     * many connections. The statements the platform runs per API call are counted at its connection pool.
     */
    private void closedLoop() {
        long chem = enterpriseIdOf("ent_chem");
        List<Api[]> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) clients.add(new Api[] {loggedIn("ent_chem"), loggedIn("worker_chem")});
        String deadline = LocalDate.now(clock).plusDays(7).toString();
        apiLoop(clients.subList(0, 1), WARM_UP, "warm");
        sqlLoop(chem, 1, WARM_UP, deadline, "warm");

        System.out.printf("Hazards from registration to 销号 (register, assign, complete with photo, accept), warm (%d first): %d hazards a run%n",
                WARM_UP, HAZARDS);
        long statements0 = StatementCounter.statements.get(), commits0 = StatementCounter.commits.get();
        StatementCounter.bySql.clear();
        double oneApi = apiLoop(clients.subList(0, 1), HAZARDS, "one");
        double perCall = (StatementCounter.statements.get() - statements0) / (HAZARDS * 4.0);
        double commitsPerCall = (StatementCounter.commits.get() - commits0) / (HAZARDS * 4.0);
        String top = StatementCounter.top(25, HAZARDS);
        double oneSql = sqlLoop(chem, 1, HAZARDS, deadline, "one");
        System.out.printf("  statements per API call (at the pool, background work included): %.1f, commits per call: %.1f%n", perCall, commitsPerCall);
        System.out.printf("  the most frequent statements, per hazard (4 calls):%n%s", top);
        System.out.printf("  1 client:  HTTP API %7.1f hazards/s   plain SQL (5 statements, 5 commits each) %7.1f hazards/s   ratio %.3f%n",
                oneApi, oneSql, oneApi / oneSql);
        double manySql = sqlLoop(chem, CLIENTS, HAZARDS, deadline, "many");
        try {
            double manyApi = apiLoop(clients, HAZARDS, "many");
            System.out.printf("  %d clients: HTTP API %7.1f hazards/s   plain SQL (%d connections)               %7.1f hazards/s   ratio %.3f%n%n",
                    CLIENTS, manyApi, CLIENTS, manySql, manyApi / manySql);
        } catch (RuntimeException failed) {
            System.out.printf("  %d clients: HTTP API failed (%s)   plain SQL (%d connections) %7.1f hazards/s%n%n",
                    CLIENTS, failed.getMessage(), CLIENTS, manySql);
        }
    }

    /** {@code total} hazards taken to 销号 over HTTP, shared among the given (manager, worker) clients; hazards per second. */
    private double apiLoop(List<Api[]> clients, int total, String run) {
        String deadline = LocalDate.now(clock).plusDays(7).toString();
        return parallel(clients.size(), total, (c, i) -> {
            Api manager = clients.get(c)[0], worker = clients.get(c)[1];
            var created = manager.post("/api/v1/hazards", Api.json(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION",
                    "title", "压测隐患 " + run + i, "description", "基准测试登记的隐患", "location", "罐区", "clientKey", "bench-" + run + i)));
            long id = expect(created, 201).json().get("id").asLong();
            expect(manager.post("/api/v1/hazards/" + id + "/assign", Api.json(Map.of("responsible", "worker_chem",
                    "measures", "更换并复查", "deadline", deadline))), 200);
            expect(worker.post("/api/v1/hazards/" + id + "/complete", Api.json(Map.of("note", "已整改", "photo", photo(i)))), 200);
            expect(manager.post("/api/v1/hazards/" + id + "/accept", Api.json(Map.of("passed", true, "opinion", "合格"))), 200);
        });
    }

    /** The same state changes as plain SQL, one statement (and transaction) per change as the API commits them. */
    private double sqlLoop(long chem, int connections, int total, String deadline, String run) {
        Timestamp now = Timestamp.from(clock.instant());
        return parallel(connections, total, (c, i) -> {
            Long id = template.queryForObject("""
                    insert into hazard (enterprise_id, source, level, type, title, description, location, found_by, found_at,
                                        client_key, state, created_at, updated_at)
                    values (?, 'SELF_CHECK', 'GENERAL', 'UNSAFE_CONDITION', ?, '基准测试登记的隐患', '罐区', 'ent_chem', ?, ?, 'REGISTERED', ?, ?)
                    returning id""", Long.class, chem, "SQL 隐患 " + run + i, now, "sql-bench-" + run + i, now, now);
            template.update("update hazard set state = 'RECTIFYING', responsible = 'worker_chem', measures = '更换并复查', deadline = ?, updated_at = ? where id = ?",
                    java.sql.Date.valueOf(deadline), now, id);
            template.update("insert into hazard_photo (hazard_id, stage, sha256, content_type, size_bytes, content, uploaded_by, uploaded_at) values (?, 'AFTER', ?, 'image/png', 12, ?, 'worker_chem', ?)",
                    id, sha(run + i), java.util.Base64.getDecoder().decode(photo(i)), now);
            template.update("update hazard set state = 'RECTIFIED', rectified_by = 'worker_chem', rectified_at = ?, rectification_note = '已整改', updated_at = ? where id = ?",
                    now, now, id);
            template.update("update hazard set state = 'CLOSED', accepted_by = 'ent_chem', accepted_at = ?, acceptance_opinion = '合格', closed_at = ?, updated_at = ? where id = ?",
                    now, now, now, id);
        });
    }

    /** Runs {@code total} items on {@code threads} threads (item i on thread i % threads); items per second. */
    private static double parallel(int threads, int total, java.util.function.BiConsumer<Integer, Integer> item) {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int c = 0; c < threads; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    for (int i = client; i < total; i += threads) item.accept(client, i);
                }));
            }
            for (var f : done) f.get();
            return total / ((System.nanoTime() - t0) / 1e9);
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String sha(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Api.Response expect(Api.Response r, int status) {
        if (r.status() != status) throw new IllegalStateException("HTTP " + r.status() + ": " + r.body());
        return r;
    }

    /** A distinct small "PNG" (the magic number and a serial) for each after-photo, base64 for the JSON body. */
    private static String photo(int ignored) {
        int i = PHOTOS.incrementAndGet();
        byte[] b = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', (byte) (i >> 24), (byte) (i >> 16), (byte) (i >> 8), (byte) i};
        return java.util.Base64.getEncoder().encodeToString(b);
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    /**
     * Copies every enterprise {@link #COPIES} times with its org units (posts), employees, risk points and control
     * measures. Columns are read from the catalogue, and every reference to a copied table is pointed at the copy.
     */
    private void scaleDemo() {
        List<String> tables = List.of("enterprise", "org_unit", "employee", "risk_point", "control_measure");
        for (String t : tables) {
            superuser().sql("alter table " + t + " add column bench_src bigint, add column bench_k int").update(); // DDL: not the app's role
            superuser().sql("create index on " + t + " (bench_src, bench_k)").update();
        }
        for (String t : tables) {
            List<String> columns = jdbc.sql("""
                    select column_name from information_schema.columns
                     where table_name = :t and column_name not in ('id', 'bench_src', 'bench_k') and is_generated = 'NEVER'
                       and identity_generation is null order by ordinal_position""").param("t", t).query(String.class).list();
            Map<String, String> references = jdbc.sql("""
                    select a.attname, r.relname from pg_constraint c
                      join pg_class s on s.oid = c.conrelid join pg_class r on r.oid = c.confrelid
                      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
                     where c.contype = 'f' and s.relname = :t""").param("t", t)
                    .query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                    .filter(e -> tables.contains(e.getValue()))
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
            StringBuilder select = new StringBuilder();
            for (String c : columns) {
                String expr = "s." + c;
                if (t.equals("enterprise") && c.equals("credit_code")) expr = "'BENCH' || lpad((s.id * 1000 + k)::text, 13, '0')";
                else if (t.equals("enterprise") && c.equals("name")) expr = "s.name || '（" + "副本' || k || '）'";
                else if (t.equals("org_unit") && c.equals("parent_id")) expr = "null";
                else if (references.containsKey(c)) {
                    expr = "(select x.id from " + references.get(c) + " x where x.bench_src = s." + c + " and x.bench_k = k)";
                }
                select.append(expr).append(", ");
            }
            jdbc.sql("insert into " + t + " (" + String.join(", ", columns) + ", bench_src, bench_k) select " + select
                    + "s.id, k from " + t + " s cross join generate_series(1, " + COPIES + ") k where s.bench_src is null").update();
        }
        jdbc.sql("""
                update org_unit c set parent_id = p.id from org_unit o, org_unit p
                 where c.bench_src = o.id and o.parent_id is not null and p.bench_src = o.parent_id and p.bench_k = c.bench_k""").update();
        jdbc.sql("analyze").update();
        // The columns added above change what "select e.*" answers: a statement the pool's connections prepared before
        // would fail ("cached plan must not change result type"), so the pool starts on fresh connections.
        try {
            template.getDataSource().unwrap(com.zaxxer.hikari.HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
