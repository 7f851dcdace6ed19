package cn.shuangkong.audit.internal;

import cn.shuangkong.audit.AuditRecord;

/**
 * Walks records in id order, checking that each links to the one before and carries the hash its content gives, and
 * that the hash rule never goes back to an older version. Remembers only the first break: the one to look at.
 */
public final class ChainWalk {

    private String prev;
    private int version;
    public long checked;
    public Long firstBrokenId;
    public String reason;
    AuditRecord last;

    public ChainWalk(String prevHash, int lowestVersion) {
        this.prev = prevHash;
        this.version = lowestVersion;
    }

    public void accept(AuditRecord r) {
        checked++;
        if (firstBrokenId == null) {
            if (!r.prevHash().equals(prev)) {
                broken(r, "编号 " + r.id() + " 的记录所记的前一条哈希与实际不符：其前面的记录被删除、插入或改动");
            } else if (r.hashVersion() < version) {
                broken(r, "编号 " + r.id() + " 的记录使用了旧的哈希规则（版本 " + r.hashVersion() + "）：哈希规则被降级");
            } else if (!r.hash().equals(AuditChain.hash(r))) {
                broken(r, "编号 " + r.id() + " 的记录内容与其哈希不符：记录被篡改");
            }
        }
        prev = r.hash();
        version = Math.max(version, r.hashVersion());
        last = r;
    }

    private void broken(AuditRecord r, String why) {
        firstBrokenId = r.id();
        reason = why;
    }
}
