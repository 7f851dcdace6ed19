package cn.shuangkong.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.supervision.internal.DocumentNumbers;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** 政府监管 through the API, as a regulator's other system (or the pages) would use it. */
class SupervisionFlowTest extends PlatformTest {

    @Autowired
    DocumentNumbers numbers;

    @Autowired
    TransactionTemplate transactions;

    private long enterprise(String industry, String town, int n) {
        return jdbc.sql("""
                select id from enterprise where industry_code = :i and region_code = :r and status = 'OPERATING'
                   and id not in (select enterprise_id from user_account where enterprise_id is not null)
                 order by id offset :n limit 1
                """).param("i", industry).param("r", town).param("n", n).query(Long.class).single();
    }

    private JsonNode inspectionWithFinding(Api city, long enterpriseId, String title) {
        var x = city.post("/api/v1/supervision/inspections", Api.json(Map.of("enterpriseId", enterpriseId,
                "inspectedOn", LocalDate.now(clock).toString(), "inspectors", "周卫东、陈海峰")));
        assertThat(x.status()).as(x.body()).isEqualTo(201);
        long id = x.json().get("id").asLong();
        var f = city.post("/api/v1/supervision/inspections/" + id + "/findings", Api.json(Map.of("title", title,
                "description", "现场发现的问题", "location", "一号车间", "type", "UNSAFE_CONDITION",
                "basis", "《安全生产法》第四十一条", "deadline", LocalDate.now(clock).plusDays(10).toString())));
        assertThat(f.status()).as(f.body()).isEqualTo(200);
        return city.get("/api/v1/supervision/inspections/" + id).json();
    }

