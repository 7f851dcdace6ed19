package cn.shuangkong.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.monitoring.internal.MonitoringDetails;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.NotInScope;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.Sensors;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The 重大危险源 and 报警 detail pages resolve their record in the caller's scope in the service (ADR 0076), before
 * the evaluations, 包保 checks, points, readings and excursions are read by its ids: another enterprise gets a 404.
 */
class MonitoringDetailsTest extends PlatformTest {

    @Autowired
    MonitoringDetails details;

    Jurisdiction chem() {
        return Jurisdiction.enterprise(enterpriseIdOf("ent_chem"), "本企业");
    }

    Jurisdiction mech() {
        return Jurisdiction.enterprise(enterpriseIdOf("ent_mech"), "本企业");
    }

    @Test
    void a_sources_page_and_sign_are_read_only_in_its_enterprises_scope() {
        long tankFarm = jdbc.sql("select id from risk_point where enterprise_id = :e and major_hazard_source order by id limit 1")
                .param("e", enterpriseIdOf("ent_chem")).query(Long.class).single();
        var r = loggedIn("ent_chem").post("/api/v1/major-hazard-sources", "{\"riskPointId\":" + tankFarm
                + ",\"unitType\":\"STORAGE\",\"population\":60,\"substances\":[{\"name\":\"甲醇\",\"category\":\"W5.3\",\"quantity\":4000}]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        long id = r.json().get("id").asLong();

        assertThatThrownBy(() -> details.source(mech(), id)).isInstanceOf(NotInScope.class);
        assertThatThrownBy(() -> details.sign(mech(), id)).isInstanceOf(NotInScope.class);

        var page = details.source(chem(), id);
        assertThat(page.source().id()).isEqualTo(id);
        assertThat(page.history()).as("the evaluations, newest first").isNotEmpty()
                .first().extracting(e -> e.version()).isEqualTo(r.json().get("version").asInt());
        assertThat(page.checks()).as("the 包保 checks of the source").isNotEmpty().allMatch(c -> c.sourceId() == id);
        assertThat(new String(details.sign(chem(), id), 0, 5)).isEqualTo("%PDF-");
    }

    @Test
    void an_alarms_page_and_chart_are_read_only_in_its_enterprises_scope() {
        Api chem = loggedIn("ent_chem");
        Sensors level = Sensors.levelOnTankFarm(chem, jdbc, 10);
        Instant t = clock.instant().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        level.read("7.90", t);
        level.read("8.80", t.plus(Duration.ofMinutes(1)));
        level.read("8.90", t.plus(Duration.ofMinutes(1)).plusSeconds(15)); // past the 10 s debounce: an alarm
        long alarm = jdbc.sql("select id from alarm where point_id = :p order by id desc limit 1").param("p", level.pointId)
                .query(Long.class).single();

        assertThatThrownBy(() -> details.alarm(mech(), alarm)).isInstanceOf(NotInScope.class);
        assertThatThrownBy(() -> details.alarmWindow(mech(), alarm, clock.instant())).isInstanceOf(NotInScope.class);

        var page = details.alarm(chem(), alarm);
        assertThat(page.alarm().id()).isEqualTo(alarm);
        assertThat(page.point().id()).isEqualTo(level.pointId);
        var window = details.alarmWindow(chem(), alarm, clock.instant());
        assertThat(window.from()).isEqualTo(page.alarm().raisedAt().minus(Duration.ofMinutes(15)));
        assertThat(window.readings()).as("the point's readings around the alarm").isNotEmpty();
        assertThat(window.episodes()).extracting(a -> a.id()).contains(alarm);
    }
}
