package cn.shuangkong.shared;

/**
 * Published by every module in the transaction that changes state; {@code audit} records it in that same
 * transaction, so that a change and its audit record commit or fail together.
 *
 * @param action       verb in the domain's words, e.g. "创建企业"
 * @param entityType   e.g. "enterprise"
 * @param entityId     the changed record's id
 * @param summary      before/after in a few readable words
 * @param enterpriseId the enterprise the change belongs to, if any, so that auditors see it within their scope
 * @param regionCode   the region the change belongs to, if any
 */
public record StateChanged(String action, String entityType, String entityId, String summary,
                           Long enterpriseId, String regionCode) {
}