    @Test
    void a_finding_lands_in_the_enterprises_hazard_register_and_the_order_gets_the_next_number_of_the_department() {
        Api city = loggedIn("gov_city");
        long target = enterprise("C3120", "321282400", 0);
        JsonNode x = inspectionWithFinding(city, target, "钢包吊运区域人员通道未隔离");
        long hazardId = x.get("findings").get(0).get("hazardId").asLong();

        var hazard = city.get("/api/v1/hazards/" + hazardId).json();
        assertThat(hazard.get("enterpriseId").asLong()).isEqualTo(target);
        assertThat(hazard.get("source").asString()).isEqualTo("ENFORCEMENT");
        assertThat(hazard.get("title").asString()).isEqualTo("钢包吊运区域人员通道未隔离");
        assertThat(jdbc.sql("select source from hazard where id = :h").param("h", hazardId).query(String.class).single()).isEqualTo("ENFORCEMENT");

        long before = jdbc.sql("select coalesce(max(last_no), 0) from document_counter d join department p on p.id = d.department_id"
                + " where p.name = '靖江市应急管理局' and d.kind = 'ORDER' and d.year = :y").param("y", LocalDate.now(clock).getYear())
                .query(Long.class).single();
        var issued = city.post("/api/v1/supervision/inspections/" + x.get("id").asLong() + "/order", "{}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        String no = issued.json().get("orderNo").asString();
        assertThat(no).isEqualTo("靖应急责改〔" + LocalDate.now(clock).getYear() + "〕第" + String.format("%04d", before + 1) + "号");
        assertThat(city.post("/api/v1/supervision/inspections/" + x.get("id").asLong() + "/order", "{}").status()).isEqualTo(409);

        var pdf = city.get("/api/v1/supervision/inspections/" + x.get("id").asLong() + "/order.pdf");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        try (var doc = Loader.loadPDF(pdf.bytes())) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("责令限期整改指令书", no, "钢包吊运区域人员通道未隔离", "《安全生产法》第四十一条");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void concurrent_issues_get_consecutive_numbers_without_gaps_and_a_rolled_back_issue_gives_its_number_back() throws Exception {
        long dept = jdbc.sql("select id from department where name = '斜桥镇安全生产监督管理办公室'").query(Long.class).single();
        int year = 2031;
        var pool = Executors.newFixedThreadPool(6);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            futures.add(pool.submit((Callable<String>) () -> transactions.execute(s -> numbers.next(dept, "斜应急", year, DocumentNumbers.Kind.ORDER))));
        }
        Set<String> got = new HashSet<>();
        for (var f : futures) got.add(f.get());
        pool.shutdown();
        Set<String> expected = new HashSet<>();
        for (int i = 1; i <= 12; i++) expected.add("斜应急责改〔2031〕第" + String.format("%04d", i) + "号");
        assertThat(got).isEqualTo(expected);

        transactions.execute(s -> {
            numbers.next(dept, "斜应急", year, DocumentNumbers.Kind.ORDER);
            s.setRollbackOnly();
            return null;
        });
        assertThat((String) transactions.execute(s -> numbers.next(dept, "斜应急", year, DocumentNumbers.Kind.ORDER)))
                .isEqualTo("斜应急责改〔2031〕第0013号");
        assertThat((String) transactions.execute(s -> numbers.next(dept, "斜应急", year, DocumentNumbers.Kind.REVIEW)))
                .as("each kind counts on its own").isEqualTo("斜应急复查〔2031〕第0001号");
    }

    @Test
    void the_review_after_the_deadline_closes_rectified_findings_escalates_the_rest_and_proposes_the_blacklist() {
        Api city = loggedIn("gov_city");
        long target = enterprise("C3120", "321282400", 1);
        JsonNode x = inspectionWithFinding(city, target, "煤气区域未设置固定式一氧化碳报警仪");
        long id = x.get("id").asLong();
        city.post("/api/v1/supervision/inspections/" + id + "/order", "{}");
        var early = city.post("/api/v1/supervision/inspections/" + id + "/review", "{}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("detail").asString()).contains("暂不能复查");

        clock.advance(java.time.Duration.ofDays(11));
        city = loggedIn("gov_city"); // a fresh token: eleven days outlast the old one
        var review = city.post("/api/v1/supervision/inspections/" + id + "/review", "{}");
        assertThat(review.status()).as(review.body()).isEqualTo(200);
        assertThat(review.json().get("reviewNo").asString()).startsWith("靖应急复查〔");
        assertThat(review.json().get("findings").get(0).get("state").asString()).isEqualTo("ESCALATED");
        var pdf = city.get("/api/v1/supervision/inspections/" + id + "/review.pdf");
        assertThat(pdf.status()).isEqualTo(200);
        try (var doc = Loader.loadPDF(pdf.bytes())) {
            assertThat(new PDFTextStripper().getText(doc)).contains("整改复查意见书", review.json().get("reviewNo").asString(),
                    "逾期未改，已升级", "煤气区域未设置固定式一氧化碳报警仪");
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "screenshots"));
            java.nio.file.Files.write(java.nio.file.Path.of("target", "screenshots", "supervision-review.pdf"), pdf.bytes());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }

        var proposals = city.get("/api/v1/supervision/blacklist").json();
        boolean proposed = false;
        for (JsonNode b : proposals) {
            if (b.get("enterpriseId").asLong() == target) {
                proposed = true;
                assertThat(b.get("state").asString()).isEqualTo("PROPOSED");
                assertThat(b.get("basis").asString()).isEqualTo("ESCALATION");
                assertThat(b.get("reason").asString()).contains("煤气区域未设置固定式一氧化碳报警仪");
            }
        }
        assertThat(proposed).isTrue();
    }

    @Test
    void a_blacklist_proposal_is_listed_only_when_a_second_person_approves_it() {
        Api city = loggedIn("gov_city");
        long target = enterprise("C3021", "321282105", 0);
        var p = city.post("/api/v1/supervision/blacklist", Api.json(Map.of("enterpriseId", target, "reason", "拒不执行指令书")));
        assertThat(p.status()).as(p.body()).isEqualTo(201);
        long id = p.json().get("id").asLong();
        assertThat(city.post("/api/v1/supervision/blacklist", Api.json(Map.of("enterpriseId", target, "reason", "再次提请"))).status())
                .isEqualTo(409);

        var self = city.post("/api/v1/supervision/blacklist/" + id + "/decision", Api.json(Map.of("approve", true)));
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.json().get("detail").asString()).contains("须由另一名人员审批");
        assertThat(loggedIn("ent_mech").post("/api/v1/supervision/blacklist/" + id + "/decision", Api.json(Map.of("approve", true))).status())
                .isEqualTo(403);

