package cn.shuangkong.audit;

import cn.shuangkong.audit.internal.AuditAnchors;
import cn.shuangkong.audit.internal.AuditChain;
import cn.shuangkong.audit.internal.AuditSealer;
import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.shared.StateChanged;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import cn.shuangkong.support.PlatformTest;

/**
 * The six ways to tamper with the trail through the database, each on audit records of its own, each found by the
 * verification (by the chain, by the signed anchors outside the database, or by the state of the guards). The rows
 * are put back after each test, and the whole chain verifies again.
 */
class AuditTamperingTest extends PlatformTest {

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditAnchors anchors;

    @Autowired
    AuditSealer sealer;

    @Autowired
    EmbeddedPostgres postgres;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @AfterEach
    void chainVerifiesAgain() {
        var after = trail.verify();
        assertThat(after.findings()).isEmpty();
        assertThat(after.intact()).isTrue();
    }

    /** Three fresh records of an enterprise in a region, anchored: what each test tampers with. */
    private List<Long> freshAnchoredRecords(String tag) {
        long enterprise = enterpriseIdOf("ent_chem");
        for (int i = 1; i <= 3; i++) {
            trail.on(new StateChanged("篡改测试", "tamper_test", tag + "-" + i, tag + " 第 " + i + " 条", enterprise, "321282"));
        }
        List<Long> ids = jdbc.sql("select id from audit_record where entity_type = 'tamper_test' and entity_id like :t order by id")
                .param("t", tag + "-%").query(Long.class).list();
        assertThat(ids).hasSize(3);
        var checkpoint = anchors.checkpoint();
        assertThat(checkpoint.refusal()).isNull();
        assertThat(checkpoint.anchor().lastId()).isGreaterThanOrEqualTo(ids.get(2));
        assertThat(trail.verify().intact()).isTrue();
        return ids;
    }

