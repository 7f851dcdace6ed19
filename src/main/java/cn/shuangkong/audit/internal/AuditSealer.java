package cn.shuangkong.audit.internal;

import cn.shuangkong.audit.AuditRecord;
import cn.shuangkong.shared.TransactionLocks;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals the records writers have committed into the chain (ADR 0038): links each to the one before and hashes it, in
 * id order. Writers insert under the chain lock taken shared and hold it until they commit; the sealer takes it
 * exclusively, so when it holds it every id handed out so far belongs to a committed record or to none, and the
 * unsealed records are exactly the newest ones. Every instance runs it; one seals at a time (a second finds the
 * seal lock taken and leaves the work to the first), and a record waits for its seal about {@code seal-every}.
 */
@Service
public class AuditSealer {

    /** Keeps the instances' sealers from queueing for the chain lock together: "SHKSEAL". */
    public static final long SEALING = 0x5348_4B53_4541_4CL;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate transactions;

    AuditSealer(JdbcClient jdbc, JdbcTemplate batch, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.transactions = new TransactionTemplate(transactions);
    }

    @Scheduled(fixedDelayString = "${shuangkong.audit.seal-every:PT0.2S}", initialDelayString = "${shuangkong.audit.seal-every:PT0.2S}")
    void scheduled() {
        // in a transaction, as through the proxy: called directly, the chain's lock would be let go as soon as it was
        // taken, and a record committed meanwhile could be sealed before one written earlier whose writer still commits
        transactions.executeWithoutResult(status -> seal());
    }

    /** Seals every committed record, waiting for the writers that are committing now; the number sealed. */
    @Transactional
    public int seal() {
        if (!unsealed() || !TransactionLocks.tryTake(jdbc, SEALING)) {
            return 0;
        }
        TransactionLocks.waitFor(jdbc, AuditChain.LOCK);
        return sealHeld();
    }

    /**
     * Seals what is committed if nobody holds the chain now (a verification must not wait behind someone who holds
     * it for long, such as a restore check); the number sealed.
     */
    @Transactional
    public int sealIfFree() {
        if (!unsealed() || !TransactionLocks.tryTake(jdbc, AuditChain.LOCK)) {
            return 0;
        }
        return sealHeld();
    }

    private boolean unsealed() {
        return jdbc.sql("select exists (select 1 from audit_record where hash is null)").query(Boolean.class).single();
    }

    /**
     * Seals with the chain lock held exclusively by the caller's transaction: reads the last sealed record and every
     * record after it (all unsealed), and writes their links and hashes in one batch.
     */
    int sealHeld() {
        List<AuditRecord> rows = jdbc.sql("""
                select * from audit_record
                 where id >= coalesce((select id from audit_record where hash is not null order by id desc limit 1), 0)
                 order by id""").query(AuditRecord.class).list();
        String prev = AuditChain.GENESIS;
        List<Object[]> seals = new ArrayList<>();
        for (AuditRecord r : rows) {
            if (r.hash() != null) {
                prev = r.hash(); // the last sealed record: the new ones link to it
                continue;
            }
            String hash = AuditChain.hash(new AuditRecord(r.id(), r.occurredAt(), r.actor(), r.clientAddress(), r.action(),
                    r.entityType(), r.entityId(), r.summary(), r.enterpriseId(), r.regionCode(), prev, null, r.hashVersion()));
            seals.add(new Object[] {prev, hash, r.id()});
            prev = hash;
        }
        if (!seals.isEmpty()) {
            batch.batchUpdate("update audit_record set prev_hash = ?, hash = ? where id = ? and hash is null", seals,
                    seals.size(), (ps, s) -> {
                        ps.setString(1, (String) s[0]);
                        ps.setString(2, (String) s[1]);
                        ps.setObject(3, s[2], Types.BIGINT);
                    });
        }
        return seals.size();
    }
}
