/**
 * 重大危险源与在线监测: GB 18218-2018 identification and grading; sensors and alarms come next. Its API is this package: {@link
 * cn.shuangkong.monitoring.Alarms}, the alarm events {@link cn.shuangkong.monitoring.AlarmRaised} and {@link
 * cn.shuangkong.monitoring.AlarmCleared}, {@link cn.shuangkong.monitoring.AlarmLevel} and {@link
 * cn.shuangkong.monitoring.AlarmStatistics}; sensors, ingestion (MQTT, Kafka), 重大危险源 and 包保 checks are in {@code
 * internal}.
 */
package cn.shuangkong.monitoring;
