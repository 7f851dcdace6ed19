package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.organization.internal.MasterData;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PageTest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * One clock: "today" is the platform clock's day in the platform's zone, in SQL as in Java, on pages as in the API —
 * right up to midnight in Shanghai, whatever the database server or the JVM think the time is.
 */
class OneClockTest extends PageTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Autowired MasterData masterData;

    @Test
    void a_contract_covers_its_last_day_until_midnight_in_shanghai_on_the_page_and_in_the_api() {
        Instant start = clock.instant();
        long serviceOrg = jdbc.sql("select service_org_id from user_account where username = 'service_org'").query(Long.class).single();
        record Target(long id, String creditCode, String name) { }
        Target target = jdbc.sql("""
                select e.id, e.credit_code, e.name from enterprise e where e.status = 'OPERATING'
                   and not exists (select 1 from service_contract c where c.enterprise_id = e.id and c.service_org_id = :s)
                 order by e.id limit 1""").param("s", serviceOrg).query(Target.class).single();
        // A contract whose last day lies ten days back: only the clock can make it current, not the database's now().
        LocalDate lastDay = LocalDate.now(clock).minusDays(10);
        masterData.addContract(serviceOrg, target.creditCode(), lastDay.minusDays(30), lastDay, "测试：最后一天");
        try {
            clock.set(lastDay.atTime(23, 59, 30).atZone(SHANGHAI).toInstant());
            Api api = loggedIn("service_org");
            assertThat(api.get("/api/v1/enterprises/" + target.id()).status()).as("23:59 of the last day").isEqualTo(200);
            browser.loginAs("service_org").open("/enterprises/" + target.id());
            assertThat(browser.text()).contains(target.name());

            clock.set(lastDay.plusDays(1).atTime(0, 0, 30).atZone(SHANGHAI).toInstant());
            assertThat(api.get("/api/v1/enterprises/" + target.id()).status()).as("00:00 the day after").isEqualTo(404);
            browser.open("/enterprises/" + target.id());
            assertThat(browser.text()).contains("不存在或不在您的数据范围内").doesNotContain(target.name());
        } finally {
            clock.set(start);
        }
        assertThat(loggedIn("service_org").get("/api/v1/enterprises/" + target.id()).status()).as("expired today too").isEqualTo(404);
    }

    @Test
    void the_platform_zone_is_a_setting_and_the_jvm_default_follows_it() {
        Clock before = PlatformTime.installed;
        TimeZone jvm = TimeZone.getDefault();
        try {
            new ApplicationContextRunner().withUserConfiguration(TimeConfig.class)
                    .withPropertyValues("shuangkong.time-zone=America/New_York").run(ctx -> {
                        Clock c = ctx.getBean(Clock.class);
                        assertThat(c.getZone()).isEqualTo(ZoneId.of("America/New_York"));
                        assertThat(TimeZone.getDefault().getID()).as("pages format in the platform's zone").isEqualTo("America/New_York");
                        assertThat(PlatformTime.zone(c)).isEqualTo("America/New_York");
                        assertThat(PlatformTime.today()).isEqualTo(LocalDate.now(Clock.system(ZoneId.of("America/New_York"))));
                    });
            new ApplicationContextRunner().withUserConfiguration(TimeConfig.class).run(ctx ->
                    assertThat(ctx.getBean(Clock.class).getZone()).as("Beijing time unless configured").isEqualTo(SHANGHAI));
        } finally {
            PlatformTime.installed = before;
            TimeZone.setDefault(jvm);
        }
        assertThat(clock.getZone()).as("the tests' clock runs in the configured zone too").isEqualTo(SHANGHAI);
        assertThat(TimeZone.getDefault().toZoneId()).isEqualTo(SHANGHAI);
    }
}
