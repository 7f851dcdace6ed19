package cn.shuangkong.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A sensor alarm's alert is made off the thread that stored the reading (ADR 0051): a test that reads an alarm's alert
 * after a reading, or after the alarm was cleared, first waits until nothing is owed for that alarm. The owed rows are
 * deleted in the transaction that makes their alerts, so once none is left the alert follows the alarm.
 */
public final class OwedAlarmAlerts {

    private OwedAlarmAlerts() {
    }

    public static void awaitMade(JdbcClient jdbc, long alarmId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (owed(jdbc, alarmId)) {
            assertThat(Instant.now()).as("alarm %d's alert still owed after 20 s", alarmId).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos()); // poll, not a fixed wait
        }
    }

    static boolean owed(JdbcClient jdbc, long alarmId) {
        return jdbc.sql("select exists(select 1 from alarm_alert_owed where alarm_id = :a)").param("a", alarmId)
                .query(Boolean.class).single();
    }
}