        var approved = loggedIn("gov_lead").post("/api/v1/supervision/blacklist/" + id + "/decision", Api.json(Map.of("approve", true)));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("state").asString()).isEqualTo("ACTIVE");
        assertThat(approved.json().get("startDate").asString()).isEqualTo(LocalDate.now(clock).toString());
        assertThat(approved.json().get("decidedBy").asString()).isEqualTo("gov_lead");

        var ratings = city.get("/api/v1/supervision/ratings").json();
        boolean flagged = false;
        for (JsonNode r : ratings) if (r.get("enterpriseId").asLong() == target) flagged = r.get("blacklisted").asBoolean();
        assertThat(flagged).as("the list shows the listing").isTrue();
    }

    @Test
    void the_same_seed_redoes_the_same_draw_and_a_declared_relation_is_avoided() {
        Api city = loggedIn("gov_city");
        var first = city.post("/api/v1/supervision/draws", Api.json(Map.of("count", 4, "seed", 424242, "levels", List.of("RED", "ORANGE"))));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        JsonNode d = first.json();
        assertThat(d.get("seed").asLong()).isEqualTo(424242);
        assertThat(d.get("picks")).hasSize(4);
        for (JsonNode pick : d.get("picks")) assertThat(pick.get("level").asString()).isIn("RED", "ORANGE");
        var detail = city.get("/api/v1/supervision/draws/" + d.get("id").asLong()).json();
        assertThat(detail.get("replayMatches").asBoolean()).isTrue();

        // Every declared relation of the pool is in the record and no team breaks one.
        for (JsonNode pick : d.get("picks")) {
            for (JsonNode c : d.get("conflicts")) {
                if (c.get("enterpriseId").asLong() == pick.get("enterpriseId").asLong()) {
                    List<Long> team = new ArrayList<>();
                    pick.get("inspectorIds").forEach(n -> team.add(n.asLong()));
                    assertThat(team).doesNotContain(c.get("inspectorId").asLong());
                }
            }
        }
        assertThat(jdbc.sql("select count(*) from audit_record where action = '双随机抽取' and entity_id = :id")
                .param("id", String.valueOf(d.get("id").asLong())).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_department_without_enforcers_is_told_so_in_chinese() {
        long dept = jdbc.sql("select id from department where name = '斜桥镇安全生产监督管理办公室'").query(Long.class).single();
        long user = jdbc.sql("""
                insert into user_account (username, password_hash, display_name, kind, department_id)
                select 'gov_xieqiao', password_hash, '斜桥镇安监办', 'REGULATOR', :d from user_account where username = 'gov_town' returning id
                """).param("d", dept).query(Long.class).single();
        jdbc.sql("insert into user_role (user_id, role_id) select :u, id from role where code = 'REGULATOR'").param("u", user).update();
        var r = loggedIn("gov_xieqiao").post("/api/v1/supervision/draws", Api.json(Map.of("count", 2)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asString()).contains("本部门尚未登记执法人员");
    }

    @Test
    void a_grid_patrol_finding_becomes_a_hazard_with_source_grid_patrol_and_counts_for_the_grid() {
        Api grid = loggedIn("grid_xq");
        long target = enterprise("C3441", "321282100", 0);
        long before = firstGridsHazardsFound();
        var p = grid.post("/api/v1/supervision/patrols", Api.json(Map.of("enterpriseId", target, "note", "仓库灭火器过期",
                "hazardTitle", "灭火器超期未检", "hazardLocation", "成品仓库")));
        assertThat(p.status()).as(p.body()).isEqualTo(200);
        long hazard = p.json().get("hazardId").asLong();
        assertThat(jdbc.sql("select source || '/' || enterprise_id from hazard where id = :h").param("h", hazard).query(String.class).single())
                .isEqualTo("GRID_PATROL/" + target);
        var outside = grid.post("/api/v1/supervision/patrols", Api.json(Map.of("enterpriseId", enterpriseIdOf("ent_chem"), "note", "x")));
        assertThat(outside.status()).isEqualTo(400);

        // this year's count by the shared clock, which other tests may have left in another year than the demo's patrol
        assertThat(firstGridsHazardsFound()).isEqualTo(before + 1);
    }

    /** 新桥镇第一网格's 发现隐患 of this year, as the town's regulator reads it; every grid listed is of the town. */
    private long firstGridsHazardsFound() {
        JsonNode kpis = loggedIn("gov_town").get("/api/v1/supervision/grids").json();
        JsonNode first = null;
        for (JsonNode g : kpis) if (g.get("gridName").asString().equals("新桥镇第一网格")) first = g;
        assertThat(first).isNotNull();
        for (JsonNode g : kpis) assertThat(g.get("townName").asString()).isEqualTo("新桥镇");
        return first.get("hazardsFound").asLong();
    }

    @Test
    void a_major_hazard_raises_the_enterprises_rating_within_the_debounce_and_the_history_keeps_the_change() {
        Api city = loggedIn("gov_city");
        long target = enterprise("C1711", "321282104", 0);
        JsonNode before = city.get("/api/v1/supervision/ratings/" + target).json().get("rating");
        var x = city.post("/api/v1/supervision/inspections", Api.json(Map.of("enterpriseId", target,
                "inspectedOn", LocalDate.now(clock).toString(), "inspectors", "周卫东、王秀英"))).json();
        var f = city.post("/api/v1/supervision/inspections/" + x.get("id").asLong() + "/findings", Api.json(Map.of(
                "title", "除尘系统未设置泄爆装置", "description", "布袋除尘器无泄爆口", "location", "清花车间", "type", "UNSAFE_CONDITION",
                "major", true, "majorReason", "粉尘爆炸危险场所除尘系统未采取防爆措施", "deadline", LocalDate.now(clock).plusDays(30).toString())));
        assertThat(f.status()).as(f.body()).isEqualTo(200);
        OwedRatings.awaitRecomputed(jdbc, target);
        JsonNode after = city.get("/api/v1/supervision/ratings/" + target).json();
        JsonNode rating = after.get("rating");
        assertThat(points(rating, "openMajorHazards")).isEqualTo(points(before, "openMajorHazards") + 10);
        assertThat(points(rating, "findings")).isEqualTo(points(before, "findings") + 3);
        int sum = 0;
        for (JsonNode x2 : rating.get("factors")) sum += x2.get("points").asInt();
        assertThat(rating.get("score").asInt()).isEqualTo(sum).isGreaterThan(before.get("score").asInt());
        assertThat(after.get("history").get(0).get("score").asInt()).isEqualTo(after.get("rating").get("score").asInt());
    }

    private static int points(JsonNode rating, String code) {
        for (JsonNode f : rating.get("factors")) if (f.get("code").asString().equals(code)) return f.get("points").asInt();
        throw new AssertionError("no factor " + code);
    }

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    @Test
    void a_sensor_alarm_counts_in_the_rating_once_even_if_delivered_twice() {
        long target = enterprise("C1351", "321282106", 0);
        Api city = loggedIn("gov_city");
        int before = points(city.get("/api/v1/supervision/ratings/" + target).json().get("rating"), "alarms");
        var alarm = new cn.shuangkong.monitoring.AlarmRaised(990001L, target, null, "高高报", "冷库氨浓度 高高报 150 ppm",
                "/monitoring/alarms/990001", clock.instant());
        transactions.executeWithoutResult(s -> events.publishEvent(alarm));
        // its alert (made off the thread that stored the reading, ADR 0051) owes a recompute of its own; a second
        // delivery comes after it, as a retried one would
        cn.shuangkong.alerting.OwedAlarmAlerts.awaitMade(jdbc, alarm.alarmId());
        transactions.executeWithoutResult(s -> events.publishEvent(alarm));
        OwedRatings.awaitRecomputed(jdbc, target);
        JsonNode after = city.get("/api/v1/supervision/ratings/" + target).json();
        assertThat(points(after.get("rating"), "alarms")).isEqualTo(before + 2);
        assertThat(after.get("rating").get("reason").asString()).isEqualTo("监测报警：高高报");
    }

    @Test
    void regulators_see_only_their_jurisdiction_and_enterprises_cannot_open_regulator_pages() {
        JsonNode town = loggedIn("gov_town").get("/api/v1/supervision/ratings").json();
        assertThat(town.size()).isGreaterThan(0);
        for (JsonNode r : town) assertThat(r.get("regionName").asString()).isEqualTo("新桥镇");
        long chem = enterpriseIdOf("ent_chem");
        long mech = enterpriseIdOf("ent_mech");
        assertThat(loggedIn("gov_town").get("/api/v1/supervision/ratings/" + chem).status()).isEqualTo(404);
        var townBlacklist = loggedIn("gov_town").get("/api/v1/supervision/blacklist").json();
        for (JsonNode b : townBlacklist) {
            assertThat(jdbc.sql("select region_code from enterprise where id = :e").param("e", b.get("enterpriseId").asLong())
                    .query(String.class).single()).startsWith("321282100");
        }

        Api ent = loggedIn("ent_mech");
        assertThat(ent.get("/api/v1/supervision/ratings/" + mech).status()).isEqualTo(200);
        assertThat(ent.get("/api/v1/supervision/ratings/" + chem).status()).isEqualTo(404);
        assertThat(ent.get("/api/v1/supervision/plans/" + LocalDate.now(clock).getYear()).status()).isEqualTo(403);
        assertThat(ent.get("/api/v1/supervision/draws/1").status()).isEqualTo(403);
        assertThat(ent.get("/api/v1/supervision/blacklist").status()).isEqualTo(403);
        assertThat(ent.post("/api/v1/supervision/draws", Api.json(Map.of("count", 1))).status()).isEqualTo(403);
        JsonNode own = ent.get("/api/v1/supervision/ratings").json();
        assertThat(own.size()).isEqualTo(1);
        assertThat(own.get(0).get("enterpriseId").asLong()).isEqualTo(mech);
    }

    @Autowired
    cn.shuangkong.supervision.internal.EnterpriseSupervision supervision;

    @Autowired
    cn.shuangkong.supervision.internal.EnterpriseRatings ratings;

    /** The enterprise's supervision page and the API's rating resolve the enterprise themselves (ADR 0076). */
    @Test
    void another_enterprises_supervision_page_and_rating_are_not_found_by_the_services_themselves() {
        long chem = enterpriseIdOf("ent_chem");
        int year = LocalDate.now(clock).getYear();
        var mechPerson = new cn.shuangkong.support.TestActor(enterpriseIdOf("ent_mech"), null, Set.of("supervision:rating:read"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> supervision.of(mechPerson, chem, year))
                .isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        assertThat(ratings.withHistory(mechPerson.jurisdiction(), chem)).isEmpty();

        var chemPerson = new cn.shuangkong.support.TestActor(chem, null, Set.of("supervision:rating:read"));
        var page = supervision.of(chemPerson, chem, year);
        assertThat(page.enterprise().id()).isEqualTo(chem);
        assertThat(page.planned()).as("plans and patrols are for regulators").isNull();
        var rated = ratings.withHistory(chemPerson.jurisdiction(), chem).orElseThrow();
        assertThat(rated.rating().enterpriseId()).isEqualTo(chem);
        assertThat(rated.history()).isNotEmpty();
    }
}
