package cn.shuangkong.monitoring;

import java.time.Instant;

/**
 * Published by monitoring when someone 消除 an alarm (its readings back inside the limits, or the point back online),
 * so that what was derived from the alarm — the regulators' alert about it — follows it.
 *
 * @param alarmId   the alarm's id
 * @param enterpriseId the enterprise whose sensor alarmed
 * @param clearedAt when it was cleared
 * @param clearedBy the account that cleared it
 */
public record AlarmCleared(long alarmId, long enterpriseId, Instant clearedAt, String clearedBy) {
}
