package cn.shuangkong.permit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.permit.internal.PermitKind;
import cn.shuangkong.support.Api;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each rule the service enforces, over the API, as the enterprise's people meet it; refusals are Chinese and save nothing. */
class PermitRulesApiTest extends PermitTestBase {

    private static String detail(Api.Response r) {
        return r.json().get("detail").asString();
    }

    private long permitRows() {
        return jdbc.sql("select count(*) from permit").query(Long.class).single();
    }

    @Test
    void a_permit_past_its_validity_expires_and_goes_on_only_by_an_extension_within_the_limit() {
        Instant start = nextWorkday(LocalTime.of(8, 0));
        clock.set(start.minusSeconds(600));
        Api chem = loggedIn("ent_chem");
        long before = permitRows();
        var tooLong = chem.post("/api/v1/permits", Api.json(application("HOT_WORK", "一级", plainPoint(), start,
                start.plus(Duration.ofHours(9)), List.of(plainWorker("马建国")))));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(detail(tooLong)).isEqualTo("一级动火作业票有效期不能超过 8 小时");
        assertThat(permitRows()).isEqualTo(before);

        long id = approvedSecondLevelHotWork(); // 09:00–15:00, 二级 (72 h at most)
        Instant nine = clock.instant();
        // before the validity ends, an extension within the limit keeps the permit going
        clock.set(nine.plus(Duration.ofHours(5)));
        chem = loggedIn("ent_chem");
        var beyond = chem.post("/api/v1/permits/" + id + "/extend", Api.json(Map.of("until", nine.plus(Duration.ofHours(73)).toString(),
                "reason", "焊口返修")));
        assertThat(beyond.status()).isEqualTo(400);
        assertThat(detail(beyond)).contains("不能超过 72 小时", "重新办理");
        var noReason = chem.post("/api/v1/permits/" + id + "/extend", Api.json(Map.of("until", nine.plus(Duration.ofHours(30)).toString())));
        assertThat(noReason.status()).isEqualTo(400);
        var intoTheNight = chem.post("/api/v1/permits/" + id + "/extend", Api.json(Map.of("until", nine.plus(Duration.ofHours(12)).toString(),
                "reason", "焊口返修")));
        assertThat(intoTheNight.status()).isEqualTo(400);
        assertThat(detail(intoTheNight)).contains("夜间", "升为一级", "重新办理");
        var extended = chem.post("/api/v1/permits/" + id + "/extend", Api.json(Map.of("until", nine.plus(Duration.ofHours(7)).toString(),
                "reason", "焊口返修")));
        assertThat(extended.status()).as(extended.body()).isEqualTo(204);
        var sheet = sheet(chem, id);
        assertThat(sheet.get("status").asString()).isEqualTo("APPROVED");
        assertThat(sheet.get("extensions")).hasSize(1);
        // still needs a fresh analysis: the last one is hours old
        var stale = chem.post("/api/v1/permits/" + id + "/start", "{}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(detail(stale)).contains("已超过 30 分钟");
        analyse(chem, id, clock.instant(), List.of(combustible("甲烷", "0.05")));
        assertThat(chem.post("/api/v1/permits/" + id + "/start", "{}").status()).isEqualTo(204);

        // past the extended validity it has expired, whether or not the sweep has recorded it, and goes on no more
        clock.set(nine.plus(Duration.ofHours(7)).plusSeconds(60));
        assertThat(sheet(chem, id).get("status").asString()).as("expired on read, before the sweep").isEqualTo("EXPIRED");
        var late = chem.post("/api/v1/permits/" + id + "/extend", Api.json(Map.of("until", nine.plus(Duration.ofHours(8)).toString(),
                "reason", "焊口返修")));
        assertThat(late.status()).isEqualTo(409);
        assertThat(detail(late)).contains("过期失效", "不能再延期", "重新办理作业票");
        var suspend = chem.post("/api/v1/permits/" + id + "/suspend", Api.json(Map.of("reason", "换焊条")));
        assertThat(suspend.status()).isEqualTo(409);
        assertThat(detail(suspend)).contains("过期失效", "不能中断作业");
        assertThat(audited(id)).contains("作业票延期", "开始作业");
    }

    @Test
    void a_job_does_not_open_on_a_stale_or_failing_analysis_nor_before_its_window() {
        long id = approvedSecondLevelHotWork(); // analysis at 08:50, clock at 09:00
        Api chem = loggedIn("ent_chem");
        clock.advance(Duration.ofMinutes(21)); // 31 minutes after sampling
        var stale = chem.post("/api/v1/permits/" + id + "/start", "{}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(detail(stale)).contains("最近一次气体分析", "已超过 30 分钟，须重新分析");
        analyse(chem, id, clock.instant(), List.of(Map.of("gas", "丁烷", "kind", "COMBUSTIBLE", "lelClass", "LOW", "value", "0.3")));
        var failing = chem.post("/api/v1/permits/" + id + "/start", "{}");
        assertThat(failing.status()).isEqualTo(409);
        assertThat(detail(failing)).contains("最近一次气体分析不合格", "丁烷 0.3");
        assertThat(sheet(chem, id).get("blockers").get(0).asString()).contains("不合格");
        analyse(chem, id, clock.instant(), List.of(Map.of("gas", "丁烷", "kind", "COMBUSTIBLE", "lelClass", "LOW", "value", "0.15")));
        assertThat(sheet(chem, id).get("blockers")).isEmpty();
        assertThat(chem.post("/api/v1/permits/" + id + "/start", "{}").status()).isEqualTo(204);
    }

    @Test
    void a_confined_space_opens_only_with_oxygen_in_range() {
        Instant start = nextWorkday(LocalTime.of(9, 0));
        clock.set(start.minusSeconds(1200));
        Api chem = loggedIn("ent_chem");
        long id = applied(chem, application("CONFINED_SPACE", null, plainPoint(), start, start.plusSeconds(4 * 3600),
                List.of(plainWorker("周七"))));
        confirmAll(chem, id, PermitKind.CONFINED_SPACE);
        var noAnalysis = loggedIn("chem_tech").post("/api/v1/permits/" + id + "/approve", Api.json(Map.of()));
        assertThat(noAnalysis.status()).isEqualTo(409);
        assertThat(detail(noAnalysis)).isEqualTo("受限空间作业审批前须有合格的气体分析");
        analyse(chem, id, clock.instant(), List.of(combustible("甲苯", "0.1")));
        assertThat(loggedIn("chem_tech").post("/api/v1/permits/" + id + "/approve", Api.json(Map.of())).status()).isEqualTo(204);
        clock.set(start);
        chem = loggedIn("ent_chem");
        var noOxygen = chem.post("/api/v1/permits/" + id + "/start", "{}");
        assertThat(noOxygen.status()).isEqualTo(409);
        assertThat(detail(noOxygen)).contains("须包含氧气检测");
        analyse(chem, id, clock.instant(), List.of(oxygen("18.9"), combustible("甲苯", "0.1")));
        var thin = chem.post("/api/v1/permits/" + id + "/start", "{}");
        assertThat(thin.status()).isEqualTo(409);
        assertThat(detail(thin)).contains("氧气 18.9");
        analyse(chem, id, clock.instant(), List.of(oxygen("20.8"), combustible("甲苯", "0.1")));
        assertThat(chem.post("/api/v1/permits/" + id + "/start", "{}").status()).isEqualTo(204);
    }

    @Test
    void an_interruption_longer_than_allowed_needs_a_fresh_analysis_before_resuming() {
        long id = approvedSecondLevelHotWork();
        Api chem = loggedIn("ent_chem");
        analyse(chem, id, clock.instant(), List.of(combustible("甲烷", "0.1")));
        assertThat(chem.post("/api/v1/permits/" + id + "/start", "{}").status()).isEqualTo(204);
        assertThat(chem.post("/api/v1/permits/" + id + "/suspend", Api.json(Map.of("reason", " "))).status()).isEqualTo(400);
        assertThat(chem.post("/api/v1/permits/" + id + "/suspend", Api.json(Map.of("reason", "午休"))).status()).isEqualTo(204);
        clock.advance(Duration.ofMinutes(20));
        assertThat(chem.post("/api/v1/permits/" + id + "/resume", "{}").status()).as("a short break needs nothing").isEqualTo(204);

        assertThat(chem.post("/api/v1/permits/" + id + "/suspend", Api.json(Map.of("reason", "等待备件"))).status()).isEqualTo(204);
        clock.advance(Duration.ofMinutes(61));
        var resumed = chem.post("/api/v1/permits/" + id + "/resume", "{}");
        assertThat(resumed.status()).isEqualTo(409);
        assertThat(detail(resumed)).contains("作业中断超过 60 分钟，须重新进行气体分析");
        analyse(chem, id, clock.instant(), List.of(combustible("甲烷", "0.1")));
        assertThat(chem.post("/api/v1/permits/" + id + "/resume", "{}").status()).isEqualTo(204);
        assertThat(audited(id)).containsSubsequence("中断作业", "恢复作业", "中断作业", "记录气体分析", "恢复作业");
    }

    @Test
    void a_role_needing_a_certificate_goes_only_to_someone_holding_a_valid_one() {
        Instant start = nextWorkday(LocalTime.of(9, 0));
        clock.set(start.minusSeconds(600));
        Api chem = loggedIn("ent_chem");
        long before = permitRows();
        long uncertified = employee("冯志刚");
        var refused = chem.post("/api/v1/permits", Api.json(application("TEMPORARY_POWER", null, plainPoint(), start,
                start.plusSeconds(3600), List.of(worker(uncertified, "ELECTRICIAN")))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(detail(refused)).contains("电工", "没有有效的「电工作业」证书");
        var byName = chem.post("/api/v1/permits", Api.json(application("HOT_WORK", "二级", plainPoint(), start,
                start.plusSeconds(3600), List.of(Map.of("name", "外来焊工", "role", "WELDER")))));
        assertThat(byName.status()).isEqualTo(400);
        assertThat(detail(byName)).contains("须选择本企业持有有效「焊接与热切割作业」证书的人员");
        assertThat(permitRows()).isEqualTo(before);
        long electrician = certified("孙立民", "电工作业");
        applied(chem, application("TEMPORARY_POWER", null, plainPoint(), start, start.plusSeconds(3600), List.of(worker(electrician, "ELECTRICIAN"))));
    }

    @Test
    void nobody_approves_a_permit_they_applied_for_nor_one_above_their_role() {
        Instant start = nextWorkday(LocalTime.of(9, 0));
        clock.set(start.minusSeconds(600));
        Api tech = loggedIn("chem_tech");
        var body = application("HEIGHT", null, plainPoint(), start, start.plusSeconds(3600), List.of(plainWorker("孙八")));
        body.put("heightMetres", 8);
        long id = applied(tech, body);
        assertThat(sheet(tech, id).get("permit").get("level").asString()).isEqualTo("II级");
        confirmAll(tech, id, PermitKind.HEIGHT);
        var own = tech.post("/api/v1/permits/" + id + "/approve", Api.json(Map.of("opinion", "同意")));
        assertThat(own.status()).isEqualTo(403);
        assertThat(detail(own)).isEqualTo("申请人不能审批自己申请的作业票");
        assertThat(loggedIn("worker_chem").post("/api/v1/permits/" + id + "/approve", Api.json(Map.of())).status())
                .as("a worker holds no approval").isEqualTo(403);
        assertThat(loggedIn("ent_chem").post("/api/v1/permits/" + id + "/approve", Api.json(Map.of())).status()).isEqualTo(204);
    }

    @Test
    void linked_permits_each_keep_their_own_rules_and_any_open_permit_can_be_cancelled_with_a_reason() {
        long hot = approvedSecondLevelHotWork();
        Api chem = loggedIn("ent_chem");
        Instant now = clock.instant();
        var confined = application("CONFINED_SPACE", null, plainPoint(), now, now.plusSeconds(3600), List.of(plainWorker("吴九")));
        confined.put("linkedPermitIds", List.of(hot));
        long space = applied(chem, confined);
        assertThat(sheet(chem, hot).get("links").get(0).get("id").asLong()).isEqualTo(space);
        assertThat(chem.post("/api/v1/permits/" + space + "/links", Api.json(Map.of("permitId", hot))).status()).isEqualTo(409);
        assertThat(chem.post("/api/v1/permits/" + space + "/start", "{}").status()).as("not approved: its own rules").isEqualTo(409);
        analyse(chem, hot, clock.instant(), List.of(combustible("甲烷", "0.1")));
        assertThat(chem.post("/api/v1/permits/" + hot + "/start", "{}").status()).isEqualTo(204);

        assertThat(chem.post("/api/v1/permits/" + space + "/cancel", Api.json(Map.of("reason", ""))).status()).isEqualTo(400);
        assertThat(chem.post("/api/v1/permits/" + space + "/cancel", Api.json(Map.of("reason", "作业方案调整"))).status()).isEqualTo(204);
        assertThat(chem.post("/api/v1/permits/" + hot + "/cancel", Api.json(Map.of("reason", "天气突变，停止作业"))).status()).isEqualTo(204);
        assertThat(sheet(chem, hot).get("permit").get("cancelReason").asString()).isEqualTo("天气突变，停止作业");
        assertThat(chem.post("/api/v1/permits/" + hot + "/start", "{}").status()).isEqualTo(409);
    }

    @Test
    void ids_are_resolved_in_the_callers_scope_and_bad_input_is_refused_in_chinese_saving_nothing() {
        long id = approvedSecondLevelHotWork();
        assertThat(loggedIn("ent_mech").get("/api/v1/permits/" + id).status()).isEqualTo(404);
        assertThat(loggedIn("ent_mech").post("/api/v1/permits/" + id + "/cancel", Api.json(Map.of("reason", "越权"))).status()).isEqualTo(404);
        Api gov = loggedIn("gov_city");
        assertThat(gov.get("/api/v1/permits/" + id).status()).isEqualTo(200);
        assertThat(gov.post("/api/v1/permits/" + id + "/cancel", Api.json(Map.of("reason", "监管"))).status()).isEqualTo(403);

        Api chem = loggedIn("ent_chem");
        long before = permitRows();
        Instant start = clock.instant().plusSeconds(600);
        long mechPoint = jdbc.sql("select id from risk_point where enterprise_id = :e limit 1").param("e", enterpriseIdOf("ent_mech"))
                .query(Long.class).single();
        assertThat(chem.post("/api/v1/permits", Api.json(application("HOT_WORK", "二级", mechPoint, start, start.plusSeconds(3600),
                List.of(plainWorker("甲"))))).status()).isEqualTo(404);
        var empty = chem.post("/api/v1/permits", "{}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(detail(empty)).isEqualTo("请选择作业类别");
        var noKind = chem.post("/api/v1/permits", "{\"kind\":\"FIREWORKS\"}");
        assertThat(noKind.status()).isEqualTo(400);
        var fields = chem.post("/api/v1/permits", "{\"kind\":\"HOT_WORK\"}").json().get("errors");
        assertThat(fields.get("place").asString()).isEqualTo("请填写作业地点");
        assertThat(fields.get("guardianId").asString()).isEqualTo("请选择监护人");
        assertThat(fields.get("hazards").asString()).isEqualTo("请至少填写一条危害识别及其安全措施");
        var badSample = analyse(chem, id, clock.instant(), List.of(Map.of("gas", "甲烷", "kind", "COMBUSTIBLE", "value", "0.1")));
        assertThat(badSample.status()).isEqualTo(400);
        assertThat(detail(badSample)).isEqualTo("请说明 甲烷 的爆炸下限是否不小于 4%");
        var unknownItem = chem.post("/api/v1/permits/" + id + "/measures", Api.json(Map.of("items", List.of(Map.of("item", "SX01", "applicable", true)))));
        assertThat(unknownItem.status()).as("approved: measures are fixed").isEqualTo(409);
        assertThat(permitRows()).isEqualTo(before);
    }
}
