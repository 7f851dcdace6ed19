package cn.shuangkong.monitoring.internal;

import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.risk.RiskRefs;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Refs;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** 监测点: sensors bound to a major hazard source or a risk point, with their limits and live state. */
@Service
public class MonitoringPoints {

    /** What a monitoring point measures. */
    public enum Kind {
        GAS("可燃/有毒气体浓度"), LEVEL("液位"), TEMPERATURE("温度"), PRESSURE("压力"), FLOW("流量"), OTHER("其他");
        public final String label;
        Kind(String label) { this.label = label; }
        public String label() { return label; }
    }

    /** A monitoring point with its limits and its latest reading. */
    public record Point(long id, long enterpriseId, Long sourceId, Long riskPointId, String code, String name, String kind,
                        String unit, BigDecimal lowLow, BigDecimal low, BigDecimal high, BigDecimal highHigh, BigDecimal deadband,
                        int debounceSeconds, int intervalSeconds, BigDecimal lastValue, Instant lastAt, boolean online,
                        String pendingLevel, Instant pendingSince, Instant createdAt, String enterpriseName, String creditCode,
                        String riskPointName, Instant disabledAt, String regionCode) {
        public boolean disabled() {
            return disabledAt != null;
        }

        public String kindLabel() {
            return Kind.valueOf(kind).label;
        }

        AlarmRule rule() {
            return new AlarmRule(lowLow, low, high, highHigh, deadband, debounceSeconds);
        }

        public String limitsLabel() {
            StringBuilder b = new StringBuilder();
            if (lowLow != null) b.append("低低 ").append(lowLow.stripTrailingZeros().toPlainString()).append(' ');
            if (low != null) b.append("低 ").append(low.stripTrailingZeros().toPlainString()).append(' ');
            if (high != null) b.append("高 ").append(high.stripTrailingZeros().toPlainString()).append(' ');
            if (highHigh != null) b.append("高高 ").append(highHigh.stripTrailingZeros().toPlainString());
            return b.toString().trim() + " " + unit;
        }
    }

    /** A new point as declared by the enterprise (or its system over the API). */
    public record Draft(String code, String name, String kind, String unit, Long sourceId, Long riskPointId, BigDecimal lowLow,
                        BigDecimal low, BigDecimal high, BigDecimal highHigh, BigDecimal deadband, Integer debounceSeconds,
                        Integer intervalSeconds) { }

    public static final String SELECT = """
            select p.*, e.name as enterprise_name, e.credit_code, rp.name as risk_point_name, e.region_code
              from monitoring_point p join (%s) e on e.id = p.enterprise_id
              left join (%s) rp on rp.id = p.risk_point_id
            """.formatted(OrganizationFacts.enterprises(), RiskFacts.points());

