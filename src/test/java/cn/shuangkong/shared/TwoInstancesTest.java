package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.ShuangkongApplication;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.Sensors;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * Two instances on one PostgreSQL (ADR 0020): the shared test platform, and a second instance started here in the
 * same JVM on the test's embedded PostgreSQL as an external database (its own data directory, no MQTT, no simulator).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class TwoInstancesTest extends PlatformTest {

    @Autowired
    private EmbeddedPostgres postgres;

    @Autowired
    private ApplicationContext first;

    @Value("${shuangkong.data-dir}")
    private Path dataDir;

    private OtherInstance second;
    private String secondBase;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    /** The platform's clock is one per JVM; a second application in this JVM must not take the tests' clock away. */
    private java.time.Clock firstClock;

    @BeforeAll
    void startSecondInstance() throws Exception {
        firstClock = PlatformTime.installed;
        long started = System.nanoTime();
        second = OtherInstance.start(postgres, dataDir, Map.of());
        System.out.printf("Second instance on the same PostgreSQL started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        secondBase = second.base();
    }

    @AfterAll
    void stopSecondInstance() {
        pool.shutdownNow();
        if (second != null) second.close();
        PlatformTime.installed = firstClock;
    }

    @Test
    void the_second_instance_finds_the_demo_loaded_once_and_a_session_made_on_one_works_on_the_other() throws Exception {
        assertThat(jdbc.sql("select count(*) from demo_marker where name = 'jingjiang'").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from user_account where username = 'gov_city'").query(Long.class).single()).isEqualTo(1);

        String cookie = signIn("http://localhost:" + port, "gov_city");
        var http = HttpClient.newHttpClient();
        var home = http.send(HttpRequest.newBuilder(URI.create(secondBase + "/")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(home.statusCode()).as("signed in on the first, a page of the second").isEqualTo(200);
        assertThat(home.body()).contains("靖江市应急管理局");
        var anonymous = http.send(HttpRequest.newBuilder(URI.create(secondBase + "/")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(anonymous.statusCode()).as("without the cookie: to the login page").isEqualTo(302);
    }

    @Test
    void a_scheduled_job_called_on_both_instances_at_once_runs_once(CapturedOutput output) throws Exception {
        Object onFirst = first.getBean("ratingTriggers");
        Object onSecond = second.context().getBean("ratingTriggers");
        int before = count(output.getOut(), "Nightly rating:");
        nightlyOnBoth(onFirst, onSecond);
        assertThat(count(output.getOut(), "Nightly rating:") - before).as("the nightly rating ran on one instance").isEqualTo(1);
        var lock = jdbc.sql("select locked_by, lock_until > timezone('utc', now()) as held from shedlock where name = 'rating-nightly'")
                .query().singleRow();
        assertThat((Boolean) lock.get("held")).as("held for its lockAtLeastFor: a late second call is skipped too").isTrue();
        nightlyOnBoth(onFirst, onSecond);
        assertThat(count(output.getOut(), "Nightly rating:") - before).isEqualTo(1);
    }

    @Test
    void the_same_readings_delivered_to_both_instances_are_stored_once_and_raise_one_alarm() throws Exception {
        Api chemOnFirst = loggedIn("ent_chem");
        Api chemOnSecond = Api.at(secondBase).withToken(chemOnFirst.token()); // a token made on one works on the other
        Sensors sensor = Sensors.levelOnTankFarm(chemOnFirst, jdbc, 0);
        // Ten minutes before the earlier of the two clocks: the tests' own (where the suite's start stands, unless a test
        // moved it on) and the second instance's, the system's; a reading after either's now is refused.
        Instant t = java.util.Collections.min(List.of(Instant.now(), clock.instant())).minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
        sensor.read("5.00", t);
        int rounds = 8;
        for (int i = 1; i <= rounds; i++) {
            // As two subscribers of one broker receive the same message: both store the same batch at the same time …
            String same = batch(sensor.code, "8.8" + i, t.plusSeconds(10L * i));
            // … and each also gets a reading of its own for the same point, so both judge the point at once.
            String own1 = batch(sensor.code, "8.7" + i, t.plusSeconds(10L * i + 3));
            String own2 = batch(sensor.code, "8.6" + i, t.plusSeconds(10L * i + 6));
            var results = both(() -> List.of(chemOnFirst.post("/api/v1/monitoring/readings", same).status(),
                            chemOnFirst.post("/api/v1/monitoring/readings", own1).status()),
                    () -> List.of(chemOnSecond.post("/api/v1/monitoring/readings", same).status(),
                            chemOnSecond.post("/api/v1/monitoring/readings", own2).status()));
            assertThat(results).isNotEmpty();
            results.forEach(statuses -> assertThat(statuses).as("no batch lost to a race").containsOnly(200));
        }
        assertThat(jdbc.sql("select count(*) from reading where point_id = :p").param("p", sensor.pointId).query(Long.class).single())
                .as("each reading once").isEqualTo(1 + 3L * rounds);
        assertThat(jdbc.sql("select count(*) from alarm where point_id = :p").param("p", sensor.pointId).query(Long.class).single())
                .as("one excursion, one alarm").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_record a join alarm l on a.entity_type = 'alarm' and a.entity_id = l.id::text "
                + "where l.point_id = :p").param("p", sensor.pointId).query(Long.class).single()).as("raised once in the audit trail").isEqualTo(1);
    }

    @Test
    void a_third_instance_on_the_first_ones_data_directory_is_refused_and_the_first_keeps_its_database() {
        Map<String, Object> props = Map.of("shuangkong.data-dir", dataDir.toAbsolutePath().toString(), "server.port", "0",
                "shuangkong.monitoring.mqtt.enabled", "false", "shuangkong.monitoring.simulator.enabled", "false");
        try {
            assertThatThrownBy(() -> new SpringApplicationBuilder(ShuangkongApplication.class).profiles("demo").run(OtherInstance.arguments(props)).close())
                    .satisfies(e -> assertThat(rootMessages(e)).contains("正由另一个运行中的双控实例使用"));
            // The same through main's early start (the database begun as soon as the configuration is read).
            assertThatThrownBy(() -> new SpringApplicationBuilder(ShuangkongApplication.class).profiles("demo")
                    .listeners(EmbeddedDatabase.startAsSoonAsConfigured()).run(OtherInstance.arguments(props)).close())
                    .satisfies(e -> assertThat(rootMessages(e)).contains("正由另一个运行中的双控实例使用"));
        } finally {
            PlatformTime.installed = firstClock;
        }
        assertThat(jdbc.sql("select 1").query(Integer.class).single()).as("the first instance's database still answers").isEqualTo(1);
    }

    private static String batch(String code, String value, Instant ts) {
        return "{\"readings\":[{\"point\":\"" + code + "\",\"value\":" + value + ",\"ts\":\"" + ts + "\"}]}";
    }

    /** Runs both at the same moment (as far as two threads can) and returns both results. */
    private <T> List<T> both(Callable<T> a, Callable<T> b) throws Exception {
        var gate = new java.util.concurrent.CountDownLatch(1);
        Future<T> fa = pool.submit(() -> { gate.await(); return a.call(); });
        Future<T> fb = pool.submit(() -> { gate.await(); return b.call(); });
        gate.countDown();
        return List.of(fa.get(), fb.get());
    }

    private void nightlyOnBoth(Object onFirst, Object onSecond) throws Exception {
        both(() -> {
            ReflectionTestUtils.invokeMethod(onFirst, "nightly");
            return 1;
        }, () -> {
            ReflectionTestUtils.invokeMethod(onSecond, "nightly");
            return 2;
        });
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    private static String rootMessages(Throwable e) {
        var all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) all.append(t.getMessage()).append('\n');
        return all.toString();
    }

    /** Signs in through the login form, as a browser does, and returns the session cookie. */
    static String signIn(String base, String username) throws Exception {
        var client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String login = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        var csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).isTrue();
        String form = "username=" + username + "&password=Demo%402026&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        client.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        var cookies = ((CookieManager) client.cookieHandler().orElseThrow()).getCookieStore().getCookies();
        assertThat(cookies).isNotEmpty();
        return String.join("; ", cookies.stream().map(java.net.HttpCookie::toString).toList());
    }
}
