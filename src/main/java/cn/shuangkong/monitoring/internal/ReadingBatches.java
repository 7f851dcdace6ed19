package cn.shuangkong.monitoring.internal;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Rows;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The HTTP batch API for readings: validated as a whole (all or nothing), then stored like MQTT readings. */
@Service
public class ReadingBatches {

    /** One reading: the point by its code (位号) or id. */
    public record Item(String point, Long pointId, BigDecimal value, String ts) { }

    /** What an enterprise's system sends. */
    public record Batch(List<Item> readings) { }

    private final JdbcClient jdbc;
    private final Ingestion ingestion;
    private final Clock clock;

    ReadingBatches(JdbcClient jdbc, Ingestion ingestion, Clock clock) {
        this.jdbc = jdbc;
        this.ingestion = ingestion;
        this.clock = clock;
    }

    public int accept(Actor me, long enterpriseId, Batch batch) {
        if (batch == null || batch.readings() == null || batch.readings().isEmpty()) throw DomainException.invalid("readings", "请至少上报一条数据");
        if (batch.readings().size() > 5000) throw DomainException.invalid("readings", "每批最多 5000 条");
        Map<String, Long> byCode = jdbc.sql("select code, id from monitoring_point where enterprise_id = :e").param("e", enterpriseId)
                .query(Rows.pairs(String.class, Long.class));
        Map<String, String> errors = new LinkedHashMap<>();
        List<Ingestion.Reading> readings = new ArrayList<>();
        Instant now = clock.instant();
        for (int i = 0; i < batch.readings().size(); i++) {
            Item it = batch.readings().get(i);
            String f = "readings[" + i + "]";
            Long id = it.pointId() != null ? (byCode.containsValue(it.pointId()) ? it.pointId() : null) : it.point() == null ? null : byCode.get(it.point().strip());
            if (id == null) errors.put(f + ".point", "本企业没有监测点 " + (it.point() != null ? it.point() : it.pointId()));
            if (it.value() == null) errors.put(f + ".value", "缺少数值 value");
            Instant ts = now;
            if (it.ts() != null && !it.ts().isBlank()) {
                try {
                    ts = Instant.parse(it.ts().strip());
                } catch (DateTimeParseException e) {
                    errors.put(f + ".ts", "时间应为 ISO-8601，如 2026-11-23T08:00:00Z");
                }
            }
            if (ts.isAfter(now.plusSeconds(300))) errors.put(f + ".ts", "时间不能晚于现在");
            if (id != null && it.value() != null) readings.add(new Ingestion.Reading(id, ts, it.value()));
        }
        if (!errors.isEmpty()) {
            throw new DomainException(HttpStatus.BAD_REQUEST, "有 " + errors.size() + " 处错误，整批未保存：" + errors.values().iterator().next(), errors);
        }
        return ingestion.store(readings);
    }
}
