package cn.shuangkong.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What one transaction adds, written together just before it commits, in the order it was added: one statement for a
 * transaction's rows instead of one per row (the audit trail's records, ADR 0023; the exchange outbox's markers, ADR
 * 0063). Something added after that write — by another step that runs just before the commit — is written at once,
 * so nothing is lost. Runs last among the pre-commit steps. The caller must be inside a transaction.
 */
public final class BeforeCommitBatch<T> {

    private final Consumer<List<T>> write;

    public BeforeCommitBatch(Consumer<List<T>> write) {
        this.write = write;
    }

    /** The transaction's items, until its pre-commit write. */
    private static final class Pending<T> {
        final List<T> items = new ArrayList<>();
        boolean written;
    }

    public void add(T item) {
        Pending<T> pending = pending();
        if (pending.written) {
            write.accept(List.of(item));
        } else {
            pending.items.add(item);
        }
    }

    @SuppressWarnings("unchecked")
    private Pending<T> pending() {
        var pending = (Pending<T>) TransactionSynchronizationManager.getResource(this);
        if (pending != null) return pending;
        Pending<T> fresh = new Pending<>();
        TransactionSynchronizationManager.bindResource(this, fresh);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public int getOrder() {
                return Ordered.LOWEST_PRECEDENCE; // last: nothing that runs before the commit may add an item after it
            }

            @Override
            public void beforeCommit(boolean readOnly) {
                fresh.written = true;
                if (!fresh.items.isEmpty()) write.accept(fresh.items);
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(BeforeCommitBatch.this);
            }
        });
        return fresh;
    }
}
