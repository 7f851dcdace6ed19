package cn.shuangkong.audit;

import cn.shuangkong.audit.internal.AuditChain;
import java.time.Instant;

/**
 * One entry of the audit trail; {@code hash} covers its content and {@code prevHash}, chaining it to the one before.
 * Under {@code hashVersion} 2 the hash covers every other column, see {@link AuditChain#hash(AuditRecord)}.
 */
public record AuditRecord(long id, Instant occurredAt, String actor, String clientAddress, String action, String entityType,
                          String entityId, String summary, Long enterpriseId, String regionCode, String prevHash, String hash,
                          int hashVersion) {
}
