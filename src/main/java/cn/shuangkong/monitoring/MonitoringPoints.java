package cn.shuangkong.monitoring;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
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
                        String riskPointName) {
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

    static final String SELECT = """
            select p.*, e.name as enterprise_name, e.credit_code, rp.name as risk_point_name
              from monitoring_point p join enterprise e on e.id = p.enterprise_id
              left join risk_point rp on rp.id = p.risk_point_id
            """;

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    MonitoringPoints(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    public List<Point> list(Jurisdiction scope, Long enterpriseId) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where " + f.sql() + (enterpriseId == null ? "" : " and p.enterprise_id = :ent")
                        + " order by e.name, p.code")
                .params(f.params()).params(enterpriseId == null ? Map.of() : Map.of("ent", enterpriseId))
                .query(Point.class).list();
    }

    public Optional<Point> find(Jurisdiction scope, long id) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where p.id = :id and " + f.sql()).param("id", id).params(f.params()).query(Point.class).optional();
    }

    List<Point> byIds(java.util.Collection<Long> ids) {
        return jdbc.sql(SELECT + " where p.id = any(:ids)").param("ids", ids.toArray(Long[]::new)).query(Point.class).list();
    }

    /** The point a message on topic shuangkong/v1/{creditCode}/{pointCode} is about. */
    Optional<Long> idOf(String creditCode, String code) {
        return jdbc.sql("select p.id from monitoring_point p join enterprise e on e.id = p.enterprise_id where e.credit_code = :c and p.code = :p")
                .param("c", creditCode).param("p", code).query(Long.class).optional();
    }

    @Transactional
    public Point create(Actor me, long enterpriseId, Draft d) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (blank(d.code())) errors.put("code", "请填写监测点位号");
        else if (!d.code().strip().matches("[A-Za-z0-9_.\\-]{1,40}")) errors.put("code", "位号只能含字母、数字、-_.（它也是 MQTT 主题的一段）");
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
        ordered(errors, d.lowLow(), d.low(), "low", "低报阈值须高于低低报阈值");
        ordered(errors, d.low(), d.high(), "high", "高报阈值须高于低报阈值");
        ordered(errors, d.high(), d.highHigh(), "highHigh", "高高报阈值须高于高报阈值");
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
        } else if (jdbc.sql("select count(*) from risk_point where id = :r and enterprise_id = :e").param("r", riskPointId)
                .param("e", enterpriseId).query(Long.class).single() == 0) {
            errors.put("riskPointId", "风险点不存在或不属于本企业");
        }
        if (!errors.isEmpty()) throw new DomainException(HttpStatus.BAD_REQUEST, String.join("；", errors.values()), errors);
        if (jdbc.sql("select count(*) from monitoring_point where enterprise_id = :e and code = :c").param("e", enterpriseId)
                .param("c", d.code().strip()).query(Long.class).single() > 0) {
            throw DomainException.invalid("code", "位号 " + d.code().strip() + " 已存在");
        }
        Long sourceId = d.sourceId() != null ? d.sourceId() : jdbc.sql("select id from major_hazard_source where risk_point_id = :r")
                .param("r", riskPointId).query(Long.class).optional().orElse(null);
        long id = jdbc.sql("""
                insert into monitoring_point (enterprise_id, source_id, risk_point_id, code, name, kind, unit, low_low, low, high,
                    high_high, deadband, debounce_seconds, interval_seconds, created_at)
                values (:e, :s, :r, :code, :name, :kind, :unit, :ll, :l, :h, :hh, :db, :deb, :iv, :t) returning id
                """).param("e", enterpriseId).param("s", sourceId).param("r", riskPointId).param("code", d.code().strip())
                .param("name", d.name().strip()).param("kind", kind.name()).param("unit", d.unit().strip())
                .param("ll", d.lowLow()).param("l", d.low()).param("h", d.high()).param("hh", d.highHigh())
                .param("db", d.deadband() == null ? BigDecimal.ZERO : d.deadband())
                .param("deb", d.debounceSeconds() == null ? 0 : d.debounceSeconds())
                .param("iv", d.intervalSeconds() == null ? 10 : d.intervalSeconds())
                .param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        String region = jdbc.sql("select region_code from enterprise where id = :e").param("e", enterpriseId).query(String.class).single();
        Point p = byIds(List.of(id)).get(0);
        events.publishEvent(new StateChanged("新增监测点", "monitoring_point", String.valueOf(id),
                p.code() + " " + p.name() + "（" + p.limitsLabel() + "）", enterpriseId, region));
        return p;
    }

    private static void ordered(Map<String, String> errors, BigDecimal lower, BigDecimal upper, String field, String message) {
        if (lower != null && upper != null && lower.compareTo(upper) >= 0) errors.putIfAbsent(field, message);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
