package cn.shuangkong.bench;

import cn.shuangkong.support.Api;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The hazard loop that {@link HazardBenchmark} and {@link ScaleOutBenchmark} both measure: the demo city scaled up, the
 * loop from registration to 销号 over HTTP, and the same writes as plain SQL, the baseline of the same run.
 */
final class HazardLoop {

    static final java.util.concurrent.atomic.AtomicInteger PHOTOS = new java.util.concurrent.atomic.AtomicInteger();

    private final JdbcClient jdbc;
    private final JdbcClient superuser;
    private final JdbcTemplate template;
    private final Clock clock;

    HazardLoop(JdbcClient jdbc, JdbcClient superuser, JdbcTemplate template, Clock clock) {
        this.jdbc = jdbc;
        this.superuser = superuser;
        this.template = template;
        this.clock = clock;
    }

    /** {@code total} hazards taken to 销号 over HTTP, shared among the given (manager, worker) clients; hazards per second. */
    double apiLoop(List<Api[]> clients, int total, String run) {
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
    double sqlLoop(long chem, int connections, int total, String deadline, String run) {
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

    static Api.Response expect(Api.Response r, int status) {
        if (r.status() != status) throw new IllegalStateException("HTTP " + r.status() + ": " + r.body());
        return r;
    }

    /** A distinct tiny PNG (its pixels spell a serial) for each after-photo, base64 for the JSON body. */
    private static String photo(int ignored) {
        return java.util.Base64.getEncoder().encodeToString(cn.shuangkong.hazard.Photos.tiny(PHOTOS.incrementAndGet()));
    }

    /**
     * Copies every enterprise {@code copies} times with its org units (posts), employees, risk points and control
     * measures. Columns are read from the catalogue, and every reference to a copied table is pointed at the copy.
     */
    void scaleDemo(int copies) {
        boolean scaled = jdbc.sql("select count(*) > 0 from information_schema.columns where table_name = 'enterprise' and column_name = 'bench_src'")
                .query(Boolean.class).single();
        if (scaled) return; // an earlier benchmark in this JVM (./bench all) has already scaled the shared database
        List<String> tables = List.of("enterprise", "org_unit", "employee", "risk_point", "control_measure");
        for (String t : tables) {
            superuser.sql("alter table " + t + " add column bench_src bigint, add column bench_k int").update(); // DDL: not the app's role
            superuser.sql("create index on " + t + " (bench_src, bench_k)").update();
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
                    + "s.id, k from " + t + " s cross join generate_series(1, " + copies + ") k where s.bench_src is null").update();
        }
        jdbc.sql("""
                update org_unit c set parent_id = p.id from org_unit o, org_unit p
                 where c.bench_src = o.id and o.parent_id is not null and p.bench_src = o.parent_id and p.bench_k = c.bench_k""").update();
        jdbc.sql("analyze").update();
        freshConnections(template.getDataSource());
    }

    /**
     * The pool's connections hold prepared {@code select e.*} plans of the tables {@link #scaleDemo} has just altered,
     * which PostgreSQL refuses once ("cached plan must not change result type"): new connections prepare afresh.
     */
    static void freshConnections(javax.sql.DataSource pool) {
        try {
            pool.unwrap(com.zaxxer.hikari.HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
        } catch (java.sql.SQLException notHikari) {
            throw new IllegalStateException(notHikari);
        }
    }
}
