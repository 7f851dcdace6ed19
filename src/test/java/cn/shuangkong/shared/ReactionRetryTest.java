package cn.shuangkong.shared;

import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PlatformTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 10, item 11: a reaction that fails after its change committed stays owed in Spring Modulith's registry and
 * happens, exactly once, when its publication is handed back. The fault is the database's: a trigger (made through
 * the superuser, as no application code may) refuses the reaction's write until the test removes it.
 */
class ReactionRetryTest extends PlatformTest {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    IncompleteEventPublications incomplete;

    @Test
    void a_sensor_alarm_whose_alert_failed_becomes_one_alert_when_retried() {
        long alarmId = 900_000_000L + ThreadLocalRandom.current().nextInt(1_000_000);
        String subject = "alarm:" + alarmId;
        long enterprise = enterpriseIdOf("ent_chem");
        fault("alert", "new.subject_key = '" + subject + "'");
        try {
            transactions.executeWithoutResult(tx -> events.publishEvent(new AlarmRaised(alarmId, enterprise, null, "高报",
                    "故障演练 液位 高报", "/monitoring/alarms/" + alarmId, clock.instant())));
            assertThat(alerts(subject)).isZero();
            assertThat(owed("AlertEngine", String.valueOf(alarmId))).isEqualTo(1);
        } finally {
            repair("alert");
        }

        incomplete.resubmitIncompletePublications(p -> p.getEvent() instanceof AlarmRaised a && a.alarmId() == alarmId);
        await(() -> alerts(subject) == 1);
        await(() -> owed("AlertEngine", String.valueOf(alarmId)) == 0);

        // Handed back again (nothing is owed any more) or delivered twice: still one alert.
        incomplete.resubmitIncompletePublications(p -> p.getEvent() instanceof AlarmRaised a && a.alarmId() == alarmId);
        assertThat(alerts(subject)).isEqualTo(1);
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
            await(() -> failedOnce(reason)); // the worker tried, the database refused, the row stayed
            assertThat(ratingReason(enterprise)).isNotEqualTo(reason);
            assertThat(ratingOwed(enterprise, reason)).isTrue();
        } finally {
            repair("enterprise_rating");
        }
        await(() -> reason.equals(ratingReason(enterprise)));
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

    /** Publications of a listener, for an event that mentions {@code text}, not yet completed. */
    private long owed(String listener, String text) {
        return jdbc.sql("""
                select count(*) from event_publication
                 where completion_date is null and listener_id like :l and position(:t in serialized_event) > 0""")
                .param("l", "%" + listener + "%").param("t", text).query(Long.class).single();
    }

    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Patience.CONDITION);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition not met within %s", Patience.CONDITION).isBefore(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // poll, not a fixed wait
        }
    }
}
