/**
 * 事件推送 (webhooks): another system — an enterprise's own system, a regulator's platform — subscribes a URL to
 * events of its owner's scope (隐患登记、隐患状态变化、监测报警及消除、预警、风险清单备案). Each event is written into an
 * outbox in the transaction of the change, from {@link cn.shuangkong.shared.StateChanged}; a scheduled sender (one
 * instance at a time) posts it signed with HMAC-SHA256, retries with backoff, logs every attempt and suspends a
 * subscription that keeps failing. ADR 0027. No other module uses it (it follows {@code StateChanged}): everything is
 * in {@code internal}.
 */
package cn.shuangkong.webhooks;