    private final JdbcClient jdbc;
    private final Refs refs;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    MonitoringPoints(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock, Refs refs) {
        this.refs = refs;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    public List<Point> list(Jurisdiction scope, Long enterpriseId) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where " + f.sql() + (enterpriseId == null ? "" : " and p.enterprise_id = :ent")
                        + " order by e.name, p.code")
                .params(f.params()).params(enterpriseId == null ? Map.of() : Map.of("ent", enterpriseId))
                .query(POINTS).list();
    }

    public Optional<Point> find(Jurisdiction scope, long id) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where p.id = :id and " + f.sql()).param("id", id).params(f.params()).query(POINTS).optional();
    }

    private static final RowMapper<Point> POINTS = Rows.of(Point.class);

    List<Point> byIds(java.util.Collection<Long> ids) {
        return jdbc.sql(SELECT + " where p.id = any(:ids)").param("ids", ids.toArray(Long[]::new)).query(POINTS).list();
    }

    /**
     * The points, locked for update in id order: what one ingestion batch judges, one batch at a time per point. Mapped
     * by hand: this runs once per batch on the ingestion path, where the reflective record mapper showed in profiles.
     */
    List<Point> lockByIds(Long[] ids) {
        return jdbc.sql(SELECT + " where p.id = any(:ids) order by p.id for update of p").param("ids", ids).query((rs, i) -> new Point(
                rs.getLong("id"), rs.getLong("enterprise_id"), (Long) rs.getObject("source_id", Long.class),
                (Long) rs.getObject("risk_point_id", Long.class), rs.getString("code"), rs.getString("name"), rs.getString("kind"),
                rs.getString("unit"), rs.getBigDecimal("low_low"), rs.getBigDecimal("low"), rs.getBigDecimal("high"),
                rs.getBigDecimal("high_high"), rs.getBigDecimal("deadband"), rs.getInt("debounce_seconds"), rs.getInt("interval_seconds"),
                rs.getBigDecimal("last_value"), instant(rs, "last_at"), rs.getBoolean("online"), rs.getString("pending_level"),
                instant(rs, "pending_since"), instant(rs, "created_at"), rs.getString("enterprise_name"), rs.getString("credit_code"),
                rs.getString("risk_point_name"), instant(rs, "disabled_at"), rs.getString("region_code"))).list();
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        var t = rs.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** The points of one enterprise that messages name, by 位号; codes it does not have are left out. */
    Map<String, Long> idsOf(String creditCode, java.util.Collection<String> codes) {
        return jdbc.sql("select p.code, p.id from monitoring_point p join (" + OrganizationFacts.enterprises() + ") e on e.id = p.enterprise_id where e.credit_code = :c and p.code = any(:p)")
                .param("c", creditCode).param("p", codes.toArray(String[]::new))
                .query(Rows.pairs(String.class, Long.class));
    }

    @Transactional
    public Point create(Actor me, long enterpriseId, Draft d) {
        Checked c = check(enterpriseId, d, null);
        long id = jdbc.sql("""
                insert into monitoring_point (enterprise_id, source_id, risk_point_id, code, name, kind, unit, low_low, low, high,
                    high_high, deadband, debounce_seconds, interval_seconds, created_at)
                values (:e, :s, :r, :code, :name, :kind, :unit, :ll, :l, :h, :hh, :db, :deb, :iv, :t) returning id
                """).param("e", enterpriseId).params(c.params(d)).param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        Point p = byIds(List.of(id)).get(0);
        audit("新增监测点", p, p.code() + " " + p.name() + "（" + p.limitsLabel() + "）");
        return p;
    }

    /** Changes a point of the actor's own enterprise, with the same checks as {@link #create}. */
    @Transactional
    public Point update(Actor me, long id, Draft d) {
        Point before = own(me, id);
        Checked c = check(before.enterpriseId(), d, id);
        jdbc.sql("""
                update monitoring_point set source_id = :s, risk_point_id = :r, code = :code, name = :name, kind = :kind, unit = :unit,
                    low_low = :ll, low = :l, high = :h, high_high = :hh, deadband = :db, debounce_seconds = :deb, interval_seconds = :iv,
                    pending_level = null, pending_since = null
                 where id = :id
                """).params(c.params(d)).param("id", id).update();
        Point p = byIds(List.of(id)).get(0);
        audit("修改监测点", p, p.code() + " " + p.name() + "：" + before.limitsLabel() + " → " + p.limitsLabel()
                + "，上报周期 " + p.intervalSeconds() + " 秒");
        return p;
    }

    /** Stops (or resumes) judging a point: a disabled point's readings are still stored but raise no alarm, and it never goes offline. */
    @Transactional
    public Point setDisabled(Actor me, long id, boolean disabled) {
        Point before = own(me, id);
        if ((before.disabledAt() != null) == disabled) return before;
        jdbc.sql("update monitoring_point set disabled_at = :t, online = true, pending_level = null, pending_since = null where id = :id")
                .param("t", disabled ? Timestamp.from(clock.instant()) : null).param("id", id).update();
        Point p = byIds(List.of(id)).get(0);
        audit(disabled ? "停用监测点" : "启用监测点", p, p.code() + " " + p.name());
        return p;
    }

    /** One bucket of a point's readings: the bucket's start in epoch milliseconds and the mean, to three decimals. */
    public record Sample(long t, BigDecimal v) { }

    /**
     * A point's readings between two instants for a chart: at most ~600 samples, beyond that one mean per time bucket.
     * Only a point in scope has any; another's id gives none.
     */
    public List<Sample> readings(Jurisdiction scope, long pointId, Instant from, Instant to) {
        long bucketMs = Math.max(1000, java.time.Duration.between(from, to).toMillis() / 600);
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                select (extract(epoch from ts) * 1000)::bigint / :b * :b as t, round(avg(value), 3) as v from reading
                 where point_id = :p and ts between :from and :to
                   and exists (select 1 from monitoring_point mp join (%s) e on e.id = mp.enterprise_id where mp.id = :p and %s)
                 group by 1 order by 1
                """.formatted(OrganizationFacts.enterprises(), f.sql())).param("b", bucketMs).param("p", pointId)
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).params(f.params())
                .query(Sample.class).list();
    }

    /** Major hazard sources and risk points of an enterprise a point can be bound to: lists of [id, label]. */
    public Map<String, List<Map<String, Object>>> bindings(long enterpriseId) {
        return Map.of(
                "sources", jdbc.sql("""
                        select s.id, rp.name as label from major_hazard_source s join (%s) rp on rp.id = s.risk_point_id
                         where s.enterprise_id = :e order by rp.name""".formatted(RiskFacts.points())).param("e", enterpriseId).query().listOfRows(),
                "riskPoints", jdbc.sql("select rp.id, coalesce(rp.code || ' ', '') || rp.name as label from (%s) rp where rp.enterprise_id = :e order by rp.code, rp.name"
                        .formatted(RiskFacts.points()))
                        .param("e", enterpriseId).query().listOfRows());
    }

    /** A point the actor may change: in its jurisdiction and, for an enterprise user, of its own enterprise; else 404. */
    public Point own(Actor me, long id) {
        return find(me.jurisdiction(), id).filter(p -> me.enterpriseId() == null || me.enterpriseId().longValue() == p.enterpriseId())
                .orElseThrow(() -> DomainException.notFound("监测点"));
    }

    private void audit(String action, Point p, String detail) {
        String region = jdbc.sql("select e.region_code from (%s) e where e.id = :e".formatted(OrganizationFacts.enterprises())).param("e", p.enterpriseId()).query(String.class).single();
        events.publishEvent(new StateChanged(action, "monitoring_point", String.valueOf(p.id()), detail, p.enterpriseId(), region));
    }

    private record Checked(Long sourceId, Long riskPointId, Kind kind) {
        Map<String, Object> params(Draft d) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("s", sourceId);
            m.put("r", riskPointId);
            m.put("code", d.code().strip());
            m.put("name", d.name().strip());
            m.put("kind", kind.name());
            m.put("unit", d.unit().strip());
            m.put("ll", d.lowLow());
            m.put("l", d.low());
            m.put("h", d.high());
            m.put("hh", d.highHigh());
            m.put("db", d.deadband() == null ? BigDecimal.ZERO : d.deadband());
            m.put("deb", d.debounceSeconds() == null ? 0 : d.debounceSeconds());
            m.put("iv", d.intervalSeconds() == null ? 10 : d.intervalSeconds());
            return m;
        }
    }

    /** Every check of a draft; throws a {@link DomainException} with one Chinese message per field. */
    private Checked check(long enterpriseId, Draft d, Long self) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (blank(d.code())) errors.put("code", "请填写监测点位号");
        else if (!d.code().strip().matches("[A-Za-z0-9_.\\-]{1,40}")) errors.put("code", "位号只能含字母、数字、-_.（它也是 MQTT 主题的一段）");
        else if (d.code().strip().equals(Payloads.SCAN)) errors.put("code", "位号不能是 _batch（它是网关批量报文的主题）");
        if (blank(d.name())) errors.put("name", "请填写监测点名称");
        if (blank(d.unit())) errors.put("unit", "请填写计量单位");
        Kind kind = null;
        try {
            kind = Kind.valueOf(d.kind());
        } catch (RuntimeException e) {
            errors.put("kind", "监测类型应为 GAS、LEVEL、TEMPERATURE、PRESSURE、FLOW 或 OTHER");
        }
        if (d.high() == null && d.highHigh() == null && d.low() == null && d.lowLow() == null) {
            errors.put("high", "请至少设定一个报警阈值");
        }
        // 低低 < 低 < 高 < 高高 among the limits given: each is checked against the nearest lower one that is set.
        String[] fields = {"lowLow", "low", "high", "highHigh"};
        String[] labels = {"低低报", "低报", "高报", "高高报"};
        BigDecimal[] values = {d.lowLow(), d.low(), d.high(), d.highHigh()};
        int below = -1;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) continue;
            if (below >= 0 && values[below].compareTo(values[i]) >= 0) {
                errors.putIfAbsent(fields[i], labels[i] + "阈值须高于" + labels[below] + "阈值");
            }
            below = i;
        }
        if (d.deadband() != null && d.deadband().signum() < 0) errors.put("deadband", "回差不能为负");
        if (d.debounceSeconds() != null && d.debounceSeconds() < 0) errors.put("debounceSeconds", "延时不能为负");
        if (d.intervalSeconds() != null && d.intervalSeconds() <= 0) errors.put("intervalSeconds", "上报周期须大于0秒");
        Long riskPointId = d.riskPointId();
        if (d.sourceId() != null) {
            riskPointId = jdbc.sql("select risk_point_id from major_hazard_source where id = :s and enterprise_id = :e")
                    .param("s", d.sourceId()).param("e", enterpriseId).query(Long.class).optional().orElse(null);
            if (riskPointId == null) errors.put("sourceId", "重大危险源不存在或不属于本企业");
        } else if (riskPointId == null) {
            errors.put("riskPointId", "请选择监测点所属的重大危险源或风险点");
        } else {
            refs.within(enterpriseId, RiskRefs.RISK_POINT, riskPointId);
        }
        if (!errors.isEmpty()) throw new DomainException(HttpStatus.BAD_REQUEST, String.join("；", errors.values()), errors);
        if (jdbc.sql("select count(*) from monitoring_point where enterprise_id = :e and code = :c and id <> :self").param("e", enterpriseId)
                .param("c", d.code().strip()).param("self", self == null ? -1L : self).query(Long.class).single() > 0) {
            throw DomainException.invalid("code", "位号 " + d.code().strip() + " 已存在");
        }
        Long sourceId = d.sourceId() != null ? d.sourceId() : jdbc.sql("select id from major_hazard_source where risk_point_id = :r")
                .param("r", riskPointId).query(Long.class).optional().orElse(null);
        return new Checked(sourceId, riskPointId, kind);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
