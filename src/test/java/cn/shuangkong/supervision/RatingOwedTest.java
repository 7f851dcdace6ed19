package cn.shuangkong.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.quality.internal.QualityChecks;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.supervision.internal.RatingTriggers;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.FreshEnterprise;
import cn.shuangkong.support.PlatformTest;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The rating is recomputed off the request thread from a "rating owed" row per enterprise (ADR 0023): a change owes
 * one when it commits and not otherwise, an owed row left behind (an instance died) is drained by any worker, and
 * under concurrent changes and concurrent workers the rating still follows its source.
 */
class RatingOwedTest extends PlatformTest {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    RatingTriggers triggers;

    @Autowired
    QualityChecks quality;

    @Test
    void a_change_owes_a_recompute_only_if_it_commits_and_many_changes_owe_one_row() {
        long enterprise = quietEnterprise();
        // The change below also sets off the enterprise's 数据质量 check, whose own record owes a second recompute if the
        // score moved (other tests move the clock, and time-based rules follow it): brought up to date first, it finds
        // nothing new and the rating's last reason stays the test's.
        quality.check(enterprise, "测试前");
        OwedRatings.awaitRecomputed(jdbc, enterprise);
        transactions.executeWithoutResult(tx -> {
            events.publishEvent(new StateChanged("测试变更", "probe", "1", "回滚的变更", enterprise, null));
            tx.setRollbackOnly();
        });
        assertThat(OwedRatings.owed(jdbc, enterprise)).as("a rolled-back change owes nothing").isFalse();

        String reason = "测试-" + UUID.randomUUID().toString().substring(0, 8);
        transactions.executeWithoutResult(tx -> {
            for (int i = 0; i < 3; i++) events.publishEvent(new StateChanged(reason, "probe", String.valueOf(i), "变更", enterprise, null));
        });
        OwedRatings.awaitRecomputed(jdbc, enterprise);
        assertThat(reason()).containsEntry(enterprise, reason);
    }

    @Test
    void a_row_left_owed_by_an_instance_that_died_is_recomputed_by_the_worker() {
        long enterprise = quietEnterprise();
        String reason = "遗留-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.sql("insert into rating_owed (enterprise_id, reason, owed_since) values (:e, :r, :t)")
                .param("e", enterprise).param("r", reason).param("t", Timestamp.from(clock.instant())).update();
        OwedRatings.awaitRecomputed(jdbc, enterprise);
        assertThat(reason()).containsEntry(enterprise, reason);
    }

    @Test
    void under_eight_clients_and_two_extra_workers_the_rating_counts_exactly_the_open_hazards() throws Exception {
        long chem = enterpriseIdOf("ent_chem");
        List<Api> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) clients.add(loggedIn("ent_chem"));
        var pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                Api api = clients.get(c);
                int client = c;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 4; i++) {
                        var created = api.post("/api/v1/hazards", Api.json(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION",
                                "title", "评级并发 " + client + "-" + i, "description", "并发登记", "location", "罐区")));
                        assertThat(created.status()).as(created.body()).isEqualTo(201);
                    }
                }));
            }
            // Two more workers draining at the same time, as other instances would.
            for (int w = 0; w < 2; w++) done.add(pool.submit(() -> {
                for (int i = 0; i < 20; i++) triggers.drain();
            }));
            for (var f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        OwedRatings.awaitRecomputed(jdbc, chem);
        long open = jdbc.sql("select count(*) from hazard where enterprise_id = :e and state not in ('CLOSED','REJECTED','PENDING_CONFIRMATION')")
                .param("e", chem).query(Long.class).single();
        JsonNode rating = loggedIn("gov_city").get("/api/v1/supervision/ratings/" + chem).json().get("rating");
        String overdue = null;
        for (JsonNode f : rating.get("factors")) if (f.get("code").asString().equals("overdueRate")) overdue = f.get("value").asString();
        assertThat(overdue).as("the rating's open hazards are the register's").endsWith("/" + open + "）");
    }

    private Map<Long, String> reason() {
        Map<Long, String> out = new java.util.HashMap<>();
        jdbc.sql("select enterprise_id, reason from enterprise_rating").query((rs, i) -> out.put(rs.getLong(1), rs.getString(2))).list();
        return out;
    }

    /**
     * An enterprise of this test's own that nothing else changes: no risk points, inspection tasks or hazards, so no
     * alert rule finds anything about it (a demo enterprise was hit by a 承诺公告 alert when another test's clock crossed
     * the rule's hour, and that recompute's reason replaced the test's).
     */
    private long quietEnterprise() {
        return FreshEnterprise.create(jdbc, "评级欠账").id();
    }
}
