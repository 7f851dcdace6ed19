/**
 * 互联互通 — 数据上报 and federation (issue 13, ADR 0025): the platform's register, tasks, records and hazards mapped to
 * the national dual-prevention model, kept in an outbox written with each change and uploaded in incremental batches;
 * and the receiving side of the same model for a city platform or an enterprise's own system reporting in. Reads other
 * modules through their APIs and events only. Its API is this package: {@link cn.shuangkong.exchange.ExchangeFacts};
 * the mapping, outbox, upload and receiving side are in {@code internal}.
 */
package cn.shuangkong.exchange;
