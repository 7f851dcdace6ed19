package cn.shuangkong.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A level sensor of a test's own on the chemical works' tank farm (低 1.0, 高 8.5, 高高 9.0 m, deadband 0.2 m), fed
 * through the HTTP readings API: the same store and alarm judgement as MQTT, but synchronous, so a test needs no waiting.
 * Its reporting interval is an hour, so that the offline sweep leaves it alone while a test runs.
 */
public final class Sensors {

    public final String code;
    public final long pointId;
    private final Api chem;

    private Sensors(Api chem, String code, long pointId) {
        this.chem = chem;
        this.code = code;
        this.pointId = pointId;
    }

    /**
     * How many alarms not cleared rank ahead of {@code alarmId} where the latest are listed first (raised, then id: the
     * 驾驶舱 and the 大屏 list 20). Ahead of one raised now may be more than the city's own: an offline sweep that ran
     * while another test had moved the shared clock on leaves alarms raised after the clock once it is put back.
     */
    public static long aheadOnScreen(JdbcClient jdbc, long alarmId) {
        return jdbc.sql("""
                select count(*) from alarm a, alarm o where o.id = :id and a.state <> 'CLEARED'
                   and (a.raised_at, a.id) > (o.raised_at, o.id)""").param("id", alarmId).query(Long.class).single();
    }

    public static Sensors levelOnTankFarm(Api chem, JdbcClient jdbc, int debounceSeconds) {
        long enterprise = jdbc.sql("select enterprise_id from user_account where username = 'ent_chem'").query(Long.class).single();
        long tankFarm = jdbc.sql("select id from risk_point where enterprise_id = :e and major_hazard_source order by id limit 1")
                .param("e", enterprise).query(Long.class).single();
        String code = "TS" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        var r = chem.post("/api/v1/monitoring/points", Api.json(Map.of("code", code, "name", "测试液位 " + code, "kind", "LEVEL",
                "unit", "m", "riskPointId", tankFarm, "low", 1.0, "high", 8.5, "highHigh", 9.0, "deadband", 0.2))
                .replace("}", ",\"debounceSeconds\":" + debounceSeconds + ",\"intervalSeconds\":3600}"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        long id = jdbc.sql("select id from monitoring_point where enterprise_id = :e and code = :c").param("e", enterprise)
                .param("c", code).query(Long.class).single();
        return new Sensors(chem, code, id);
    }

    /** One reading, stored and judged before this returns. */
    public void read(String value, Instant ts) {
        var r = chem.post("/api/v1/monitoring/readings",
                "{\"readings\":[{\"point\":\"" + code + "\",\"value\":" + value + ",\"ts\":\"" + ts + "\"}]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
}
