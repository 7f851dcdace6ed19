package cn.shuangkong.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.emergency.internal.EmergencyReminders;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** 应急管理 over the API: plan versions, drill follow-up, expiry reminders, nearest resources, 相邻单位告知, bad input, scope. */
class EmergencyApiTest extends PlatformTest {

    private java.time.Instant start;

    @org.junit.jupiter.api.BeforeEach
    void remember() {
        start = clock.instant();
    }

    @org.junit.jupiter.api.AfterEach
    void restore() {
        clock.set(start); // the reminder tests move the shared clock on by days; the next class must not inherit that
    }


    @Autowired
    EmergencyReminders reminders;

    private static final byte[] PDF = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void a_new_version_supersedes_the_current_one_and_the_history_keeps_every_file() throws IOException {
        Api chem = loggedIn("ent_chem");
        long tanks = tankFarm();
        var created = chem.post("/api/v1/emergency-plans", Api.json(Map.of("kind", "SPECIAL", "title", "测试 · 储罐区中毒窒息专项预案",
                "riskPointIds", List.of(tanks))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long plan = created.json().get("id").asLong();

        var v1 = chem.upload("/api/v1/emergency-plans/" + plan + "/versions", "file", "第1版.pdf", PDF,
                Map.of("summary", "首次编制", "compiledOn", LocalDate.now(clock).minusDays(30).toString()));
        assertThat(v1.status()).as(v1.body()).isEqualTo(201);
        assertThat(v1.json().get("version").asInt()).isEqualTo(1);
        var v2 = chem.upload("/api/v1/emergency-plans/" + plan + "/versions", "file", "第2版.docx", docx(),
                Map.of("summary", "修订响应分级", "compiledOn", LocalDate.now(clock).minusDays(3).toString(),
                        "reviewedOn", LocalDate.now(clock).minusDays(2).toString(), "publishedOn", LocalDate.now(clock).minusDays(1).toString(),
                        "filedOn", LocalDate.now(clock).toString(), "filedWith", "滨江新区安全生产监督管理局"));
        assertThat(v2.status()).as(v2.body()).isEqualTo(201);

        JsonNode detail = chem.get("/api/v1/emergency-plans/" + plan).json();
        assertThat(detail.get("plan").get("currentVersion").asInt()).isEqualTo(2);
        assertThat(detail.get("plan").get("filedOn").asString()).isEqualTo(LocalDate.now(clock).toString());
        JsonNode versions = detail.get("versions");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(versions.get(0).get("supersededAt").isNull()).isTrue();
        assertThat(versions.get(1).get("supersededAt").isNull()).as("version 1 is superseded, not deleted").isFalse();
        long oldFile = versions.get(1).get("fileId").asLong();
        var file = chem.get("/api/v1/files/" + oldFile + "/content");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.bytes()).isEqualTo(PDF);
        assertThat(chem.get("/api/v1/files/" + versions.get(0).get("fileId").asLong() + "/content").contentType()).contains("wordprocessingml");
        JsonNode risk = detail.get("riskPoints").get(0);
        assertThat(risk.get("id").asLong()).isEqualTo(tanks);
        assertThat(risk.get("emergencyCard").asString()).isEqualTo("/api/v1/risk-points/" + tanks + "/notice-card.pdf");
        assertThat(chem.get(risk.get("emergencyCard").asString()).contentType()).contains("application/pdf");

        // A picture is not a plan document; a filing needs a publication first. Nothing of it is kept.
        var png = chem.upload("/api/v1/emergency-plans/" + plan + "/versions", "file", "照片.png",
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0}, Map.of("summary", "x", "compiledOn", LocalDate.now(clock).toString()));
        assertThat(png.status()).isEqualTo(400);
        assertThat(png.json().get("errors").get("file").asString()).contains("PDF");
        var unpublished = chem.upload("/api/v1/emergency-plans/" + plan + "/versions", "file", "第3版.pdf", PDF,
                Map.of("summary", "x", "compiledOn", "2026-02-30", "filedOn", LocalDate.now(clock).toString()));
        assertThat(unpublished.status()).isEqualTo(400);
        assertThat(unpublished.json().get("errors").get("compiledOn").asString()).isEqualTo("编制日期不是有效的日期（格式：2026-01-31）");
        var noPublication = chem.upload("/api/v1/emergency-plans/" + plan + "/versions", "file", "第3版.pdf", PDF,
                Map.of("summary", "x", "compiledOn", LocalDate.now(clock).toString(), "filedOn", LocalDate.now(clock).toString()));
        assertThat(noPublication.json().get("errors").get("publishedOn").asString()).isEqualTo("预案须发布后才能备案，请填写发布日期");
        assertThat(noPublication.json().get("errors").get("filedWith").asString()).isEqualTo("已备案的预案请填写备案部门");
        assertThat(chem.get("/api/v1/emergency-plans/" + plan).json().get("versions")).hasSize(2);
        assertThat(jdbc.sql("select count(*) from audit_record where action = '发布预案版本' and entity_id = :p").param("p", String.valueOf(plan))
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void a_drill_is_recorded_once_its_follow_up_actions_are_tracked_to_done_and_a_missed_date_shows_as_overdue() {
        Api chem = loggedIn("ent_chem");
        LocalDate today = LocalDate.now(clock);
        long missed = id(chem.post("/api/v1/emergency-drills", Api.json(Map.of("title", "测试 · 错过日期的桌面演练", "kind", "TABLETOP",
                "plannedOn", today.minusDays(3).toString(), "participants", "安全科"))));
        long drill = id(chem.post("/api/v1/emergency-drills", Api.json(Map.of("title", "测试 · 罐区火灾实战演练", "kind", "FIELD",
                "plannedOn", today.toString(), "participants", "罐区班组、消防队"))));
        assertThat(ids(chem.get("/api/v1/emergency-drills?overdue=true").json())).contains(missed).doesNotContain(drill);

        var early = chem.post("/api/v1/emergency-drills/" + drill + "/actions", Api.json(Map.of("description", "x", "responsible", "y",
                "dueOn", today.toString())));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("detail").asString()).contains("演练尚未记录");

        var incomplete = chem.post("/api/v1/emergency-drills/" + drill + "/record", Api.json(Map.of("heldOn", today.plusDays(1).toString(), "record", " ")));
        assertThat(incomplete.status()).isEqualTo(400);
        assertThat(incomplete.json().get("errors").properties().stream().map(Map.Entry::getKey).toList())
                .containsExactlyInAnyOrder("heldOn", "record", "evaluation");
        assertThat(chem.post("/api/v1/emergency-drills/" + drill + "/record", Api.json(Map.of("heldOn", today.toString(),
                "record", "模拟 T-104 泄漏着火", "evaluation", "响应及时", "problems", "泡沫炮转向卡滞"))).status()).isEqualTo(204);
        assertThat(chem.post("/api/v1/emergency-drills/" + drill + "/record", Api.json(Map.of("heldOn", today.toString(),
                "record", "再次", "evaluation", "再次"))).status()).as("recorded once").isEqualTo(409);

        long action = id(chem.post("/api/v1/emergency-drills/" + drill + "/actions", Api.json(Map.of("description", "检修泡沫炮转向机构",
                "responsible", "设备科 沈海峰", "dueOn", today.plusDays(7).toString()))));
        JsonNode d = chem.get("/api/v1/emergency-drills/" + drill).json();
        assertThat(d.get("drill").get("openActions").asInt()).isEqualTo(1);
        assertThat(d.get("actions").get(0).get("doneAt").isNull()).isTrue();

        assertThat(chem.post("/api/v1/emergency-drill-actions/" + action + "/done", "{\"note\":\"\"}").json().get("errors").has("note")).isTrue();
        assertThat(chem.post("/api/v1/emergency-drill-actions/" + action + "/done", "{\"note\":\"已更换蜗轮并试喷\"}").status()).isEqualTo(204);
        d = chem.get("/api/v1/emergency-drills/" + drill).json();
        assertThat(d.get("drill").get("openActions").asInt()).isZero();
        assertThat(d.get("actions").get(0).get("doneNote").asString()).isEqualTo("已更换蜗轮并试喷");
        assertThat(d.get("actions").get(0).get("doneBy").asString()).isEqualTo("ent_chem");
    }

    /** The page went back to whatever drill its form named (a hidden drillId); now to the action's own, in scope. */
    @Test
    void completing_a_drill_action_on_the_page_goes_back_to_its_own_drill_whatever_the_form_names() {
        Api chem = loggedIn("ent_chem");
        String today = LocalDate.now(clock).toString();
        long drill = id(chem.post("/api/v1/emergency-drills", Api.json(Map.of("title", "测试 · 完成后回到本演练", "kind", "TABLETOP",
                "plannedOn", today, "participants", "安全科"))));
        assertThat(chem.post("/api/v1/emergency-drills/" + drill + "/record", Api.json(Map.of("heldOn", today,
                "record", "桌面推演", "evaluation", "合格"))).status()).isEqualTo(204);
        long action = id(chem.post("/api/v1/emergency-drills/" + drill + "/actions", Api.json(Map.of("description", "补充通讯录",
                "responsible", "安全科", "dueOn", today))));
        long othersDrill = id(loggedIn("ent_mech").post("/api/v1/emergency-drills", Api.json(Map.of("title", "测试 · 别家的演练",
                "kind", "TABLETOP", "plannedOn", today, "participants", "安全科"))));

        var page = new cn.shuangkong.support.FormSession(port).login("ent_chem", "Demo@2026");
        var done = page.post("/emergency/actions/" + action + "/done", Map.of("note", "已补充", "drillId", String.valueOf(othersDrill)));
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location").orElseThrow()).endsWith("/emergency/drills/" + drill);
        assertThat(chem.get("/api/v1/emergency-drills/" + drill).json().get("actions").get(0).get("doneNote").asString()).isEqualTo("已补充");

        var mech = new cn.shuangkong.support.FormSession(port).login("ent_mech", "Demo@2026");
        assertThat(mech.post("/emergency/actions/" + action + "/done", Map.of("note", "别家的")).statusCode())
                .as("another enterprise's action is not found").isEqualTo(404);
    }

    @Autowired
    cn.shuangkong.emergency.internal.EmergencyPlans plans;

    @Autowired
    cn.shuangkong.emergency.internal.Drills drills;

    /**
     * A plan's and a drill's detail (page and API) resolve the record in the caller's scope in the service, before its
     * versions, linked risks and follow-up actions are read by its id (ADR 0076): another enterprise gets a 404.
     */
    @Test
    void another_enterprises_plan_and_drill_details_are_not_found_by_the_services_themselves() {
        Api chem = loggedIn("ent_chem");
        long tanks = tankFarm();
        long plan = id(chem.post("/api/v1/emergency-plans", Api.json(Map.of("kind", "ONSITE", "title", "测试 · 范围内的现场处置方案",
                "riskPointIds", List.of(tanks)))));
        LocalDate today = LocalDate.now(clock);
        long drill = id(chem.post("/api/v1/emergency-drills", Api.json(Map.of("title", "测试 · 范围内的桌面演练", "kind", "TABLETOP",
                "plannedOn", today.toString(), "participants", "安全科"))));
        assertThat(chem.post("/api/v1/emergency-drills/" + drill + "/record", Api.json(Map.of("heldOn", today.toString(),
                "record", "推演罐区泄漏处置", "evaluation", "分工清楚"))).status()).isEqualTo(204);
        id(chem.post("/api/v1/emergency-drills/" + drill + "/actions", Api.json(Map.of("description", "补充警戒物资",
                "responsible", "安全科", "dueOn", today.plusDays(7).toString()))));

        var mech = cn.shuangkong.shared.Jurisdiction.enterprise(enterpriseIdOf("ent_mech"), "本企业");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plans.detail(mech, plan)).isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> drills.detail(mech, drill)).isInstanceOf(cn.shuangkong.shared.NotInScope.class);

