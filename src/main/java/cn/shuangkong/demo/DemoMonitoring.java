package cn.shuangkong.demo;

import cn.shuangkong.monitoring.internal.MonitoringPoints;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import java.math.BigDecimal;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tank farm's sensors at the demo chemical works: liquid level, temperature, nitrogen-blanket pressure, flammable
 * gas and loading flow, bound to the risk point 甲类储罐区 (not yet declared as a 重大危险源: declaring it is the first
 * step of the demo tour). The simulator ({@code shuangkong.monitoring.simulator}) feeds them through the broker.
 */
@Component
@Profile("demo")
@Order(50)
class DemoMonitoring implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoMonitoring.class);

    private final JdbcClient jdbc;
    private final MonitoringPoints points;
    private final Clock clock;

    DemoMonitoring(JdbcClient jdbc, MonitoringPoints points, Clock clock) {
        this.jdbc = jdbc;
        this.points = points;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        DemoLoads.holdUntilCommit(jdbc);
        if (DemoLoads.loaded(jdbc, "monitoring")) return;
        long chem = jdbc.sql("select enterprise_id from user_account where username = 'ent_chem'").query(Long.class).single();
        Long tankFarm = jdbc.sql("select id from risk_point where enterprise_id = :e and major_hazard_source order by id limit 1")
                .param("e", chem).query(Long.class).optional().orElse(null);
        if (tankFarm == null) return;
        Actor system = new DemoRisks.Signer("ent_chem", "陆海峰（安全科长）");
        point(system, chem, tankFarm, "LT-101", "T-101 甲醇储罐液位", "LEVEL", "m", "0.5", "1.0", "8.5", "9.0", "0.2", 10, 5);
        point(system, chem, tankFarm, "TT-101", "T-101 甲醇储罐温度", "TEMPERATURE", "°C", null, "-5", "35", "40", "1", 30, 5);
        point(system, chem, tankFarm, "PT-104", "T-104 甲苯储罐氮封压力", "PRESSURE", "kPa", "0.1", "0.2", "1.5", "2.0", "0.05", 10, 5);
        point(system, chem, tankFarm, "AT-101", "罐区可燃气体浓度", "GAS", "%LEL", null, null, "25", "50", "2", 5, 5);
        point(system, chem, tankFarm, "FT-201", "装卸鹤管流量", "FLOW", "m³/h", null, null, "120", "150", "5", 10, 5);
        DemoLoads.markLoaded(jdbc, "monitoring", clock);
        log.info("Demo monitoring points loaded");
    }

    private void point(Actor who, long enterprise, long riskPoint, String code, String name, String kind, String unit, String ll, String l,
                       String h, String hh, String deadband, int debounce, int interval) {
        points.create(who, enterprise, new MonitoringPoints.Draft(code, name, kind, unit, null, riskPoint, dec(ll), dec(l), dec(h), dec(hh),
                dec(deadband), debounce, interval));
    }

    private static BigDecimal dec(String s) {
        return s == null ? null : new BigDecimal(s);
    }
}
