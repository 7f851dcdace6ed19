package cn.shuangkong.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.exchange.internal.ExchangeModel;
import cn.shuangkong.exchange.internal.ExchangeProperties;
import cn.shuangkong.exchange.internal.ExchangeSync;
import cn.shuangkong.exchange.internal.ExchangeUploader;
import cn.shuangkong.hazard.Photos;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.awt.Color;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** 数据上报 against a receiver played by the test: the outbox, batching order, held-back and waiting records, retries. */
class ExchangeUploadTest extends PlatformTest {

    @Autowired private ExchangeSync sync;
    @Autowired private ExchangeModel model;
    @Autowired private JsonMapper json;
    @Autowired private Enterprises enterprises;
    @Autowired private ApplicationEventPublisher events;
    @Autowired private PlatformTransactionManager transactions;

    private FakeReceiver receiver;
    private ExchangeUploader uploader;
    private long chem;

    @BeforeEach
    void aReceiverThatKnowsNothingYet() throws Exception {
        receiver = new FakeReceiver();
        var upload = new ExchangeProperties.Upload(receiver.endpoint(), "test-key", null, Duration.ofSeconds(30), 500,
                Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(10));
        uploader = new ExchangeUploader(jdbc, sync, model, new ExchangeProperties(upload, null), json, (Clock) clock, enterprises);
        chem = enterpriseIdOf("ent_chem");
        sync.sync(chem);
        // Another test's receiver may have accepted these already; this one has seen nothing.
        jdbc.sql("update exchange_record set status = 'PENDING', accepted_hash = null, attempts = 0, next_attempt_at = null, error = null")
                .update();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void a_change_rolled_back_leaves_no_outbox_marker_and_a_committed_one_reaches_the_upload() {
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            events.publishEvent(new StateChanged("登记隐患", "hazard", "rolled-back-probe", "回滚的修改", chem, null));
            tx.setRollbackOnly();
        });
        assertThat(jdbc.sql("select count(*) from exchange_outbox where entity_id = 'rolled-back-probe'").query(Long.class).single())
                .isZero();
        new TransactionTemplate(transactions).executeWithoutResult(tx ->
                events.publishEvent(new StateChanged("登记隐患", "hazard", "committed-probe", "提交的修改", chem, null)));
        assertThat(jdbc.sql("select count(*) from exchange_record r where false").query(Long.class).single()).isZero();
        long marked = jdbc.sql("select count(*) from exchange_outbox where entity_id = 'committed-probe'").query(Long.class).single();
        long hazard = hazard(loggedIn("ent_chem"), "出库泵机封渗漏");
        sync.sync(chem);
        assertThat(marked).as("written in the committing transaction (unless a scheduled round took it already)").isLessThanOrEqualTo(1);
        assertThat(jdbc.sql("select count(*) from exchange_outbox where enterprise_id = :e").param("e", chem).query(Long.class).single())
                .as("worked off").isZero();
        assertThat(status("hazard", hazard)).as("the committed hazard became a record to upload").isIn("PENDING", "HELD");
    }

    @Test
    void parents_go_first_a_bad_record_is_held_back_and_children_of_a_rejected_parent_wait() {
        Api chemApi = loggedIn("ent_chem");
        long unassigned = hazard(chemApi, "静电接地线断开");
        long assigned = hazard(chemApi, "消防通道堆放杂物");
        assertThat(chemApi.post("/api/v1/hazards/" + assigned + "/assign", Api.json(plan(LocalDate.now(clock.withZone(
                java.time.ZoneId.of("Asia/Shanghai"))).plusDays(5)))).status()).isEqualTo(200);
        sync.sync(chem);
        String rejectedUnit = jdbc.sql("select uuid from exchange_record where enterprise_id = :e and entity = 'unit' order by platform_id limit 1")
                .param("e", chem).query(String.class).single();
        receiver.reject.add(rejectedUnit);

        uploader.round();

        List<JsonNode> sent = receiver.records();
        assertThat(sent).isNotEmpty();
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) position.putIfAbsent(sent.get(i).path("data").path("id").asString(), i);
        for (JsonNode batch : receiver.batches) {
            int rank = -1;
            for (JsonNode r : batch.path("records")) {
                int mine = ExchangeModel.ENTITIES.indexOf(r.path("entity").asString());
                assertThat(mine).as("parents before children within a batch").isGreaterThanOrEqualTo(rank);
                rank = mine;
            }
        }
        for (JsonNode r : sent) {
            for (var parent : model.parentFields(r.path("entity").asString())) {
                String ref = r.path("data").path(parent.name()).asString(null);
                if (ref == null || parent.parent().equals("object")) continue;
                assertThat(position.get(ref)).as(r.path("entity").asString() + " sent after its parent " + parent.name())
                        .isNotNull().isLessThan(position.get(r.path("data").path("id").asString()));
            }
        }
        assertThat(status("hazard", unassigned)).isEqualTo("HELD");
        assertThat(error("hazard", unassigned)).contains("「整改责任人」（liablePerson）不能为空").contains("「整改期限」（dangerManageDeadline）不能为空");
        assertThat(position).as("a held-back record is not sent").doesNotContainKey(uuid("hazard", unassigned));
        assertThat(status("hazard", assigned)).as("a held-back record blocks nothing").isEqualTo("ACCEPTED");

        assertThat(jdbc.sql("select status from exchange_record where uuid = :u").param("u", rejectedUnit).query(String.class).single())
                .isEqualTo("REJECTED");
        assertThat(jdbc.sql("select error from exchange_record where uuid = :u").param("u", rejectedUnit).query(String.class).single())
                .contains("「责任部门」（hazardDep）与本省组织机构不符");
        List<String> waiting = jdbc.sql("select status || ' ' || coalesce(error, '') from exchange_record where parent_uuid = :u and entity = 'event' and not deleted")
                .param("u", rejectedUnit).query(String.class).list();
        assertThat(waiting).isNotEmpty().allSatisfy(w -> assertThat(w).startsWith("WAITING").contains("等待上级记录（风险分析单元）"));

        // The receiver corrects its side; 重新上报 sends the unit again as itself, and then its events.
        receiver.reject.clear();
        int before = sent.size();
        var resent = chemApi.post("/api/v1/exchange/enterprises/" + chem + "/resend", "{}");
        assertThat(resent.status()).as(resent.body()).isEqualTo(200);
        uploader.round();
        assertThat(jdbc.sql("select status from exchange_record where uuid = :u").param("u", rejectedUnit).query(String.class).single())
                .isEqualTo("ACCEPTED");
        assertThat(jdbc.sql("select count(*) from exchange_record where parent_uuid = :u and status <> 'ACCEPTED'").param("u", rejectedUnit)
                .query(Long.class).single()).isZero();
        List<JsonNode> again = receiver.records().subList(before, receiver.records().size());
        assertThat(again).isNotEmpty();
        Set<String> known = new HashSet<>(position.keySet());
        List<String> newIds = new ArrayList<>();
        again.forEach(r -> { if (!known.contains(r.path("data").path("id").asString())) newIds.add(r.path("entity").asString()); });
        assertThat(again).extracting(r -> r.path("data").path("id").asString()).as("the unit again, by its own id").contains(rejectedUnit);
        assertThat(newIds).as("what went again went as the same records (their ids), none as new ones").isEmpty();

        // Nothing is due once everything is answered; a changed hazard goes up again as the same record.
        int batches = receiver.batches.size();
        uploader.round();
        assertThat(receiver.batches).hasSize(batches);
        assertThat(chemApi.post("/api/v1/hazards/" + unassigned + "/assign", Api.json(plan(LocalDate.now(clock.withZone(
                java.time.ZoneId.of("Asia/Shanghai"))).plusDays(3)))).status()).isEqualTo(200);
        sync.sync(chem);
        uploader.round();
        assertThat(status("hazard", unassigned)).isEqualTo("ACCEPTED");
        JsonNode last = receiver.records().get(receiver.records().size() - 1);
        assertThat(last.path("data").path("id").asString()).isEqualTo(uuid("hazard", unassigned));
        assertThat(last.path("data").path("liablePerson").asString()).isNotBlank();
    }

    @Test
    void a_receiver_that_fails_is_tried_again_later_with_a_doubling_wait_and_the_same_records() {
        receiver.failNext = 2;
        uploader.round();
        String first = jdbc.sql("select error from exchange_record where entity = 'object' and enterprise_id = :e order by platform_id limit 1")
                .param("e", chem).query(String.class).single();
        assertThat(first).isEqualTo("接收方答复 HTTP 503（维护中），第 1 次发送失败，30 秒后重试");
        assertThat(receiver.failNext).isEqualTo(1);

        uploader.round();
        assertThat(receiver.failNext).as("not due yet: nothing is sent").isEqualTo(1);

        clock.advance(Duration.ofSeconds(31));
        uploader.round();
        assertThat(receiver.failNext).isZero();
        assertThat(jdbc.sql("select error from exchange_record where entity = 'object' and enterprise_id = :e order by platform_id limit 1")
                .param("e", chem).query(String.class).single()).endsWith("第 2 次发送失败，60 秒后重试");

        clock.advance(Duration.ofSeconds(61));
        uploader.round();
        assertThat(receiver.batches).isNotEmpty();
        assertThat(jdbc.sql("select count(*) from exchange_record where enterprise_id = :e and entity = 'object' and status <> 'ACCEPTED'")
                .param("e", chem).query(Long.class).single()).isZero();
        assertThat(uploader.backoff(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(uploader.backoff(30)).as("capped").isEqualTo(Duration.ofHours(1));
    }

    private long hazard(Api as, String title) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", "SELF_CHECK");
        m.put("type", "UNSAFE_CONDITION");
        m.put("title", title);
        m.put("description", title + "，现场核实属实");
        m.put("location", "罐区");
        var r = as.post("/api/v1/hazards", Api.json(m));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    static Map<String, Object> plan(LocalDate deadline) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("responsible", "worker_chem");
        m.put("measures", "清理并恢复");
        m.put("funds", 500);
        m.put("deadline", deadline.toString());
        m.put("contingencyPlan", "整改期间设警戒区");
        return m;
    }

    static String photo() {
        return Base64.getEncoder().encodeToString(Photos.png(Color.GREEN));
    }

    private String status(String entity, long id) {
        return jdbc.sql("select status from exchange_record where entity = :t and platform_id = :id").param("t", entity).param("id", id)
                .query(String.class).single();
    }

    private String error(String entity, long id) {
        return jdbc.sql("select error from exchange_record where entity = :t and platform_id = :id").param("t", entity).param("id", id)
                .query(String.class).single();
    }

    private String uuid(String entity, long id) {
        return jdbc.sql("select uuid from exchange_record where entity = :t and platform_id = :id").param("t", entity).param("id", id)
                .query(String.class).single();
    }
}