        var own = cn.shuangkong.shared.Jurisdiction.enterprise(enterpriseIdOf("ent_chem"), "本企业");
        var p = plans.detail(own, plan);
        assertThat(p.plan().id()).isEqualTo(plan);
        assertThat(p.risks()).extracting(r -> r.id()).containsExactly(tanks);
        assertThat(p.riskPoints()).as("the enterprise's points the link form offers").extracting(r -> r.id()).contains(tanks);
        var d = drills.detail(own, drill);
        assertThat(d.drill().id()).isEqualTo(drill);
        assertThat(d.actions()).extracting(a -> a.description()).containsExactly("补充警戒物资");
    }

    @Test
    void an_item_expiring_within_the_reminder_window_reminds_the_managers_once_as_the_clock_moves_on() {
        Api chem = loggedIn("ent_chem");
        String name = "测试 · 过滤式防毒面具 " + System.nanoTime();
        // 30 days' notice by default: 32 days ahead is not yet due.
        assertThat(chem.post("/api/v1/emergency-resources", Api.json(resource(name, LocalDate.now(clock).plusDays(32)))).status()).isEqualTo(201);
        reminders.sweep();
        assertThat(messages("ent_chem")).noneMatch(m -> m.contains(name));

        clock.advance(Duration.ofDays(3));
        reminders.sweep();
        reminders.sweep();
        chem = loggedIn("ent_chem"); // the API token of before has expired with the clock
        assertThat(messages("ent_chem")).filteredOn(m -> m.contains(name)).hasSize(1)
                .first().asString().contains("将于 " + LocalDate.now(clock).plusDays(29) + " 到期");
        assertThat(messages("chem_boss")).as("the principal maintains emergency records too").anyMatch(m -> m.contains(name));

        // Replaced: a new expiry date a year on is quiet now and reminds again when it in turn comes near.
        long item = jdbc.sql("select id from emergency_resource where name = :n").param("n", name).query(Long.class).single();
        assertThat(chem.put("/api/v1/emergency-resources/" + item + "/stock", Api.json(Map.of("quantity", 5,
                "expiresOn", LocalDate.now(clock).minusDays(1).toString()))).json().get("errors").has("expiresOn")).isTrue();
        assertThat(chem.put("/api/v1/emergency-resources/" + item + "/stock", Api.json(Map.of("quantity", 5,
                "expiresOn", LocalDate.now(clock).plusDays(365).toString()))).status()).isEqualTo(204);
        reminders.sweep();
        assertThat(messages("ent_chem")).filteredOn(m -> m.contains(name)).hasSize(1);
        assertThat(jdbc.sql("select reminded_for is distinct from expires_on from emergency_resource where id = :id").param("id", item)
                .query(Boolean.class).single()).as("the new date is still to be reminded of").isTrue();
        assertThat(messages("worker_chem")).noneMatch(m -> m.contains(name));
        assertThat(messages("ent_mech")).noneMatch(m -> m.contains(name));
    }

    @Test
    void the_nearest_resources_come_first_by_plan_distance_then_by_coordinates_and_unplaced_ones_last() {
        Api chem = loggedIn("ent_chem");
        long tanks = tankFarm(); // a polygon on the plan centred at (740, 140)
        String tag = " " + System.nanoTime();
        var near = new HashMap<>(resource("测试 · 近处堵漏工具" + tag, null));
        near.putAll(Map.of("planX", 745, "planY", 145));
        var far = new HashMap<>(resource("测试 · 远处担架" + tag, null));
        far.putAll(Map.of("planX", 740, "planY", 560));
        var offSite = new HashMap<>(resource("测试 · 厂外物资库" + tag, null));
        double[] lonLat = jdbc.sql("select longitude, latitude from enterprise where id = :e").param("e", enterpriseIdOf("ent_chem"))
                .query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
        offSite.putAll(Map.of("longitude", lonLat[0], "latitude", lonLat[1] + 0.01)); // about 1.1 km north
        var nowhere = resource("测试 · 未标位置的沙袋" + tag, null);
        for (var r : List.of(nowhere, offSite, far, near)) id(chem.post("/api/v1/emergency-resources", Api.json(r)));

        JsonNode result = chem.get("/api/v1/emergency/near?riskPointId=" + tanks).json();
        assertThat(result.get("emergencyCard").asString()).endsWith("/risk-points/" + tanks + "/notice-card.pdf");
        assertThat(result.get("plans").valueStream().map(p -> p.get("title").asString()).toList()).contains("甲类储罐区火灾爆炸专项应急预案");
        List<JsonNode> mine = result.get("nearby").valueStream().filter(n -> n.get("name").asString().endsWith(tag)).toList();
        assertThat(mine.stream().map(n -> n.get("name").asString().replace(tag, "")).toList())
                .containsExactly("测试 · 近处堵漏工具", "测试 · 远处担架", "测试 · 厂外物资库", "测试 · 未标位置的沙袋");
        assertThat(mine.get(0).get("distanceM").asLong()).isEqualTo(4);   // √(5²+5²) plan units × 0.5 m
        assertThat(mine.get(1).get("distanceM").asLong()).isEqualTo(210); // 420 × 0.5 m
        assertThat(mine.get(2).get("distanceM").asLong()).isBetween(1100L, 1120L);
        assertThat(mine.get(3).get("distanceM").isNull()).isTrue();
        List<Long> distances = result.get("nearby").valueStream().filter(n -> !n.get("distanceM").isNull()).map(n -> n.get("distanceM").asLong()).toList();
        assertThat(distances).isSorted();
    }

    @Test
    void a_major_risk_is_notified_to_a_declared_neighbour_who_acknowledges_and_both_regulators_see_it() {
        Api chem = loggedIn("ent_chem");
        Api mech = loggedIn("ent_mech");
        long mechId = enterpriseIdOf("ent_mech");
        long tanks = tankFarm();
        String content = "测试 · 储罐区重大风险告知 " + System.nanoTime();
        var notDeclared = chem.post("/api/v1/neighbour-notices", Api.json(Map.of("riskPointId", tanks, "neighbourIds", List.of(mechId), "content", content)));
        assertThat(notDeclared.status()).isEqualTo(400);
        assertThat(notDeclared.json().get("errors").get("neighbourIds").asString()).contains("相邻单位");

        var unknown = chem.post("/api/v1/enterprise-neighbours", Api.json(Map.of("creditCode", "91321282MA0000000X")));
        assertThat(unknown.json().get("errors").get("creditCode").asString()).contains("没有统一社会信用代码");
        String mechCode = jdbc.sql("select credit_code from enterprise where id = :e").param("e", mechId).query(String.class).single();
        assertThat(chem.post("/api/v1/enterprise-neighbours", Api.json(Map.of("creditCode", mechCode))).status()).isEqualTo(204);
        assertThat(chem.get("/api/v1/neighbour-notices/candidates").json().get("neighbours").valueStream()
                .anyMatch(n -> n.get("id").asLong() == mechId && n.get("declared").asBoolean())).isTrue();
        Long lowRisk = jdbc.sql("select id from risk_point where enterprise_id = :e and (level is null or level > 2) limit 1")
                .param("e", enterpriseIdOf("ent_chem")).query(Long.class).single();
        var low = chem.post("/api/v1/neighbour-notices", Api.json(Map.of("riskPointId", lowRisk, "neighbourIds", List.of(mechId), "content", content)));
        assertThat(low.status()).isEqualTo(400);
        assertThat(low.json().get("errors").has("riskPointId")).isTrue();

        var sent = chem.post("/api/v1/neighbour-notices", Api.json(Map.of("riskPointId", tanks, "neighbourIds", List.of(mechId), "content", content)));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        long notice = sent.json().get(0).asLong();
        assertThat(messages("ent_mech")).anyMatch(m -> m.contains("重大风险") && m.contains("甲类储罐区"));

        assertThat(chem.post("/api/v1/neighbour-notices/" + notice + "/acknowledge", "{}").status())
                .as("only the notified neighbour confirms").isEqualTo(409);
        assertThat(mech.post("/api/v1/neighbour-notices/" + notice + "/acknowledge", "{\"note\":\"已组织员工学习疏散路线\"}").status()).isEqualTo(204);
        assertThat(mech.post("/api/v1/neighbour-notices/" + notice + "/acknowledge", "{}").status()).isEqualTo(409);

        for (String who : List.of("ent_chem", "gov_city", "gov_town")) {
            JsonNode n = loggedIn(who).get("/api/v1/neighbour-notices").json().valueStream()
                    .filter(x -> x.get("id").asLong() == notice).findFirst().orElseThrow(() -> new AssertionError(who + " does not see the notice"));
            assertThat(n.get("acknowledgedBy").asString()).isEqualTo("ent_mech");
            assertThat(n.get("riskLevel").asInt()).isEqualTo(1);
        }
        assertThat(jdbc.sql("select count(*) from audit_record where action = '确认相邻单位告知' and entity_id = :n").param("n", String.valueOf(notice))
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void bad_input_is_refused_field_by_field_in_chinese_and_nothing_is_saved() {
        Api chem = loggedIn("ent_chem");
        long before = jdbc.sql("select count(*) from emergency_resource").query(Long.class).single();
        var bad = new HashMap<String, Object>(resource(" ", null));
        bad.putAll(Map.of("quantity", -2, "planX", 1200, "category", "WEAPON"));
        var r = chem.post("/api/v1/emergency-resources", Api.json(bad));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).contains("application/problem+json");
        JsonNode errors = r.json().get("errors");
        assertThat(errors.get("name").asString()).isEqualTo("请填写名称");
        assertThat(errors.get("quantity").asString()).isEqualTo("数量不能为负数");
        assertThat(errors.get("category").asString()).isEqualTo("类别只能是应急装备或应急物资");
        assertThat(errors.get("planY").asString()).isEqualTo("平面图位置须同时填写横坐标和纵坐标");
        var date = chem.post("/api/v1/emergency-drills", "{\"title\":\"x\",\"kind\":\"FIELD\",\"plannedOn\":\"下周一\",\"participants\":\"y\"}");
        assertThat(date.status()).isEqualTo(400);
        assertThat(date.json().get("errors").has("plannedOn")).isTrue();
        var team = chem.post("/api/v1/emergency-teams", Api.json(Map.of("name", "测试队", "kind", "兼职", "leader", "王", "phone", "abc",
                "members", List.of(Map.of("name", "", "phone", "138")))));
        assertThat(team.json().get("errors").properties().stream().map(Map.Entry::getKey).toList())
                .contains("phone", "members[0].name", "members[0].phone");
        var plan = chem.post("/api/v1/emergency-plans", Api.json(Map.of("kind", "OTHER", "title", "", "riskPointIds", List.of())));
        assertThat(plan.json().get("errors").properties().stream().map(Map.Entry::getKey).toList()).contains("kind", "title");
        // another enterprise's risk point is not found in the caller's scope: the whole request is refused (ADR 0011)
        var foreign = chem.post("/api/v1/emergency-plans", Api.json(Map.of("kind", "COMPREHENSIVE", "title", "跨企业预案",
                "riskPointIds", List.of(riskPointOf("ent_mech")))));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from emergency_plan where title = '跨企业预案'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from emergency_resource").query(Long.class).single()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from emergency_team where name = '测试队'").query(Long.class).single()).isZero();
    }

    @Test
    void each_enterprise_sees_and_changes_only_its_own_and_regulators_only_their_jurisdiction() {
        long chemPlan = jdbc.sql("select id from emergency_plan where title = '甲类储罐区火灾爆炸专项应急预案'").query(Long.class).single();
        Api mech = loggedIn("ent_mech");
        assertThat(ids(mech.get("/api/v1/emergency-plans").json())).doesNotContain(chemPlan);
        assertThat(mech.get("/api/v1/emergency-plans/" + chemPlan).status()).isEqualTo(404);
        assertThat(mech.upload("/api/v1/emergency-plans/" + chemPlan + "/versions", "file", "x.pdf", PDF,
                Map.of("summary", "x", "compiledOn", LocalDate.now(clock).toString())).status()).isEqualTo(404);
        assertThat(mech.get("/api/v1/emergency-resources").json().valueStream().map(r -> r.get("name").asString())).doesNotContain("正压式空气呼吸器");
        assertThat(mech.get("/api/v1/emergency/near?riskPointId=" + tankFarm()).status()).isEqualTo(404);

        assertThat(ids(loggedIn("gov_city").get("/api/v1/emergency-plans").json())).contains(chemPlan);
        assertThat(ids(loggedIn("gov_town").get("/api/v1/emergency-plans").json())).doesNotContain(chemPlan);
        assertThat(loggedIn("gov_town").get("/api/v1/emergency-drills").json().valueStream()
                .map(d -> d.get("enterpriseName").asString())).doesNotContain("江苏华泰化工有限公司");
        assertThat(loggedIn("gov_city").post("/api/v1/emergency-drills", Api.json(Map.of("title", "x"))).status())
                .as("regulators read, enterprises write").isEqualTo(403);
        Api worker = loggedIn("worker_chem");
        assertThat(ids(worker.get("/api/v1/emergency-plans").json())).contains(chemPlan);
        assertThat(worker.post("/api/v1/emergency-experts", Api.json(Map.of("name", "x"))).status()).isEqualTo(403);
    }

    @Test
    void teams_experts_and_items_are_edited_with_the_same_checks_and_retired_items_leave_the_map_and_the_reminders() {
        Api chem = loggedIn("ent_chem");
        long tanks = tankFarm();
        String tag = " " + System.nanoTime();
        var near = new HashMap<>(resource("测试 · 待停用的吸附棉" + tag, LocalDate.now(clock).plusDays(40)));
        near.putAll(Map.of("planX", 741, "planY", 141));
        long item = id(chem.post("/api/v1/emergency-resources", Api.json(near)));

        // Bad input on edit: every field named, nothing saved.
        var bad = new HashMap<>(near);
        bad.putAll(Map.of("name", " ", "quantity", -1, "planX", 2000));
        var refused = chem.put("/api/v1/emergency-resources/" + item, Api.json(bad));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get("name").asString()).isEqualTo("请填写名称");
        assertThat(refused.json().get("errors").get("quantity").asString()).isEqualTo("数量不能为负数");
        assertThat(refused.json().get("errors").get("planX").asString()).isEqualTo("平面图横坐标应在 0～1000 之间");
        assertThat(jdbc.sql("select name from emergency_resource where id = :id").param("id", item).query(String.class).single())
                .isEqualTo("测试 · 待停用的吸附棉" + tag);

        // A good edit: the new expiry date comes within the reminder window.
        var good = new HashMap<>(near);
        good.putAll(Map.of("quantity", 8, "expiresOn", LocalDate.now(clock).plusDays(20).toString()));
        assertThat(chem.put("/api/v1/emergency-resources/" + item, Api.json(good)).status()).isEqualTo(204);
        assertThat(chem.get("/api/v1/emergency-resources").json().valueStream().filter(r -> r.get("id").asLong() == item)
                .findFirst().orElseThrow().get("quantity").asInt()).isEqualTo(8);
        List<JsonNode> nearby = chem.get("/api/v1/emergency/near?riskPointId=" + tanks).json().get("nearby").valueStream().toList();
        assertThat(nearby.stream().map(n -> n.get("name").asString())).contains("测试 · 待停用的吸附棉" + tag);

        // Retired: gone from the list and the nearest resources, never reminded of, but the row and its history stay.
        assertThat(chem.delete("/api/v1/emergency-resources/" + item).status()).isEqualTo(204);
        assertThat(chem.get("/api/v1/emergency/near?riskPointId=" + tanks).json().get("nearby").valueStream()
                .map(n -> n.get("name").asString())).doesNotContain("测试 · 待停用的吸附棉" + tag);
        assertThat(ids(chem.get("/api/v1/emergency-resources").json())).doesNotContain(item);
        clock.advance(Duration.ofDays(1));
        reminders.sweep();
        assertThat(messages("ent_chem")).noneMatch(m -> m.contains("待停用的吸附棉" + tag));
        chem = loggedIn("ent_chem");
        assertThat(chem.put("/api/v1/emergency-resources/" + item, Api.json(good)).status()).as("a retired item is not edited").isEqualTo(404);
        assertThat(jdbc.sql("select action from audit_record where entity_type = 'emergency_resource' and entity_id = :id order by id")
                .param("id", String.valueOf(item)).query(String.class).list()).containsExactly("登记应急物资", "修改应急装备物资", "停用应急装备或物资");

        // A team: edited, a member added and removed, then retired.
        long team = id(chem.post("/api/v1/emergency-teams", Api.json(Map.of("name", "测试 · 兼职救援队" + tag, "kind", "兼职救援队",
                "leader", "王强", "phone", "0512-1234567", "planX", 742, "planY", 142,
                "members", List.of(Map.of("name", "李明", "phone", "13800000001"))))));
        var badTeam = chem.put("/api/v1/emergency-teams/" + team, Api.json(Map.of("name", "测试 · 改名" + tag, "kind", "兼职救援队",
                "leader", "王强", "phone", "电话")));
        assertThat(badTeam.json().get("errors").get("phone").asString()).startsWith("联系电话格式不正确");
        assertThat(chem.put("/api/v1/emergency-teams/" + team, Api.json(Map.of("name", "测试 · 改名" + tag, "kind", "专职消防队",
                "leader", "赵刚", "phone", "0512-7654321", "planX", 742, "planY", 142))).status()).isEqualTo(204);
        var badMember = chem.post("/api/v1/emergency-teams/" + team + "/members", Api.json(Map.of("name", "", "phone", "x")));
        assertThat(badMember.json().get("errors").get("name").asString()).isEqualTo("请填写队员姓名");
        long member = id(chem.post("/api/v1/emergency-teams/" + team + "/members", Api.json(Map.of("name", "周平", "role", "通讯", "phone", "13800000002"))));
        long first = jdbc.sql("select id from emergency_team_member where team_id = :t and name = '李明'").param("t", team).query(Long.class).single();
        assertThat(chem.delete("/api/v1/emergency-teams/" + team + "/members/" + first).status()).isEqualTo(204);
        JsonNode detail = chem.get("/api/v1/emergency-teams").json().valueStream().filter(t -> t.get("team").get("id").asLong() == team)
                .findFirst().orElseThrow();
        assertThat(detail.get("team").get("leader").asString()).isEqualTo("赵刚");
        assertThat(detail.get("members").valueStream().map(m -> m.get("id").asLong()).toList()).containsExactly(member);
        assertThat(chem.delete("/api/v1/emergency-teams/" + team).status()).isEqualTo(204);
        assertThat(chem.get("/api/v1/emergency/near?riskPointId=" + tanks).json().get("nearby").valueStream()
                .map(n -> n.get("name").asString())).doesNotContain("测试 · 改名" + tag);

        // An expert.
        long expert = id(chem.post("/api/v1/emergency-experts", Api.json(Map.of("name", "测试专家" + tag.strip(), "specialties", "消防", "phone", "13900000000"))));
        assertThat(chem.put("/api/v1/emergency-experts/" + expert, Api.json(Map.of("name", "测试专家", "specialties", "", "phone", "13900000000")))
                .json().get("errors").get("specialties").asString()).isEqualTo("请填写专业领域");
        assertThat(chem.put("/api/v1/emergency-experts/" + expert, Api.json(Map.of("name", "测试专家", "specialties", "危险化学品", "phone", "13900000000")))
                .status()).isEqualTo(204);
        assertThat(chem.delete("/api/v1/emergency-experts/" + expert).status()).isEqualTo(204);
        assertThat(ids(chem.get("/api/v1/emergency-experts").json())).doesNotContain(expert);
        assertThat(jdbc.sql("select count(*) from audit_record where entity_type = 'emergency_team' and entity_id = :id").param("id", String.valueOf(team))
                .query(Long.class).single()).isEqualTo(5);
    }

    @Test
    void only_the_owning_enterprise_edits_or_retires_its_resources() {
        Api chem = loggedIn("ent_chem");
        long item = id(chem.post("/api/v1/emergency-resources", Api.json(resource("测试 · 他人不可改 " + System.nanoTime(), null))));
        long team = id(chem.post("/api/v1/emergency-teams", Api.json(Map.of("name", "测试 · 隔离队", "kind", "兼职", "leader", "王", "phone", "12345678"))));
        Api mech = loggedIn("ent_mech");
        assertThat(mech.put("/api/v1/emergency-resources/" + item, Api.json(resource("改", null))).status()).isEqualTo(404);
        assertThat(mech.delete("/api/v1/emergency-resources/" + item).status()).isEqualTo(404);
        assertThat(mech.delete("/api/v1/emergency-teams/" + team).status()).isEqualTo(404);
        assertThat(mech.post("/api/v1/emergency-teams/" + team + "/members", Api.json(Map.of("name", "x", "phone", "12345678"))).status()).isEqualTo(404);
        assertThat(loggedIn("gov_city").delete("/api/v1/emergency-resources/" + item).status()).isEqualTo(403);
        assertThat(loggedIn("worker_chem").delete("/api/v1/emergency-teams/" + team).status()).isEqualTo(403);
        assertThat(ids(chem.get("/api/v1/emergency-resources").json())).contains(item);
        assertThat(chem.get("/api/v1/emergency-teams").json().valueStream().map(t -> t.get("team").get("id").asLong())).contains(team);
    }

    @Test
    void the_emergency_api_is_described_in_openapi() {
        String doc = api().get("/v3/api-docs").body();
        assertThat(doc).contains("/api/v1/emergency-plans/{id}/versions", "/api/v1/emergency-drills/{id}/actions",
                "/api/v1/emergency-resources", "/api/v1/emergency/near", "/api/v1/neighbour-notices/{id}/acknowledge");
    }

    // --- helpers ---

    private long tankFarm() {
        return jdbc.sql("select id from risk_point where name = '甲类储罐区（甲醇、甲苯）' and enterprise_id = :e")
                .param("e", enterpriseIdOf("ent_chem")).query(Long.class).single();
    }

    private long riskPointOf(String user) {
        return jdbc.sql("select id from risk_point where enterprise_id = :e order by id limit 1").param("e", enterpriseIdOf(user)).query(Long.class).single();
    }

    private static Map<String, Object> resource(String name, LocalDate expires) {
        var m = new HashMap<String, Object>(Map.of("category", "MATERIAL", "name", name, "quantity", 3, "unit", "件", "location", "测试库房"));
        if (expires != null) m.put("expiresOn", expires.toString());
        return m;
    }

    /** What the person finds under 消息 (the one inbox). */
    private List<String> messages(String username) {
        return jdbc.sql("select message from notice where username = :u order by id").param("u", username).query(String.class).list();
    }

    private static long id(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private static List<Long> ids(JsonNode array) {
        return array.valueStream().map(n -> n.get("id").asLong()).toList();
    }

    private static byte[] docx() throws IOException {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write("<Types/>".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write("<w:document/>".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
