package cn.shuangkong.shared;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.IncompleteEventPublications;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reactions are not lost (issue 10, item 11): a listener that fails after a change committed leaves its event
 * publication incomplete in Spring Modulith's registry; this
 * hands every such publication back to its listener, shortly after start and then every
 * {@code shuangkong.events.retry-every}. Only publications older than {@code shuangkong.events.retry-after} are taken,
 * so that one still being delivered right after its commit is not delivered twice. Listeners must therefore be
 * idempotent. The platform's own reactions after commit are owed as rows of their modules instead — the rating
 * ({@code rating_owed}, ADR 0023) and a sensor alarm's alert ({@code alarm_alert_owed}, ADR 0051) — so this is what
 * keeps the promise for any listener that still uses the registry.
 */
@Component
class EventRetries {

    private static final Logger log = LoggerFactory.getLogger(EventRetries.class);

    private final IncompleteEventPublications incomplete;
    private final CompletedEventPublications completed;
    private final Duration after;
    private final Duration keepCompleted;

    EventRetries(IncompleteEventPublications incomplete, CompletedEventPublications completed,
                 @Value("${shuangkong.events.retry-after:1m}") Duration after,
                 @Value("${shuangkong.events.keep-completed:7d}") Duration keepCompleted) {
        this.incomplete = incomplete;
        this.completed = completed;
        this.after = after;
        this.keepCompleted = keepCompleted;
    }

    @Scheduled(initialDelayString = "${shuangkong.events.retry-first:30s}", fixedDelayString = "${shuangkong.events.retry-every:1m}")
    @SchedulerLock(name = "event-retries", lockAtMostFor = "PT10M", lockAtLeastFor = "PT30S")
    void retry() {
        try {
            incomplete.resubmitIncompletePublicationsOlderThan(after);
            // Completed publications are no evidence (the audit trail is): keep a week for diagnosis, then drop them.
            completed.deletePublicationsOlderThan(keepCompleted);
        } catch (RuntimeException e) {
            // Each publication stays incomplete until its listener succeeds; the next round tries again.
            log.warn("Retrying incomplete event publications failed this round: {}", e.toString());
        }
    }
}
