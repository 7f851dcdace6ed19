package cn.shuangkong.monitoring;

import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PageTest;
import cn.shuangkong.support.Sensors;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import cn.shuangkong.monitoring.internal.MonitoringPoints;
import cn.shuangkong.shared.Jurisdiction;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One alarm is one excursion: a return to normal beyond the deadband ends it, and a later excursion is a new alarm. */
class AlarmExcursionsTest extends PageTest {

    @Autowired
    MonitoringPoints points;

    private record Row(long id, Instant raisedAt, Instant returnedAt, String state) { }

    @Test
    void a_return_to_normal_ends_the_alarm_and_the_next_excursion_is_a_new_alarm_shaded_on_its_own() throws Exception {
        Api chem = loggedIn("ent_chem");
        Sensors level = Sensors.levelOnTankFarm(chem, jdbc, 10);
        // As reported: up at "09:35", back at "09:38", normal for eight minutes, up again at "09:46" — relative to the clock.
        Instant t = clock.instant().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        level.read("7.90", t);
        level.read("8.80", t.plus(Duration.ofMinutes(5)));
        level.read("8.90", t.plus(Duration.ofMinutes(5)).plusSeconds(10)); // past the 10 s debounce: alarm
        level.read("8.40", t.plus(Duration.ofMinutes(7)));                 // under 8.5 but inside the 0.2 deadband: same excursion
        level.read("8.10", t.plus(Duration.ofMinutes(8)));                 // under 8.3: the excursion is over
        for (int m = 9; m <= 15; m++) level.read("7.90", t.plus(Duration.ofMinutes(m)));
        level.read("8.80", t.plus(Duration.ofMinutes(16)));
        level.read("8.95", t.plus(Duration.ofMinutes(16)).plusSeconds(15)); // a second excursion

        List<Row> alarms = jdbc.sql("select id, raised_at, returned_at, state from alarm where point_id = :p order by id")
                .param("p", level.pointId).query(Row.class).list();
        assertThat(alarms).as("two excursions, two alarms").hasSize(2);
        Row first = alarms.get(0), second = alarms.get(1);
        assertThat(first.raisedAt()).isEqualTo(t.plus(Duration.ofMinutes(5)).plusSeconds(10));
        assertThat(first.returnedAt()).as("the first ends where the level came back").isEqualTo(t.plus(Duration.ofMinutes(8)));
        assertThat(second.raisedAt()).isEqualTo(t.plus(Duration.ofMinutes(16)).plusSeconds(15));
        assertThat(second.returnedAt()).isNull();
        assertThat(first.state()).as("over, but nobody has acknowledged it yet").isEqualTo("ACTIVE");

        // The chart of the first alarm shades each excursion on its own: the eight normal minutes between are not shaded.
        browser.loginAs("ent_chem").open("/monitoring/alarms/" + first.id());
        await().alias("the alarm chart loaded").atMost(Patience.CONDITION).until(() -> "true".equals(browser.find("#alarm-chart").getAttribute("data-loaded")));
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("document.getElementById('alarm-chart').scrollIntoView()");
        browser.screenshot("monitoring-alarm-two-excursions");
        JsonNode chart = pageJson("/monitoring/alarms/" + first.id() + "/readings");
        // The chart's samples are the readings (one per time bucket), the second excursion's peak among them; they are
        // read in the viewer's scope, so another enterprise's scope gets none of this point's.
        assertThat(java.util.stream.StreamSupport.stream(chart.get("data").spliterator(), false).map(d -> d.get(1).decimalValue()))
                .isNotEmpty().anyMatch(v -> v.compareTo(new java.math.BigDecimal("8.95")) == 0);
        Instant chartFrom = Instant.ofEpochMilli(chart.get("from").asLong()), chartTo = Instant.ofEpochMilli(chart.get("to").asLong());
        assertThat(points.readings(Jurisdiction.enterprise(enterpriseIdOf("ent_chem"), "本企业"), level.pointId, chartFrom, chartTo)).isNotEmpty();
        assertThat(points.readings(Jurisdiction.enterprise(-1, "他企"), level.pointId, chartFrom, chartTo)).isEmpty();
        JsonNode episodes = chart.get("episodes");
        assertThat(episodes).hasSize(2);
        assertThat(episodes.get(0).get("id").asLong()).isEqualTo(first.id());
        assertThat(episodes.get(0).get("current").asBoolean()).isTrue();
        assertThat(episodes.get(0).get("returnedAt").asLong()).isEqualTo(first.returnedAt().toEpochMilli());
        assertThat(episodes.get(1).get("id").asLong()).isEqualTo(second.id());
        assertThat(episodes.get(1).get("current").asBoolean()).isFalse();
        assertThat(episodes.get(1).get("raisedAt").asLong()).isEqualTo(second.raisedAt().toEpochMilli());

        // The duty-room screen lists both, each as it stands: nobody has acknowledged either, so both are 报警中.
        // (each unless 20 others rank ahead of it: see Sensors.aheadOnScreen)
        List<String> screen = screenAlarms();
        List<String> shown = screen.stream().filter(line -> line.contains(level.code)).toList();
        assertThat(shown).allMatch(line -> line.contains("报警中"));
        for (Row a : alarms.subList(0, 2 - shown.size())) { // the earlier is the first to be crowded out
            assertThat(screen).as("alarm %d not shown, so the screen is full", a.id()).hasSize(20);
            assertThat(Sensors.aheadOnScreen(jdbc, a.id())).isGreaterThanOrEqualTo(20);
        }
        browser.screenshot("dashboard-screen-live-alarms");

        // Both are handled on their own; once cleared they leave the screen, and the tank farm is left as the test found it.
        level.read("7.90", t.plus(Duration.ofMinutes(17)));
        for (Row a : alarms) {
            assertThat(chem.post("/api/v1/monitoring/alarms/" + a.id() + "/acknowledge", "{}").status()).isEqualTo(200);
            assertThat(chem.post("/api/v1/monitoring/alarms/" + a.id() + "/clear", "{}").json().get("state").asString()).isEqualTo("CLEARED");
        }
        assertThat(jdbc.sql("select count(*) from alarm where point_id = :p and state <> 'CLEARED'").param("p", level.pointId)
                .query(Long.class).single()).isZero();
        assertThat(screenAlarms()).noneMatch(line -> line.contains(level.code));

        // In 预警中心 the alert about the first alarm has closed itself, saying what cleared it.
        cn.shuangkong.alerting.OwedAlarmAlerts.awaitMade(jdbc, first.id());
        long alert = jdbc.sql("select id from alert where rule_code = 'SENSOR_ALARM' and subject_key = :s")
                .param("s", "alarm:" + first.id()).query(Long.class).single();
        browser.open("/alerts/" + alert);
        assertThat(browser.find("#alert-status").getText()).isEqualTo("自动解除");
        assertThat(browser.text()).contains("解除原因").contains("报警已于").contains("消除");
        browser.screenshot("alert-auto-resolved");
    }

    /** The 实时报警 lines of gov_city's 数据大屏, freshly loaded. */
    private List<String> screenAlarms() {
        browser.loginAs("gov_city").open("/dashboard/screen");
        await().alias("the 数据大屏 loaded").atMost(Patience.CONDITION).until(() -> "true".equals(browser.find("[data-dashboard]").getAttribute("data-loaded")));
        return browser.all("#s-alarms li").stream().map(org.openqa.selenium.WebElement::getText).toList();
    }

    private JsonNode pageJson(String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Cookie", browser.cookieHeader())
                .header("Accept", "application/json").GET().build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }
}
