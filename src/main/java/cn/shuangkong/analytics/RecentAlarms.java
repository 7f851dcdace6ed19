package cn.shuangkong.analytics;

import cn.shuangkong.shared.AlarmRaised;
import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.stereotype.Component;

/** Keeps the sensor alarms monitoring announces, so that the duty-room screen lists the latest within a jurisdiction. */
@Component
class RecentAlarms {

    private final JdbcClient jdbc;

    RecentAlarms(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // After the alarm's own commit (or at once when it was published outside a transaction), in a transaction of its own.
    @TransactionalEventListener(fallbackExecution = true)
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void on(AlarmRaised alarm) {
        jdbc.sql("""
                insert into dashboard_alarm (alarm_id, enterprise_id, risk_point_id, level, title, link, raised_at)
                values (:id, :e, :p, :level, left(:title, 200), left(:link, 200), :at) on conflict (alarm_id) do nothing
                """).param("id", alarm.alarmId()).param("e", alarm.enterpriseId()).param("p", alarm.riskPointId())
                .param("level", alarm.level()).param("title", alarm.title()).param("link", alarm.link())
                .param("at", Timestamp.from(alarm.raisedAt())).update();
    }
}
