package cn.shuangkong.monitoring.internal;

import cn.shuangkong.monitoring.Alarms.Alarm;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.risk.RiskFacts;
import java.math.BigDecimal;
import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** How an alarm is read: the one select that both the people's side ({@code Alarms}) and the writers ({@link Excursions}) use. */
public final class AlarmRows {

    /** An alarm with its point, enterprise and risk point names; append a {@code where} clause. */
    public static final String SELECT = """
            select a.*, p.code as point_code, p.name as point_name, p.unit, e.name as enterprise_name, rp.name as risk_point_name
              from alarm a join monitoring_point p on p.id = a.point_id join (%s) e on e.id = a.enterprise_id
              left join (%s) rp on rp.id = a.risk_point_id
            """.formatted(OrganizationFacts.enterprises(), RiskFacts.points());

    /** Built once: a mapper per call introspects the record each time, which showed on the ingestion path (once per batch). */
    static final DataClassRowMapper<Alarm> MAPPER = new DataClassRowMapper<>(Alarm.class);

    private AlarmRows() { }

    /** The region an audit record of the alarm is filed under. */
    public static String regionOf(JdbcClient jdbc, long enterpriseId) {
        return jdbc.sql("select e.region_code from (%s) e where e.id = :e".formatted(OrganizationFacts.enterprises()))
                .param("e", enterpriseId).query(String.class).single();
    }

    /** A reading as people write it: no trailing zeros, no exponent. */
    public static String plain(BigDecimal v) {
        return v == null ? "" : v.stripTrailingZeros().toPlainString();
    }
}
