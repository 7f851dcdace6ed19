package cn.shuangkong.alerting;

import cn.shuangkong.support.Patience;
import static org.awaitility.Awaitility.await;

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
        await().alias("nothing owed for alarm " + alarmId + "'s alert").atMost(Patience.CONDITION)
                .until(() -> !owed(jdbc, alarmId));
    }

    static boolean owed(JdbcClient jdbc, long alarmId) {
        return jdbc.sql("select exists(select 1 from alarm_alert_owed where alarm_id = :a)").param("a", alarmId)
                .query(Boolean.class).single();
    }
}
