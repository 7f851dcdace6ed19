package cn.shuangkong.monitoring;

import java.time.Instant;

/**
 * Published by {@code monitoring} when a sensor alarm is raised (after debounce), so that modules above it — the
 * regulators' alert centre, the enterprise's inbox, the duty-room screen — react without depending on monitoring.
 *
 * @param alarmId      the alarm's id in monitoring
 * @param enterpriseId the enterprise whose sensor alarmed
 * @param riskPointId  the risk point the monitoring point is bound to, if any
 * @param level        "高报", "高高报", "低报", "低低报" or "离线"
 * @param title        one line in Chinese, e.g. "1#储罐 液位 高高报 9.6 m (阈值 9.0 m)"
 * @param link         the page that shows the alarm, e.g. "/monitoring/alarms/17"
 * @param raisedAt     when the reading crossed the threshold
 */
public record AlarmRaised(long alarmId, long enterpriseId, Long riskPointId, String level, String title,
                          String link, Instant raisedAt) {
}
