package cn.shuangkong.shared;

import cn.shuangkong.monitoring.AlarmRaised;
import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.Sensors;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 10, item 11: a reaction that fails after its change committed stays owed — as a row of the reacting module
 * (a sensor alarm's alert, ADR 0051; a rating, ADR 0023) — and happens, exactly once, when it is tried again. The
 * fault is the database's: a trigger (made through the superuser, as no application code may) refuses the reaction's
 * write until the test removes it.
 */
class ReactionRetryTest extends PlatformTest {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    /** A sensor alarm's alert is owed as a row (ADR 0051): one that fails stays owed and is made, once, by a later run. */
    @Test
    void a_sensor_alarm_whose_alert_failed_becomes_one_alert_when_retried() {
        long alarmId = 900_000_000L + ThreadLocalRandom.current().nextInt(1_000_000);
        String subject = "alarm:" + alarmId;
        long enterprise = enterpriseIdOf("ent_chem");
        var alarm = new AlarmRaised(alarmId, enterprise, null, "高报", "故障演练 液位 高报", "/monitoring/alarms/" + alarmId, clock.instant());
        fault("alert", "new.subject_key = '" + subject + "'");
        try {
            transactions.executeWithoutResult(tx -> events.publishEvent(alarm));
            // the worker tried, the database refused, the row stayed
            await().alias("the alert's first try failed").atMost(Patience.CONDITION).until(() -> failedOnce(null));
            assertThat(alerts(subject)).isZero();
            assertThat(alertOwed(alarmId)).isTrue();
        } finally {
            repair("alert");
        }
        await().alias("the retried alert made").atMost(Patience.CONDITION).until(() -> alerts(subject) == 1);
        await().alias("nothing owed for the alarm").atMost(Patience.CONDITION).until(() -> !alertOwed(alarmId));

        // Delivered twice: still one alert.
        transactions.executeWithoutResult(tx -> events.publishEvent(alarm));
        await().alias("the second delivery done").atMost(Patience.CONDITION).until(() -> !alertOwed(alarmId));
        assertThat(alerts(subject)).isEqualTo(1);
    }

    /**
     * A raise that reaches the alert centre only after its alarm was cleared (its first try failed, the clear came
     * through) still ends as an alert, closed as 自动解除: the alert follows its alarm whatever the order of the tries.
     */
    @Test
    void a_sensor_alert_made_after_its_alarm_was_cleared_ends_closed() {
        Api chem = loggedIn("ent_chem");
        Sensors level = Sensors.levelOnTankFarm(chem, jdbc, 0);
        Instant t = clock.instant().minus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        fault("alert", "new.subject_key like 'alarm:%' and new.rule_code = 'SENSOR_ALARM' and new.enterprise_id = "
                + enterpriseIdOf("ent_chem") + " and new.evidence like '%" + level.code + "%'");
        long alarm;
        try {
            level.read("8.90", t);
            alarm = jdbc.sql("select id from alarm where point_id = :p").param("p", level.pointId).query(Long.class).single();
            await().alias("the alert's first try failed").atMost(Patience.CONDITION).until(() -> failedOnce(null));
            level.read("8.00", t.plusSeconds(60));
            assertThat(chem.post("/api/v1/monitoring/alarms/" + alarm + "/acknowledge", "{}").status()).isEqualTo(200);
            assertThat(chem.post("/api/v1/monitoring/alarms/" + alarm + "/clear", "{}").status()).isEqualTo(200);
            // the clear went through, with nothing to close yet
            await().alias("the clear no longer owed").atMost(Patience.CONDITION).until(() -> !clearOwed(alarm));
            assertThat(alerts("alarm:" + alarm)).isZero();
        } finally {
            repair("alert");
        }
        await().alias("the alert made on retry").atMost(Patience.CONDITION).until(() -> !alertOwed(alarm));
        assertThat(jdbc.sql("select status || ' ' || auto_resolved from alert where subject_key = :s").param("s", "alarm:" + alarm)
                .query(String.class).single()).isEqualTo("CLOSED true");
    }

    /** The rating's recompute is owed as a row (ADR 0023): one that fails stays owed and is done by a later run. */
    @Test
    void a_rating_recompute_that_failed_is_done_when_retried() {
        long enterprise = enterpriseIdOf("ent_mech");
        String reason = "故障演练-" + UUID.randomUUID().toString().substring(0, 8);
        fault("enterprise_rating", "new.reason = '" + reason + "'");
        try {
            transactions.executeWithoutResult(tx -> events.publishEvent(new StateChanged(reason, "probe", "1", "故障演练",
                    enterprise, null)));
            // the worker tried, the database refused, the row stayed
            await().alias("the recompute's first try failed").atMost(Patience.CONDITION).until(() -> failedOnce(reason));
            assertThat(ratingReason(enterprise)).isNotEqualTo(reason);
            assertThat(ratingOwed(enterprise, reason)).isTrue();
        } finally {
            repair("enterprise_rating");
        }
        await().alias("the rating recomputed on retry").atMost(Patience.CONDITION).until(() -> reason.equals(ratingReason(enterprise)));
        assertThat(ratingOwed(enterprise, reason)).isFalse();
    }

    private boolean ratingOwed(long enterprise, String reason) {
        return jdbc.sql("select exists(select 1 from rating_owed where enterprise_id = :e and reason = :r)")
                .param("e", enterprise).param("r", reason).query(Boolean.class).single();
    }

    /** The fault trigger refused at least one write (counted by a sequence, which a rollback does not undo). */
    private boolean failedOnce(String ignored) {
        return superuser().sql("select is_called from reaction_fault_hits").query(Boolean.class).single();
    }

    private void fault(String table, String when) {
        superuser().sql("drop sequence if exists reaction_fault_hits").update();
        superuser().sql("create sequence reaction_fault_hits").update();
        superuser().sql("grant usage on sequence reaction_fault_hits to public").update();
        superuser().sql("create or replace function reaction_fault() returns trigger language plpgsql as "
                + "$$ begin perform nextval('reaction_fault_hits'); raise exception '故障演练：拒绝写入'; end $$").update();
        superuser().sql("create trigger reaction_fault before insert or update on " + table
                + " for each row when (" + when + ") execute function reaction_fault()").update();
    }

    private void repair(String table) {
        superuser().sql("drop trigger if exists reaction_fault on " + table).update();
    }

    private long alerts(String subject) {
        return jdbc.sql("select count(*) from alert where subject_key = :s").param("s", subject).query(Long.class).single();
    }

    private String ratingReason(long enterprise) {
        return jdbc.sql("select reason from enterprise_rating where enterprise_id = :e").param("e", enterprise)
                .query(String.class).optional().orElse(null);
    }

    private boolean clearOwed(long alarmId) {
        return jdbc.sql("select exists(select 1 from alarm_alert_owed where alarm_id = :a and cleared)").param("a", alarmId)
                .query(Boolean.class).single();
    }

    private boolean alertOwed(long alarmId) {
        return jdbc.sql("select exists(select 1 from alarm_alert_owed where alarm_id = :a)").param("a", alarmId)
                .query(Boolean.class).single();
    }
}
