package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.supervision.OwedRatings;
import cn.shuangkong.support.FreshEnterprise;
import cn.shuangkong.support.PlatformTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import tools.jackson.databind.json.JsonMapper;

/**
 * An installation that upgrades with Spring Modulith publications still incomplete for listeners that no longer use
 * the registry (ADR 0075): V301 owes the rating recompute as a row, which the rating worker then makes, completes the
 * publications whose reaction the platform's periodic work has made, and leaves any other listener's rows alone. The
 * rows are written as that installation's registry left them (the event as Modulith's Jackson serializer writes it),
 * and the migration's own file is run again over them, twice.
 */
class EventPublicationUpgradeTest extends PlatformTest {

    private static final String RECOMPUTE = "cn.shuangkong.supervision.RatingTriggers.recompute(cn.shuangkong.supervision.RatingTriggers$RatingStale)";
    private static final String RATING_STALE = "cn.shuangkong.supervision.RatingTriggers$RatingStale";
    private static final String MIGRATION = "db/migration/V301__orphaned_event_publications.sql";

    /** The event the old listener took, as it was published: Jackson writes its two properties and no class name. */
    record RatingStale(long enterpriseId, String reason) {
    }

    @Autowired
    EmbeddedPostgres postgres;

    @Autowired
    JsonMapper json;

    @Test
    void an_old_rating_recompute_is_owed_and_made_the_others_completed_and_a_strangers_left_alone() {
        long enterprise = FreshEnterprise.create(jdbc, "升级遗留").id();
        long completedBefore = FreshEnterprise.create(jdbc, "升级已完成").id();
        String reason = "升级前-" + UUID.randomUUID().toString().substring(0, 8);
        var hourAgo = clock.instant().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS); // as the column keeps it
        UUID older = publication(RECOMPUTE, RATING_STALE, new RatingStale(enterprise, "更早的原因"), hourAgo.minusSeconds(60), false);
        UUID newest = publication(RECOMPUTE, RATING_STALE, new RatingStale(enterprise, reason), hourAgo, false);
        UUID done = publication(RECOMPUTE, RATING_STALE, new RatingStale(completedBefore, "早已完成"), hourAgo, true);
        UUID noEnterprise = publication(RECOMPUTE, RATING_STALE, new RatingStale(-enterprise, "企业已删除"), hourAgo, false);
        UUID recheck = publication("cn.shuangkong.alerting.AlertEngine.on(cn.shuangkong.shared.StateChanged)",
                "cn.shuangkong.shared.StateChanged",
                new StateChanged("备案", "risk_filing", "1", "提交备案", enterprise, null), hourAgo, false);
        UUID screen = publication("cn.shuangkong.analytics.RecentAlarms.on(cn.shuangkong.shared.AlarmRaised)",
                "cn.shuangkong.shared.AlarmRaised", Map.of("alarmId", 1, "enterpriseId", enterprise), hourAgo, false);
        UUID stranger = publication("org.example.Own.on(cn.shuangkong.shared.StateChanged)", "cn.shuangkong.shared.StateChanged",
                new StateChanged("他人", "probe", "1", "他人的监听器", enterprise, null), hourAgo, false);
        List<UUID> ours = List.of(older, newest, done, noEnterprise, recheck, screen, stranger);
        try {
            assertThat(OwedRatings.owed(jdbc, enterprise)).as("owed before the migration").isFalse();
            migrate();

            OwedRatings.awaitRecomputed(jdbc, enterprise);
            assertThat(ratingReason(enterprise)).as("the rating recomputed for the newest reason left in the registry").isEqualTo(reason);
            assertThat(ratingReason(completedBefore)).as("a completed publication owes nothing").isNull();
            assertThat(OwedRatings.owed(jdbc, completedBefore)).isFalse();
            assertThat(OwedRatings.owed(jdbc, -enterprise)).as("an enterprise that is gone owes nothing").isFalse();
            Map<UUID, String> after = states(ours);
            assertThat(after).containsEntry(older, "COMPLETED").containsEntry(newest, "COMPLETED")
                    .containsEntry(noEnterprise, "COMPLETED").containsEntry(recheck, "COMPLETED").containsEntry(screen, "COMPLETED")
                    .containsEntry(done, "COMPLETED").containsEntry(stranger, "incomplete");
            Map<UUID, Timestamp> completed = completionDates(ours);
            assertThat(completed.get(done)).as("completed before, left as it was").isEqualTo(Timestamp.from(hourAgo.plusSeconds(1)));

            migrate(); // again: nothing more is owed, nothing else changes
            assertThat(OwedRatings.owed(jdbc, enterprise)).as("owed again by a second run").isFalse();
            assertThat(states(ours)).isEqualTo(after);
            assertThat(completionDates(ours)).isEqualTo(completed);
        } finally {
            jdbc.sql("delete from event_publication where id in (:ids)").param("ids", ours).update();
        }
    }

    /** Runs V301's file as Flyway did, as the database's owner. */
    private void migrate() {
        new ResourceDatabasePopulator(new ClassPathResource(MIGRATION)).execute(postgres.getPostgresDatabase());
    }

    /** A publication as Modulith's JDBC registry writes it: the event serialized by the application's JsonMapper. */
    private UUID publication(String listener, String eventType, Object event, Instant published, boolean completed) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into event_publication (id, listener_id, event_type, serialized_event, publication_date, completion_date,
                                               status, completion_attempts)
                values (:id, :l, :t, :e, :p, :c, :s, 1)""")
                .param("id", id).param("l", listener).param("t", eventType).param("e", json.writeValueAsString(event))
                .param("p", Timestamp.from(published)).param("c", completed ? Timestamp.from(published.plusSeconds(1)) : null)
                .param("s", completed ? "COMPLETED" : "PUBLISHED").update();
        return id;
    }

    /**
     * Each publication's status, or "incomplete" if it has no completion date: an incomplete one's status is the
     * platform's retries' (EventRetries may hand the stranger to its absent listener at any moment and mark it FAILED),
     * not the migration's.
     */
    private Map<UUID, String> states(List<UUID> ids) {
        Map<UUID, String> out = new HashMap<>();
        jdbc.sql("""
                select id, case when completion_date is null then 'incomplete' else status end
                  from event_publication where id in (:ids)""")
                .param("ids", ids).query((rs, i) -> out.put(rs.getObject(1, UUID.class), rs.getString(2))).list();
        assertThat(out).as("the test's publications").hasSize(ids.size());
        return out;
    }

    private Map<UUID, Timestamp> completionDates(List<UUID> ids) {
        Map<UUID, Timestamp> out = new HashMap<>();
        jdbc.sql("select id, completion_date from event_publication where id in (:ids)").param("ids", ids)
                .query((rs, i) -> out.put(rs.getObject(1, UUID.class), rs.getTimestamp(2))).list();
        return out;
    }

    private String ratingReason(long enterprise) {
        return jdbc.sql("select reason from enterprise_rating where enterprise_id = :e").param("e", enterprise)
                .query(String.class).optional().orElse(null);
    }
}
