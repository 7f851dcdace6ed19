/**
 * 审计: the append-only, hash-chained record of every change of state, written in the changing transaction. Its API is
 * this package: {@link cn.shuangkong.audit.AuditTrail} (record a change), {@link cn.shuangkong.audit.AuditRecord} and
 * the chain's verification for backup; anchoring and sealing are in {@code internal}.
 */
package cn.shuangkong.audit;
