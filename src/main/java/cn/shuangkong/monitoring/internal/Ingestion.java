package cn.shuangkong.monitoring.internal;

import cn.shuangkong.shared.Workers;
import cn.shuangkong.monitoring.AlarmLevel;
import cn.shuangkong.monitoring.Alarms;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ingestion loop: readings from MQTT, parsed on the broker's thread, wait in a bounded queue; one worker takes them
 * in batches, resolves their points (a query only for points it has not seen, ADR 0045) and, per batch and in one
 * transaction, stores them, updates each point's live state and evaluates its limits ({@link AlarmRule}). A bad message
 * or a failing batch is counted and logged, never allowed to stop the loop. The HTTP batch API goes through the same
 * {@link #store} synchronously. With Kafka configured (ADR 0021) the resolved reading goes to the Kafka topic instead
 * of the queue, and {@link KafkaIngestion}'s consumers hand their batches to the same {@link #store}.
 *
 * <p>Several instances may receive the same reading (ADR 0020): a reading is stored once per point and time, and only
 * the transaction that stored it judges it; the batch's points are locked first, in id order, so two instances judge
 * a point one after the other, each from what the other committed, and never race into the one-alarm index.
 */
@Service
public class Ingestion implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Ingestion.class);
    private static final int BATCH = 2000;
    /**
     * A batch smaller than this waits {@link #LINGER} for more before it is stored (ADR 0059): each transaction costs the
     * same few round trips whatever its size, and readings arriving one message at a time would otherwise be stored a
     * few dozen per transaction.
     */
    static final int SMALL_BATCH = 256;
    public static final Duration LINGER = Duration.ofMillis(20);
    /** Attempts of a failing batch as a whole before it is stored reading by reading. */
    static final int WHOLE_BATCH_ATTEMPTS = 3;

    /** A reading resolved to its point. */
    public record Reading(long pointId, Instant ts, BigDecimal value) {
        public Reading {
            ts = ts.truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // what PostgreSQL stores back exactly
        }
    }

    /** Why a message was refused. */
    public enum Rejection {
        MALFORMED("报文格式错误"), UNKNOWN_POINT("未知监测点"), BAD_TOPIC("主题格式错误"), OVERFLOW("队列已满"), FAILED("入库失败"),
        LOG_FAILED("写入 Kafka 失败");
        public final String label;
        Rejection(String label) { this.label = label; }
        public String label() { return label; }
    }

    /** Counters since start, for the live page and the API. */
    public record Stats(long accepted, Map<String, Long> rejected, int queued) { }

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final MonitoringPoints points;
    private final Excursions alarms;
    private final TransactionTemplate tx;
    private final Clock clock;
    /** The Kafka topic the readings go to instead of the queue; null in the default single-machine run. */
    private final KafkaReadings kafka;
    private final BlockingQueue<Incoming> queue = new ArrayBlockingQueue<>(200_000);
    private final AtomicLong accepted = new AtomicLong();
    private final Map<Rejection, AtomicLong> rejected = new ConcurrentHashMap<>();
    private final Map<String, Long> pointIds = new ConcurrentHashMap<>();
    private volatile Thread worker;
    private volatile boolean running;
    /** How long a small batch waits for more (ADR 0059); settable only so that a benchmark can compare, at the same moment, with none. */
    private volatile long lingerNanos = LINGER.toNanos();

    public Ingestion(JdbcClient jdbc, DataSource dataSource, MonitoringPoints points, Excursions alarms, TransactionTemplate tx, Clock clock,
              java.util.Optional<KafkaReadings> kafka) {
        this.kafka = kafka.orElse(null);
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.points = points;
        this.alarms = alarms;
        this.tx = tx;
        this.clock = clock;
        for (Rejection r : Rejection.values()) rejected.put(r, new AtomicLong());
    }

    /**
     * A reading as its message named it: the point by enterprise and 位号, not yet resolved. The broker's thread only
     * parses; the point is looked up by the worker, a batch at a time (see {@link #resolve}), so that a database wait
     * never holds the one thread every gateway's messages pass through.
     */
    record Incoming(String creditCode, String code, Instant ts, BigDecimal value, String topic, int index) {
        String key() {
            return creditCode + "/" + code;
        }

        /** Where a refusal points to in the log: the topic, and for a scan the entry. */
        String where() {
            return index < 0 ? topic : topic + " readings[" + index + "] tag=" + code;
        }
    }

    /**
     * A message from the broker: one reading on shuangkong/v1/{creditCode}/{pointCode} ({"value": 7.42, "ts": "…"}), or
     * a gateway's scan of many on shuangkong/v1/{creditCode}/_batch (ADR 0039), each of its readings taken or refused
     * on its own exactly as if it had come alone.
     */
    void offer(String topic, byte[] payload) {
        offer(topic, topic.split("/"), payload);
    }

    /** The same, the topic's levels given as {@code topic.split("/")} gives them (the embedded broker keeps them, ADR 0065). */
    void offer(String topic, String[] parts, byte[] payload) {
        try {
            if (parts.length != 4) {
                reject(Rejection.BAD_TOPIC, topic, "应为 shuangkong/v1/{统一社会信用代码}/{位号} 或 …/_batch");
                return;
            }
            if (Payloads.SCAN.equals(parts[3])) {
                offerScan(topic, parts[2], payload);
                return;
            }
            Payloads.Parsed parsed;
            try {
                parsed = Payloads.parse(payload, clock);
            } catch (IllegalArgumentException e) {
                reject(Rejection.MALFORMED, topic, e.getMessage());
                return;
            }
            take(List.of(new Incoming(parts[2], parts[3], parsed.ts(), parsed.value(), topic, -1)));
        } catch (RuntimeException e) { // the broker's callback thread must survive anything
            reject(Rejection.FAILED, topic, e.toString());
        }
    }

    /** A gateway's scan: every well-formed entry taken as a single reading, every bad one refused alone. */
    private void offerScan(String topic, String creditCode, byte[] payload) {
        List<Payloads.Entry> entries;
        try {
            entries = Payloads.parseScan(payload, clock);
        } catch (IllegalArgumentException e) {
            reject(Rejection.MALFORMED, topic, e.getMessage());
            return;
        }
        List<Incoming> good = new ArrayList<>(entries.size());
        for (var e : entries) {
            if (e.error() != null) {
                reject(Rejection.MALFORMED, topic + " readings[" + e.index() + "]" + (e.tag() == null ? "" : " tag=" + e.tag()), e.error());
            } else {
                good.add(new Incoming(creditCode, e.tag(), e.reading().ts(), e.reading().value(), topic, e.index()));
            }
        }
        take(good);
    }

    /**
     * A message's readings onto the in-process queue, in order, to be resolved by the worker; or, with Kafka, resolved
     * here and onto the topic (its record names the point by id, ADR 0021).
     */
    private void take(List<Incoming> readings) {
        if (kafka != null) {
            // keyed by enterprise and point, whichever message format carried it: one partition, so one consumer
            // judges the point, in order
            resolve(readings, (in, reading) -> kafka.publish(in.key(), reading, e -> reject(Rejection.LOG_FAILED, in.where(), e.toString())));
            return;
        }
        for (Incoming in : readings) {
            if (!queue.offer(in)) reject(Rejection.OVERFLOW, in.where(), "入库队列已满");
        }
    }

    /**
     * Resolves readings to their points, in their order: the points not cached yet in one query per enterprise (none
     * once a gateway's points are known), an unknown 位号 — including another enterprise's — refused alone. The
     * queries come before any reading is handed on or refused, so a database error leaves nothing half done.
     */
    private void resolve(List<Incoming> readings, BiConsumer<Incoming, Reading> resolved) {
        Map<String, Set<String>> missing = new HashMap<>();
        for (Incoming in : readings) {
            if (!pointIds.containsKey(in.key())) missing.computeIfAbsent(in.creditCode(), k -> new HashSet<>()).add(in.code());
        }
        missing.forEach((credit, codes) -> points.idsOf(credit, codes).forEach((code, id) -> pointIds.put(credit + "/" + code, id)));
        for (Incoming in : readings) {
            Long id = pointIds.get(in.key());
            if (id == null) {
                reject(Rejection.UNKNOWN_POINT, in.where(), "企业 " + in.creditCode() + " 没有位号为 " + in.code() + " 的监测点");
            } else {
                resolved.accept(in, new Reading(id, in.ts(), in.value()));
            }
        }
    }

    void reject(Rejection why, String topic, String detail) {
        long n = rejected.get(why).incrementAndGet();
        if (n <= 20 || n % 1000 == 0) {
            LOG.warn("MQTT message rejected ({}, #{}): topic={} {}", why.label, n, topic, detail);
        }
    }

    public Stats stats() {
        Map<String, Long> r = new LinkedHashMap<>();
        rejected.forEach((k, v) -> r.put(k.name(), v.get()));
        return new Stats(accepted.get(), r, queue.size());
    }

    /**
     * Stores readings and evaluates their points' limits in one transaction; returns how many were stored. The batch is
     * first copied in whole (COPY, no conflict check per row); if any of it is stored already — a gateway's resend, a
     * Kafka replay, another instance — that transaction is rolled back and the batch goes in again skipping what is there.
     */
    public int store(List<Reading> batch) {
        if (batch.isEmpty()) return 0;
        Integer n;
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // inside a caller's transaction a failed COPY would abort it, so no second attempt could follow
            n = tx.execute(status -> storeAndJudge(batch, false));
        } else {
            try {
                n = tx.execute(status -> storeAndJudge(batch, true));
            } catch (DuplicateKeyException e) {
                n = tx.execute(status -> storeAndJudge(batch, false));
            }
        }
        accepted.addAndGet(n);
        return n;
    }

    private int storeAndJudge(List<Reading> batch, boolean copy) {
        Map<Long, MonitoringPoints.Point> points = lockPoints(batch);
        List<Reading> stored = copy ? copy(batch) : insert(batch);
        evaluate(stored, points);
        return stored.size();
    }

    /**
     * The batch's points, locked in id order (so two batches never wait for each other in a circle) and read in the
     * same statement: the state they are judged from is the one the lock protects.
     */
    private Map<Long, MonitoringPoints.Point> lockPoints(List<Reading> batch) {
        Long[] ids = batch.stream().map(Reading::pointId).distinct().sorted().toArray(Long[]::new);
        Map<Long, MonitoringPoints.Point> locked = new LinkedHashMap<>();
        for (var p : points.lockByIds(ids)) locked.put(p.id(), p);
        return locked;
    }

    /** The whole batch by COPY, on the transaction's connection; a reading stored already fails it with a {@link DuplicateKeyException}. */
    private List<Reading> copy(List<Reading> batch) {
        StringBuilder rows = new StringBuilder(batch.size() * 48);
        for (Reading r : batch) {
            rows.append(r.pointId()).append('\t').append(r.ts()).append('\t').append(r.value().toPlainString()).append('\n');
        }
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new ByteArrayInputStream(rows.toString().getBytes(StandardCharsets.US_ASCII)));
        } catch (SQLException e) {
            throw Objects.requireNonNull(SQL_ERRORS.translate("COPY reading", COPY, e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
        return batch;
    }

    private static final String COPY = "copy reading (point_id, ts, value) from stdin";
    private static final SQLStateSQLExceptionTranslator SQL_ERRORS = new SQLStateSQLExceptionTranslator();

    /** One multi-row insert for the whole batch; returns the readings it stored (not those already there). */
    List<Reading> insert(List<Reading> batch) {
        Long[] ids = new Long[batch.size()];
        String[] ts = new String[batch.size()];
        String[] values = new String[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            ids[i] = batch.get(i).pointId();
            ts[i] = batch.get(i).ts().toString();
            values[i] = batch.get(i).value().toPlainString();
        }
        Set<Key> inserted = new HashSet<>(jdbc.sql("""
                insert into reading (point_id, ts, value) select * from unnest(:p::bigint[], :t::timestamptz[], :v::numeric[])
                on conflict (point_id, ts) do nothing returning point_id, ts
                """).param("p", ids).param("t", ts).param("v", values)
                .query((rs, i) -> new Key(rs.getLong(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant())).list());
        List<Reading> stored = new ArrayList<>(inserted.size());
        for (Reading r : batch) {
            if (inserted.remove(new Key(r.pointId(), r.ts()))) stored.add(r); // a repeat inside the batch: its first
        }
        return stored;
    }

    private record Key(long pointId, Instant ts) { }

    /**
     * Judges the stored readings, per point in time order, with a fixed number of statements per batch (the open
     * alarms, every point's live state, every alarm's new peak); only raising, upgrading and ending an excursion write
     * on their own, as each is a recorded, audited event.
     */
    private void evaluate(List<Reading> batch, Map<Long, MonitoringPoints.Point> meta) {
        if (batch.isEmpty()) return;
        Map<Long, List<Reading>> byPoint = new LinkedHashMap<>();
        for (Reading r : batch) byPoint.computeIfAbsent(r.pointId(), k -> new ArrayList<>()).add(r);
        Map<Long, BigDecimal> peaks = new LinkedHashMap<>();
        Map<Long, Alarms.Alarm> open = alarms.openThresholdAlarms(byPoint.keySet());
        Set<Long> offline = new HashSet<>();
        List<String[]> live = new ArrayList<>();
        Instant latestAll = Instant.EPOCH;
        for (var entry : byPoint.entrySet()) {
            var p = meta.get(entry.getKey());
            if (p == null || p.disabledAt() != null) continue; // 停用: stored, not judged
            List<Reading> readings = entry.getValue();
            readings.sort(Comparator.comparing(Reading::ts));
            if (!p.online()) offline.add(p.id());
            AlarmRule rule = p.rule();
            Alarms.Alarm alarm = open.get(p.id());
            AlarmLevel active = alarm != null && alarm.returnedAt() == null ? AlarmLevel.valueOf(alarm.level()) : null;
            AlarmLevel pending = p.pendingLevel() == null ? null : AlarmLevel.valueOf(p.pendingLevel());
            Instant pendingSince = p.pendingSince();
            BigDecimal peak = alarm == null ? null : alarm.peak();
            boolean skipOld = p.lastAt() != null;
            for (Reading r : readings) {
                if (skipOld && r.ts().isBefore(p.lastAt())) continue; // a late reading is stored, not re-judged
                var d = rule.next(active, pending, pendingSince, r.value(), r.ts());
                switch (d.action()) {
                    case RAISE -> {
                        alarm = alarms.raise(p, d.level(), r.value(), d.threshold(), r.ts());
                        active = d.level();
                        peak = r.value();
                    }
                    case UPGRADE -> {
                        alarms.upgrade(alarm, d.level(), r.value(), d.threshold());
                        active = d.level();
                        peak = r.value();
                        peaks.remove(alarm.id()); // written with the upgrade
                    }
                    case RETURN -> {
                        alarms.returned(alarm, r.ts());
                        active = null;
                    }
                    case NONE -> {
                        if (active != null && Excursions.beyond(active, r.value(), peak)) {
                            peak = r.value();
                            peaks.put(alarm.id(), peak);
                        }
                    }
                    case PENDING -> { }
                }
                pending = d.pendingLevel();
                pendingSince = d.pendingSince();
            }
            Reading last = readings.get(readings.size() - 1);
            if (p.lastAt() == null || !last.ts().isBefore(p.lastAt())) {
                live.add(new String[] {String.valueOf(p.id()), last.value().toPlainString(), last.ts().toString(),
                        pending == null ? null : pending.name(), pendingSince == null ? null : pendingSince.toString()});
            }
            if (last.ts().isAfter(latestAll)) latestAll = last.ts();
        }
        updateLive(live);
        alarms.peaks(peaks);
        alarms.backOnline(offline, latestAll);
    }

    /** Every point's latest value and pending excursion in one statement for the whole batch. */
    private void updateLive(List<String[]> rows) {
        if (rows.isEmpty()) return;
        String[][] columns = new String[5][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < 5; c++) columns[c][i] = rows.get(i)[c];
        }
        jdbc.sql("""
                update monitoring_point p set last_value = u.v::numeric, last_at = u.t::timestamptz, pending_level = u.pl,
                       pending_since = u.ps::timestamptz
                  from unnest(:ids::bigint[], :v::text[], :t::text[], :pl::text[], :ps::text[]) as u(id, v, t, pl, ps)
                 where p.id = u.id
                """).param("ids", columns[0]).param("v", columns[1]).param("t", columns[2]).param("pl", columns[3])
                .param("ps", columns[4]).update();
    }

    /**
     * Takes batches off the queue and stores them. A batch that fails is not dropped — its readings were acknowledged
     * to the gateway (ADR 0034) — but tried again after a back-off (the database may be away), and after
     * {@link #WHOLE_BATCH_ATTEMPTS} failures reading by reading, so that one reading the database refuses cannot hold
     * the others. Meanwhile new readings wait in the queue, up to its bound.
     */
    private void loop() {
        List<Incoming> taken = new ArrayList<>(BATCH);
        List<Reading> batch = new ArrayList<>(BATCH);
        int failures = 0;
        while (running || !queue.isEmpty() || !taken.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    if (taken.isEmpty()) {
                        Incoming first = queue.poll(200, TimeUnit.MILLISECONDS);
                        if (first == null) continue;
                        taken.add(first);
                        queue.drainTo(taken, BATCH - 1);
                        if (taken.size() < SMALL_BATCH && running && lingerNanos > 0) {
                            LockSupport.parkNanos(lingerNanos); // asleep: an offer meanwhile wakes nobody
                            queue.drainTo(taken, BATCH - taken.size());
                        }
                    }
                    resolve(taken, (in, reading) -> batch.add(reading));
                    taken.clear();
                    if (batch.isEmpty()) continue; // all refused
                }
                if (failures < WHOLE_BATCH_ATTEMPTS) store(batch); else storeEach(batch, r -> { });
                batch.clear();
                failures = 0;
            } catch (InterruptedException e) {
                // stop() wakes the worker; the loop still stores what the queue holds before it ends
            } catch (RuntimeException e) {
                failures++;
                LOG.error("Readings batch of {} failed (attempt {}); it is tried again", batch.isEmpty() ? taken.size() : batch.size(), failures, e);
                if (!running || !pause(failures)) break; // stopping with the database away: what is left is counted below
            }
        }
        int lost = batch.size() + taken.size() + queue.size();
        if (lost > 0) {
            rejected.get(Rejection.FAILED).addAndGet(lost);
            LOG.error("Stopped with {} readings not stored (the database did not take them)", lost);
        }
    }

    /** Sets how long a small batch waits for more readings; a benchmark's A/B of the same burst with and without it. */
    public void linger(Duration linger) {
        lingerNanos = linger.toNanos();
    }

    /** After repeated failures of a whole batch: reading by reading, dropping (counted) only a reading the database refuses. */
    int storeEach(List<Reading> batch, java.util.function.Consumer<Reading> refused) {
        int n = 0;
        for (Reading r : batch) {
            try {
                n += store(List.of(r));
            } catch (DataIntegrityViolationException e) {
                refused.accept(r);
                reject(Rejection.FAILED, "point " + r.pointId(), e.getMostSpecificCause().toString());
            }
        }
        return n;
    }

    /** Waits before the next attempt, longer after each failure (0.5 s doubling up to 30 s); false if interrupted. */
    static boolean pause(int failures) {
        try {
            Thread.sleep(Math.min(30_000L, 500L << Math.min(failures, 6)));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void start() {
        running = true;
        worker = Workers.start("monitoring-ingestion", this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Workers.stop(worker, Thread::interrupt, Duration.ofSeconds(5)); // the interrupt ends its wait on the queue
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000; // stops after the MQTT client, so queued readings are stored
    }
}