    @Test
    void an_edited_field_is_named_as_the_first_bad_record() throws Exception {
        var ids = freshAnchoredRecords("edit");
        try (var db = new Tampering(postgres).save(ids.get(0))) {
            db.unguarded("update audit_record set summary = '无异常' where id = ?", ids.get(1));
            var v = trail.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBrokenId()).isEqualTo(ids.get(1));
            assertThat(v.reason()).isEqualTo("编号 " + ids.get(1) + " 的记录内容与其哈希不符：记录被篡改");
        }
    }

    @Test
    void edited_scope_columns_are_caught_because_every_column_is_hashed() throws Exception {
        var ids = freshAnchoredRecords("scope");
        try (var db = new Tampering(postgres).save(ids.get(0))) {
            db.unguarded("update audit_record set enterprise_id = ?, region_code = '321283' where id = ?", enterpriseIdOf("ent_mech"), ids.get(2));
            var v = trail.verify();
            assertThat(v.firstBrokenId()).isEqualTo(ids.get(2));
            assertThat(v.reason()).contains("记录被篡改");
        }
        var columns = jdbc.sql("select column_name from information_schema.columns where table_name = 'audit_record' and column_name <> 'hash'")
                .query(String.class).list();
        assertThat(columns).as("a column added to audit_record must be hashed too").containsExactlyInAnyOrderElementsOf(AuditChain.HASHED_COLUMNS);
    }

    @Test
    void a_deleted_middle_row_breaks_the_link_of_the_next() throws Exception {
        var ids = freshAnchoredRecords("middle");
        try (var db = new Tampering(postgres).save(ids.get(0))) {
            db.unguarded("delete from audit_record where id = ?", ids.get(1));
            var v = trail.verify();
            assertThat(v.firstBrokenId()).isEqualTo(ids.get(2));
            assertThat(v.findings()).anyMatch(f -> f.contains("编号 " + ids.get(2) + " 的记录所记的前一条哈希与实际不符"));
        }
    }

    @Test
    void a_deleted_tail_is_found_by_the_last_anchor() throws Exception {
        var ids = freshAnchoredRecords("tail");
        var anchor = anchors.log().last();
        var admin = loggedIn("admin"); // signing in is audited: before the chain is held
        long total = jdbc.sql("select count(*) from audit_record").query(Long.class).single();
        try (var db = new Tampering(postgres).save(ids.get(0))) {
            db.unguarded("delete from audit_record where id >= ?", ids.get(0));
            long left = jdbc.sql("select count(*) from audit_record").query(Long.class).single();
            assertThat(left).isLessThan(total);
            var v = trail.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.findings()).contains("审计记录尾部被删除：最后锚点（" + anchor.shownAt() + "）记录到第 " + anchor.count()
                    + " 条（编号 " + anchor.lastId() + "），数据库只有 " + left + " 条");
            var api = admin.get("/api/v1/audit/verify").json();
            assertThat(api.get("intact").asBoolean()).isFalse();
            assertThat(api.get("findings").toString()).contains("数据库只有 " + left + " 条");
        }
    }

    @Test
    void a_chain_recomputed_after_an_edit_disagrees_with_its_anchor() throws Exception {
        var ids = freshAnchoredRecords("recompute");
        long anchored = anchors.log().last().lastId();
        try (var db = new Tampering(postgres).save(ids.get(0))) {
            db.guard(false);
            // The attacker edits one record and recomputes every hash from there to the end: the chain holds together.
            String prev = jdbc.sql("select hash from audit_record where id < :id order by id desc limit 1").param("id", ids.get(0))
                    .query(String.class).single();
            var rows = jdbc.sql("select * from audit_record where id >= :id order by id").param("id", ids.get(0)).query(AuditRecord.class).list();
            for (var r : rows) {
                String summary = r.id() == ids.get(0) ? "整改完成（伪造）" : r.summary();
                var forged = new AuditRecord(r.id(), r.occurredAt(), r.actor(), r.clientAddress(), r.action(), r.entityType(),
                        r.entityId(), summary, r.enterpriseId(), r.regionCode(), prev, null, r.hashVersion());
                prev = AuditChain.hash(forged);
                db.exec("update audit_record set summary = ?, prev_hash = ?, hash = ? where id = ?", summary, forged.prevHash(), prev, r.id());
            }
            db.guard(true);
            var v = trail.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBrokenId()).isBetween(ids.get(0), anchored);
            assertThat(v.reason()).startsWith("编号 " + v.firstBrokenId() + " 的记录与锚点").contains("哈希链在锚定后被重新计算");
        }
    }

    @Test
    void a_disabled_trigger_is_reported_and_so_is_what_was_written_while_it_was_off() throws Exception {
        var ids = freshAnchoredRecords("trigger");
        try (var db = new Tampering(postgres).save(ids.get(0))) {
            db.guard(false);
            db.exec("update audit_record set actor = 'admin' where id = ?", ids.get(0));
            var v = trail.verify();
            assertThat(v.findings()).contains("防篡改触发器 audit_record_no_update 已被停用：数据库不再拒绝修改和删除审计记录");
            assertThat(v.firstBrokenId()).isEqualTo(ids.get(0));
        }
    }

    @Test
    void a_forged_anchor_line_fails_its_signature() throws Exception {
        freshAnchoredRecords("anchor");
        var file = anchors.log().file();
        try (var db = new Tampering(postgres)) { // holds the chain: no checkpoint writes the file meanwhile
            String original = Files.readString(file);
            String[] lines = original.split("\n");
            String[] last = lines[lines.length - 1].split("\t");
            last[3] = String.valueOf(Long.parseLong(last[3]) - 1); // the attacker's count after deleting a record
            lines[lines.length - 1] = String.join("\t", last);
            Files.writeString(file, String.join("\n", lines) + "\n");
            try {
                var v = trail.verify();
                assertThat(v.findings()).anyMatch(f -> f.matches("锚点文件第 " + lines.length + " 行（.*）签名无效：.*"));
            } finally {
                Files.writeString(file, original);
            }
        }
    }

    @Test
    void a_range_can_be_verified_on_its_own() {
        var ids = freshAnchoredRecords("range");
        var v = trail.verify(ids.get(0), ids.get(2));
        assertThat(v.intact()).isTrue();
        assertThat(v.checked()).isEqualTo(jdbc.sql("select count(*) from audit_record where id between :a and :b")
                .param("a", ids.get(0)).param("b", ids.get(2)).query(Long.class).single());
    }

    @Test
    void each_anchor_is_also_sent_to_the_configured_url() throws Exception {
        var received = new java.util.concurrent.LinkedBlockingQueue<String>();
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/anchors", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        var dir = Files.createTempDirectory("anchors");
        try {
            var publishing = new AuditAnchors(jdbc, clock, dir.resolve("anchors.log"), dir.resolve("anchor-key"),
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/anchors", sealer, transactions);
            // A hand-made instance has no transactional proxy: the test gives it the transaction the bean would have.
            var written = new org.springframework.transaction.support.TransactionTemplate(transactions).execute(s -> publishing.checkpoint());
            assertThat(written.written()).isTrue();
            String body = received.poll(Patience.CONDITION.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(body).contains("\"lastId\":" + written.anchor().lastId(), "\"lastHash\":\"" + written.anchor().lastHash() + "\"",
                    "\"signature\":\"", "\"publicKey\":\"");
        } finally {
            server.stop(0);
        }
    }
}
