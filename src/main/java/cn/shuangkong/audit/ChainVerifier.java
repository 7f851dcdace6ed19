package cn.shuangkong.audit;

import cn.shuangkong.shared.Rows;
import cn.shuangkong.audit.AnchorLog.Anchor;
import cn.shuangkong.audit.internal.AuditChain;
import cn.shuangkong.audit.internal.ChainWalk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Checks the chain in the database against itself and against the signed anchors outside it. Plain code over a
 * {@link JdbcClient}, so that a restore checks the database it just brought back the same way the running platform does.
 */
public final class ChainVerifier {

    /** The guards the database must keep switched on; 'O' and 'A' are the states in which a trigger fires. */
    private static final List<String> GUARDS = List.of("audit_record_no_update", "audit_record_no_truncate");

    private ChainVerifier() {
    }

    /**
     * Walks the records with ids in [fromId, toId] (null: unbounded), linking the first to the record before it.
     * Anchors inside the range are checked; a missing tail is only found when the range is open at the top.
     */
    public static Verification verify(JdbcClient jdbc, AnchorLog log, Long fromId, Long toId) {
        return verify(jdbc, log, fromId, toId, null);
    }

    /**
     * As {@link #verify(JdbcClient, AnchorLog, Long, Long)}; the records not yet sealed (ADR 0038) are the newest and
     * are not walked, and one written before {@code staleBefore} (if given) is a finding: the sealer has stopped.
     */
    static Verification verify(JdbcClient jdbc, AnchorLog log, Long fromId, Long toId, java.time.Instant staleBefore) {
        List<String> findings = new ArrayList<>();
        List<Anchor> anchors = new ArrayList<>();
        for (var entry : log == null ? List.<AnchorLog.Entry>of() : log.read()) {
            if (entry.problem() != null) {
                findings.add(entry.problem());
            } else {
                anchors.add(entry.anchor());
            }
        }
        long from = fromId == null ? Long.MIN_VALUE : fromId;
        long to = toId == null ? Long.MAX_VALUE : toId;
        Anchor newest = anchors.isEmpty() ? null : anchors.get(anchors.size() - 1);
        List<Anchor> inRange = anchors.stream().filter(a -> a.lastId() >= from && a.lastId() <= to).toList();

        String prev = AuditChain.GENESIS;
        long seen = 0;
        int lowestVersion = 1;
        if (fromId != null) {
            prev = jdbc.sql("select hash from audit_record where id < :f and hash is not null order by id desc limit 1").param("f", from)
                    .query(String.class).optional().orElse(AuditChain.GENESIS);
            var before = jdbc.sql("select count(*) as n, coalesce(max(hash_version), 1) as v from audit_record where id < :f")
                    .param("f", from).query().singleRow();
            seen = ((Number) before.get("n")).longValue();
            lowestVersion = ((Number) before.get("v")).intValue();
        }
        var walk = new ChainWalk(prev, lowestVersion);
        var state = new Object() {
            long seen;
            int next;
            long unanchored;
            Long anchorBreak;
            long lastGoodAnchorId;
            AuditRecord firstUnsealed;
            long unsealed;
            String sealedAfter;
        };
        state.seen = seen;
        List<String> anchorFindings = new ArrayList<>();
        Map<String, Object> range = Map.of("f", from, "t", to);
        try (var rows = jdbc.sql("select * from audit_record where id >= :f and id <= :t order by id").params(range)
                .withFetchSize(1000).query(AuditRecord.class).stream()) {
            rows.forEach(r -> {
                state.seen++;
                while (state.next < inRange.size() && inRange.get(state.next).lastId() < r.id()) {
                    Anchor a = inRange.get(state.next++);
                    anchorFindings.add("锚点（" + a.shownAt() + "）锚定的编号 " + a.lastId() + " 的记录已不存在：记录被删除");
                    state.anchorBreak = state.anchorBreak == null ? a.lastId() : state.anchorBreak;
                }
                if (r.hash() == null || r.prevHash() == null) {
                    state.unsealed++;
                    if (state.firstUnsealed == null) state.firstUnsealed = r;
                } else if (state.firstUnsealed != null) {
                    // the sealer seals in id order: a sealed record after an unsealed one was sealed by someone else
                    if (state.sealedAfter == null) {
                        state.sealedAfter = "编号 " + r.id() + " 的记录已封存入链，而其前面编号 " + state.firstUnsealed.id()
                                + " 的记录尚未封存：封存顺序被破坏，记录被插入或改动";
                        state.anchorBreak = state.anchorBreak == null ? r.id() : state.anchorBreak;
                    }
                } else {
                    walk.accept(r);
                }
                if (state.next < inRange.size() && inRange.get(state.next).lastId() == r.id()) {
                    Anchor a = inRange.get(state.next++);
                    if (!a.lastHash().equals(r.hash())) {
                        anchorFindings.add("编号 " + r.id() + " 的记录与锚点（" + a.shownAt() + "）不符：哈希链在锚定后被重新计算，被改动的记录在编号 "
                                + (state.lastGoodAnchorId + 1) + " 至 " + r.id() + " 之间");
                        state.anchorBreak = state.anchorBreak == null ? r.id() : state.anchorBreak;
                    } else if (a.count() != state.seen) {
                        anchorFindings.add("锚点（" + a.shownAt() + "）时截至编号 " + r.id() + " 共有 " + a.count() + " 条记录，数据库现有 "
                                + state.seen + " 条：" + (state.seen < a.count() ? "有记录被删除" : "有记录被插入"));
                        state.anchorBreak = state.anchorBreak == null ? r.id() : state.anchorBreak;
                    } else if (state.anchorBreak == null) {
                        state.lastGoodAnchorId = r.id();
                    }
                }
                if (newest == null || r.id() > newest.lastId()) {
                    state.unanchored++;
                }
            });
        }
        if (walk.reason != null) {
            findings.add(walk.reason);
        }
        if (state.sealedAfter != null) {
            findings.add(state.sealedAfter);
        }
        findings.addAll(anchorFindings);
        if (staleBefore != null && state.firstUnsealed != null && state.firstUnsealed.occurredAt().isBefore(staleBefore)) {
            findings.add("有 " + state.unsealed + " 条审计记录提交后超过 1 分钟仍未封存入链（最早为编号 " + state.firstUnsealed.id()
                    + "）：封存任务可能已停止");
        }
        if (state.next < inRange.size()) {
            Anchor last = inRange.get(inRange.size() - 1);
            findings.add("审计记录尾部被删除：最后锚点（" + last.shownAt() + "）记录到第 " + last.count() + " 条（编号 " + last.lastId()
                    + "），数据库只有 " + state.seen + " 条");
        }
        findings.addAll(disabledGuards(jdbc));
        Long firstBroken = walk.firstBrokenId;
        if (state.anchorBreak != null && (firstBroken == null || state.anchorBreak < firstBroken)) {
            firstBroken = state.anchorBreak;
        }
        return Verification.of(walk.checked, firstBroken, findings, inRange.size(), newest == null ? null : newest.at(), state.unanchored);
    }

    private static List<String> disabledGuards(JdbcClient jdbc) {
        Map<String, String> states = jdbc.sql("select tgname, tgenabled from pg_trigger where tgrelid = 'audit_record'::regclass and not tgisinternal")
                .query(Rows.pairs(String.class, String.class));
        List<String> findings = new ArrayList<>();
        for (String guard : GUARDS) {
            String state = states.get(guard);
            if (state == null) {
                findings.add("防篡改触发器 " + guard + " 已被删除：数据库不再拒绝修改和删除审计记录");
            } else if (!state.equals("O") && !state.equals("A")) {
                findings.add("防篡改触发器 " + guard + " 已被停用：数据库不再拒绝修改和删除审计记录");
            }
        }
        return findings;
    }
}
