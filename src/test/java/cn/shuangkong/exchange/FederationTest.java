package cn.shuangkong.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.ShuangkongApplication;
import cn.shuangkong.access.internal.UserAdministration;
import cn.shuangkong.exchange.internal.ExchangeModel;
import cn.shuangkong.exchange.internal.ExchangeProperties;
import cn.shuangkong.exchange.internal.ExchangeSync;
import cn.shuangkong.exchange.internal.ExchangeUploader;
import cn.shuangkong.hazard.HazardLevel;
import cn.shuangkong.hazard.HazardPhotos;
import cn.shuangkong.hazard.HazardRegister;
import cn.shuangkong.hazard.HazardReport;
import cn.shuangkong.hazard.HazardSource;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.hazard.internal.RemediationPlan;
import cn.shuangkong.organization.CreditCode;
import cn.shuangkong.organization.EnterpriseDraft;
import cn.shuangkong.organization.EnterpriseRegistry;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.internal.RiskAssessments;
import cn.shuangkong.risk.internal.RiskDrafts;
import cn.shuangkong.risk.internal.RiskRegistry;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.EnterprisePerson;
import cn.shuangkong.support.PlatformTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A city platform reporting to a provincial one, both Shuangkong: the shared test platform is the city, and a second
 * instance started here is the province, on a database of its own on the same PostgreSQL server, with the demo loaded
 * (so it knows the city's towns). The province registers the city as a sender; the city's uploader sends to it,
 * encrypted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FederationTest extends PlatformTest {

    @Autowired private EmbeddedPostgres postgres;
    @Autowired private ExchangeSync sync;
    @Autowired private ExchangeModel model;
    @Autowired private JsonMapper json;
    @Autowired private Enterprises enterprises;
    @Autowired private EnterpriseRegistry registry;
    @Autowired private OrgStructure structure;
    @Autowired private UserAdministration users;
    @Autowired private RiskRegistry risks;
    @Autowired private RiskAssessments assessments;
    @Autowired private HazardRegister hazards;

    @Value("${shuangkong.data-dir}")
    private Path dataDir;

    private ConfigurableApplicationContext province;
    private String provinceBase;
    private JdbcClient provinceDb;
    private String senderKey;
    private ExchangeUploader uploader;
    private Clock firstClock;
    private final String aesKey = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @BeforeAll
    void startTheProvince() throws Exception {
        firstClock = (Clock) org.springframework.test.util.ReflectionTestUtils.getField(PlatformTime.class, "installed");
        String db = "province_" + UUID.randomUUID().toString().substring(0, 8);
        var su = superuser();
        su.sql("create database " + db + " owner shuangkong_owner").update();
        su.sql("revoke all on database " + db + " from public").update();
        su.sql("grant connect on database " + db + " to shuangkong_app").update();
        Properties credentials = new Properties();
        try (Reader in = Files.newBufferedReader(dataDir.toAbsolutePath().resolve("db-credentials.properties"))) {
            credentials.load(in);
        }
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + db;
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.datasource.url", url);
        props.put("spring.datasource.username", "shuangkong_app");
        props.put("spring.datasource.password", credentials.getProperty("app"));
        props.put("spring.flyway.user", "shuangkong_owner");
        props.put("spring.flyway.password", credentials.getProperty("owner"));
        props.put("shuangkong.data-dir", Files.createTempDirectory(Path.of("target"), "province").toAbsolutePath().toString());
        props.put("server.port", "0");
        props.put("shuangkong.monitoring.mqtt.enabled", "false");
        props.put("shuangkong.monitoring.simulator.enabled", "false");
        props.put("shuangkong.exchange.inbound.encryption-key", aesKey);
        long started = System.nanoTime();
        try {
            province = new SpringApplicationBuilder(ShuangkongApplication.class).profiles("demo")
                    .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        } finally {
            org.springframework.test.util.ReflectionTestUtils.setField(PlatformTime.class, "installed", firstClock); // one platform clock per JVM: the city's
        }
        System.out.printf("Province instance started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        provinceBase = "http://localhost:" + province.getEnvironment().getProperty("local.server.port");
        provinceDb = JdbcClient.create(province.getBean(javax.sql.DataSource.class));

        String city = jdbc.sql("select code from region where name = '靖江市'").query(String.class).single();
        var issued = Api.at(provinceBase).login("admin", "Demo@2026").post("/api/v1/exchange/senders",
                Api.json(Map.of("name", "靖江市双控平台", "regionCode", city)));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        senderKey = issued.json().get("key").asString();

        var upload = new ExchangeProperties.Upload(provinceBase + "/api/v1/exchange/inbound", senderKey, aesKey,
                Duration.ofSeconds(30), 500, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(30));
        uploader = new ExchangeUploader(jdbc, sync, model, new ExchangeProperties(upload, null), json, (Clock) clock, enterprises);
    }

    @AfterAll
    void stopTheProvince() {
        if (province != null) province.close();
        org.springframework.test.util.ReflectionTestUtils.setField(PlatformTime.class, "installed", firstClock); // one platform clock per JVM: the city's
    }

    @Test
    void the_province_counts_an_enterprise_it_holds_once_and_adds_one_it_does_not_hold_with_its_hazards_listed() {
        long chem = enterpriseIdOf("ent_chem");
        String credit = enterprises.findUnscoped(chem).orElseThrow().creditCode();
        String town = jdbc.sql("select region_code from enterprise where id = :e").param("e", chem).query(String.class).single();
        jdbc.sql("update exchange_record set status = 'PENDING', accepted_hash = null, attempts = 0, next_attempt_at = null, error = null")
                .update(); // a receiver that has seen nothing yet
        Api regulator = Api.at(provinceBase).login("gov_city", "Demo@2026"); // the province's regulator of the city
        JsonNode townBefore = regulator.get("/api/v1/dashboard?region=" + town).json();
        JsonNode chemBefore = enterpriseRow(regulator, town, "江苏华泰化工有限公司");

        // In the city: a new 重大隐患 and a new event at the chemical works, whose register the province holds itself ...
        Api chemApi = loggedIn("ent_chem");
        long hazard = hazard(chemApi, "联邦测试 · 储罐区可燃气体报警器失灵");
        assertThat(chemApi.post("/api/v1/hazards/" + hazard + "/assign", Api.json(ExchangeUploadTest.plan(today().plusDays(7)))).status())
                .isEqualTo(200);
        long point = jdbc.sql("select id from risk_point where name = '甲类储罐区（甲醇、甲苯）'").query(Long.class).single();
        var added = chemApi.post("/api/v1/risk-points/" + point + "/events", Api.json(Map.of("name", "联邦测试 · 呼吸阀冻堵",
                "hazard", "冬季呼吸阀冻堵导致罐体超压", "factorCode", "2101", "accidentTypes", List.of("08"), "consequence", "罐体变形泄漏")));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        long event = added.json().get("id").asLong();
        // ... and an enterprise of the same town the province has never heard of, with a 重大风险 and an open 重大隐患.
        Site site = site(town);
        String siteHazardTitle = "联邦测试 · 液氨储罐安全阀失效 " + site.id();
        long siteHazard = siteMajorHazard(site, siteHazardTitle);

        sync.sync(site.id());
        upload(chem);

        assertThat(status("hazard", hazard)).isEqualTo("ACCEPTED");
        assertThat(status("hazard", siteHazard)).isEqualTo("ACCEPTED");
        Map<String, Long> counts = uploader.receiverCounts(credit);
        Map<String, Long> here = accepted(chem);
        assertThat(here.get("object")).isPositive();
        for (String entity : List.of("object", "unit", "event", "measure", "task")) {
            assertThat(counts.get(entity)).as("reconciled: " + entity).isEqualTo(here.get(entity));
        }
        String hazardUuid = uuid("hazard", hazard);
        assertThat(provinceDb.sql("select payload->>'dangerState' from exchange_received where uuid = :u").param("u", hazardUuid)
                .query(String.class).single()).isEqualTo("0");
        var received = regulator.get("/api/v1/exchange/received");
        assertThat(received.status()).isEqualTo(200);
        assertThat(receivedRow(received.json(), "江苏华泰化工有限公司").get("counted").asBoolean())
                .as("received, shown as received, but the province's own register of it counts").isFalse();
        assertThat(receivedRow(received.json(), site.name()).get("counted").asBoolean()).isTrue();

        // The enterprise the province holds: its row is what the province's own register says, the city's copy adds nothing.
        JsonNode chemRow = enterpriseRow(regulator, town, "江苏华泰化工有限公司");
        for (String f : List.of("riskPoints", "majorRisks", "hazardsOpen", "majorHazardsOpen", "hazardsClosed")) {
            assertThat(chemRow.get(f).asLong()).as("held enterprise, " + f).isEqualTo(chemBefore.get(f).asLong());
        }
        // The one it does not hold: exactly what the city sent.
        JsonNode siteRow = enterpriseRow(regulator, town, site.name());
        assertThat(siteRow.get("riskPoints").asLong()).isEqualTo(sent(site.id(), "object", "true"));
        assertThat(siteRow.get("majorRisks").asLong()).isEqualTo(1);
        assertThat(siteRow.get("majorHazardsOpen").asLong()).isEqualTo(1);
        // Its colour is the province's rating of it, from what the city sent (ADR 0055): 5 (industry) + 5 (one 重大风险)
        // + 10 (one open 重大隐患, not overdue) = 20, 黄色 — on its own records here, none, it would be 蓝色.
        assertThat(provinceRating(site)).isEqualTo("YELLOW");
        assertThat(enterpriseRow(regulator, town, site.name()).get("level").asInt()).isEqualTo(3);

        // The town: its own figures plus only the enterprises the province does not hold (whatever else the city sent).
        JsonNode townAfter = regulator.get("/api/v1/dashboard?region=" + town).json();
        Map<String, Long> notHeld = sentForEnterprisesNotHeld(town);
        assertThat(notHeld.get("enterprises")).as("the new enterprise at least").isGreaterThanOrEqualTo(1);
        for (String f : List.of("riskPoints", "majorRisks", "hazardsOpen", "majorHazardsOpen")) {
            assertThat(figure(townAfter, f)).as(f).isEqualTo(figure(townBefore, f) + notHeld.get(f));
        }
        JsonNode reportedHazard = majorHazardTitled(townAfter, siteHazardTitle);
        assertThat(reportedHazard).as("a received 重大隐患 is listed with its source").isNotNull();
        assertThat(reportedHazard.get("source").asString()).isEqualTo("靖江市双控平台");
        assertThat(reportedHazard.get("enterpriseName").asString()).isEqualTo(site.name());
        assertThat(majorHazardTitled(townAfter, "联邦测试 · 储罐区可燃气体报警器失灵"))
                .as("the held enterprise's received hazard is not listed as well").isNull();

        // The 重大风险清单 lists the reported red points of enterprises the province does not hold, after its own, under
        // the 驾驶舱's figure; the 重大隐患督办 list shows the reported 重大隐患 the same way.
        List<JsonNode> reported = reportedMajorRisks(regulator);
        assertThat(reported).allSatisfy(r -> {
            assertThat(r.get("source").asString()).isEqualTo("靖江市双控平台");
            assertThat(r.get("enterpriseName").asString()).isNotEqualTo("江苏华泰化工有限公司");
        });
        assertThat(reported.stream().filter(r -> r.get("enterpriseName").asString().equals(site.name())).count()).isEqualTo(1);
        assertOneTruth(regulator, siteHazardTitle);

        // 销号 in the city, at the held enterprise and at the new one: the province's records follow both, its figures
        // only the new one's.
        Api worker = loggedIn("worker_chem");
        var done = worker.post("/api/v1/hazards/" + hazard + "/complete", Api.json(Map.of("note", "已更换报警器并标定",
                "photo", ExchangeUploadTest.photo())));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        var closed = chemApi.post("/api/v1/hazards/" + hazard + "/accept", "{\"passed\":true,\"opinion\":\"验收合格\"}");
        assertThat(closed.json().get("state").asString()).as(closed.body()).isEqualTo("CLOSED");
        closeSiteHazard(site, siteHazard);
        sync.sync(site.id());
        upload(chem);
        var upstream = provinceDb.sql("select payload->>'dangerState' as state, payload->>'checkAcceptPerson' as person from exchange_received where uuid = :u")
                .param("u", hazardUuid).query().singleRow();
        assertThat(upstream.get("state")).isEqualTo("9");
        assertThat((String) upstream.get("person")).isNotBlank();
        JsonNode townClosed = regulator.get("/api/v1/dashboard?region=" + town).json();
        assertThat(figure(townClosed, "majorHazardsOpen")).isEqualTo(figure(townAfter, "majorHazardsOpen") - 1);
        assertThat(figure(townClosed, "hazardsClosed")).isEqualTo(figure(townAfter, "hazardsClosed") + 1);
        assertThat(majorHazardTitled(townClosed, siteHazardTitle)).as("销号 follows upstream").isNull();
        assertThat(provinceRating(site)).as("the rating follows the 销号 reported").isEqualTo("BLUE");
        assertThat(enterpriseRow(regulator, town, site.name()).get("level").asInt()).isEqualTo(4);

        // The platform has no deletion of risk events yet: the row goes as a future 删除 would take it, and 立即核对 finds it gone.
        String eventUuid = uuid("event", event);
        superuser().sql("delete from risk_event where id = :id").param("id", event).update();
        upload(chem);
        assertThat(provinceDb.sql("select deleted from exchange_received where uuid = :u").param("u", eventUuid).query(Boolean.class).single())
                .isTrue();
        assertThat(uploader.receiverCounts(credit).get("event")).isEqualTo(counts.get("event") - 1);
    }

    /**
     * What the city sent, accepted, of the town's enterprises that the province keeps no register of (no risk point of
     * its own under the same 统一社会信用代码): the figures the province adds to its own.
     */
    private Map<String, Long> sentForEnterprisesNotHeld(String town) {
        Map<String, Long> sum = new HashMap<>(Map.of("enterprises", 0L, "riskPoints", 0L, "majorRisks", 0L, "hazardsOpen", 0L,
                "majorHazardsOpen", 0L));
        List<Long> sending = jdbc.sql("""
                select distinct r.enterprise_id from exchange_record r join enterprise e on e.id = r.enterprise_id
                 where e.region_code = :t and r.status = 'ACCEPTED'""").param("t", town).query(Long.class).list();
        assertThat(sending).isNotEmpty();
        for (long e : sending) {
            String code = enterprises.findUnscoped(e).orElseThrow().creditCode();
            long held = provinceDb.sql("select count(*) from risk_point p join enterprise e on e.id = p.enterprise_id where e.credit_code = :c")
                    .param("c", code).query(Long.class).single();
            if (held > 0) continue;
            sum.merge("enterprises", 1L, Long::sum);
            sum.merge("riskPoints", sent(e, "object", "true"), Long::sum);
            sum.merge("majorRisks", sent(e, "object", "payload->>'riskClass' = '1'"), Long::sum);
            sum.merge("hazardsOpen", sent(e, "hazard", "payload->>'dangerState' <> '9'"), Long::sum);
            sum.merge("majorHazardsOpen", sent(e, "hazard", "payload->>'dangerState' <> '9' and payload->>'dangerLevel' = '1'"), Long::sum);
        }
        return sum;
    }

    private static JsonNode receivedRow(JsonNode received, String enterpriseName) {
        return received.valueStream().filter(r -> r.get("enterpriseName").asString().equals(enterpriseName)).findFirst().orElseThrow();
    }

    /**
     * The 驾驶舱 (and the 大屏, which draws the same snapshot) counts the 重大风险 the 重大风险清单 lists; the 重大隐患督办
     * list shows a reported 重大隐患 after the register's, read-only, under one total.
     */
    private void assertOneTruth(Api regulator, String reportedHazardTitle) {
        JsonNode snapshot = regulator.get("/api/v1/dashboard").json();
        var list = regulator.get("/api/v1/major-risks?size=1");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().get("total").asLong()).isEqualTo(figure(snapshot, "majorRisks"));
        long ownMajorHazards = provinceDb.sql("select count(*) from hazard where level = 'MAJOR'").query(Long.class).single();
        long reportedMajorHazards = provinceDb.sql("""
                select count(*) from exchange_received r
                 where r.entity = 'hazard' and not r.deleted and r.payload->>'dangerLevel' = '1'
                   and not exists (select 1 from risk_point p where p.enterprise_id = r.enterprise_id)""").query(Long.class).single();
        try (var browser = new cn.shuangkong.support.Browser(provinceBase)) {
            browser.loginAs("gov_city").open("/risks/major");
            assertThat(browser.find("#major-total").getText()).isEqualTo(String.valueOf(figure(snapshot, "majorRisks")));
            assertThat(browser.text()).contains("下级平台上报：靖江市双控平台");
            browser.screenshot("federation-province-major-risks");
            browser.open("/dashboard");
            assertThat(browser.find("#d-major-risks").getText())
                    .isEqualTo(String.valueOf(figure(snapshot, "majorRisks") + figure(snapshot, "regionalMajor")));
            browser.screenshot("federation-province-dashboard");
            browser.open("/hazards/major?page=" + (ownMajorHazards / 20 + 1));
            assertThat(browser.find(".pager").getText()).contains("共 " + (ownMajorHazards + reportedMajorHazards) + " 条");
            var row = browser.all("#hazard-table tr.reported").stream().filter(r -> r.getText().contains(reportedHazardTitle))
                    .findFirst().orElseThrow();
            assertThat(row.getText()).contains("下级平台上报：靖江市双控平台", "整改中");
            assertThat(row.findElements(org.openqa.selenium.By.tagName("a"))).as("nothing to open here").isEmpty();
            assertThat(browser.text()).doesNotContain("联邦测试 · 储罐区可燃气体报警器失灵");
            browser.screenshot("federation-province-major-hazards");
            browser.open("/exchange");
            assertThat(browser.find("#exchange-received").getText()).contains("不计入：本平台已有该企业台账", "计入");
            browser.screenshot("federation-province-received");
        }
    }

    /** An enterprise of the city's own, registered as the city registers one, with a safety manager who signs in. */
    private record Site(long id, String name, long unit, String manager) {
        Jurisdiction scope() {
            return Jurisdiction.enterprise(id, "本企业");
        }
    }

    /** A cold store in the town with one 风险点, its only event graded 重大风险 by three signatures. */
    private Site site(String town) {
        String first17 = "91321282MB" + String.format("%07d", (System.nanoTime() / 1000) % 10_000_000);
        var e = registry.register(Jurisdiction.platform(), new EnterpriseDraft("联邦测试冷库有限公司" + first17.substring(10),
                first17 + CreditCode.checkCharacter(first17), "G5960", town, null, "SMALL", 30, null, null, null, null,
                null, null, null, "OPERATING", false, false, false, false, false, false));
        long unit = structure.addUnit(new cn.shuangkong.support.EnterprisePerson("安全管理人员", e.id()), e.id(), null, "公司", OrgStructure.Tier.COMPANY);
        String manager = "fed" + first17.substring(10);
        openAccount(new UserAdministration.NewUser(manager, "冷库安全员", null, "ENTERPRISE", e.id(), null, null,
                List.of("ENTERPRISE_SAFETY"), "Federation#2026x"));
        var site = new Site(e.id(), e.name(), unit, manager);
        var point = risks.createPoint(site.scope(), site.id(), new RiskDrafts.PointDraft("LK-001", "液氨制冷机房", "AREA", unit,
                null, null, false, null));
        long leak = risks.addEvent(site.scope(), point.id(), new RiskDrafts.EventDraft("液氨泄漏中毒", "管道阀门泄漏", "2203",
                List.of("15"), "中毒"));
        long version = assessments.submit(new EnterprisePerson("fed-analyst", site.id()), leak, new RiskDrafts.AssessmentDraft("RESIDUAL", "LS",
                Map.of("l", BigDecimal.valueOf(5), "s", BigDecimal.valueOf(5)), "联邦测试评价"));
        assessments.review(new EnterprisePerson("fed-reviewer", site.id()), version);
        assessments.approve(new EnterprisePerson("fed-approver", site.id()), version);
        return site;
    }

    /** The province's rating of a city enterprise, once the province owes it no recompute. */
    private String provinceRating(Site site) {
        long id = provinceDb.sql("select id from enterprise where credit_code = :c")
                .param("c", enterprises.findUnscoped(site.id()).orElseThrow().creditCode()).query(Long.class).single();
        cn.shuangkong.supervision.OwedRatings.awaitRecomputed(provinceDb, id);
        return provinceDb.sql("select level from enterprise_rating where enterprise_id = :e").param("e", id).query(String.class).single();
    }

    private long siteMajorHazard(Site site, String title) {
        var manager = new EnterprisePerson(site.manager(), site.id());
        long id = hazards.register(manager, site.id(), new HazardReport(HazardSource.SELF_CHECK, HazardType.UNSAFE_CONDITION, null,
                title, title + "，现场核实属实", "制冷机房", null, null), new HazardRegister.GradingInput(HazardLevel.MAJOR, null,
                "液氨泄漏可能导致多人中毒"), null).hazard().id();
        hazards.assign(manager, id, new RemediationPlan(site.manager(), "更换安全阀并校验", new BigDecimal("3000"),
                today().plusDays(10), "整改期间停用该系统"));
        return id;
    }

    private void closeSiteHazard(Site site, long id) {
        hazards.complete(new EnterprisePerson(site.manager(), site.id()), id, "安全阀已更换并校验",
                new HazardPhotos.Upload(cn.shuangkong.hazard.Photos.png(java.awt.Color.GREEN)));
        hazards.accept(new EnterprisePerson("fed-acceptor", site.id()), id, true, "验收合格");
    }

    private List<JsonNode> reportedMajorRisks(Api regulator) {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode items = regulator.get("/api/v1/major-risks?size=200&page=" + page).json().get("items");
            if (items.isEmpty()) break;
            items.valueStream().filter(i -> !i.get("source").isNull()).forEach(out::add);
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    private static long figure(JsonNode snapshot, String name) {
        return snapshot.get("figures").get(name).asLong();
    }

    private static JsonNode majorHazardTitled(JsonNode snapshot, String title) {
        return snapshot.get("majorHazards").valueStream().filter(h -> h.get("title").asString().equals(title)).findFirst().orElse(null);
    }

    private static JsonNode enterpriseRow(Api regulator, String town, String name) {
        var rows = regulator.get("/api/v1/dashboard/enterprises?size=200&region=" + town).json().get("items");
        return rows.valueStream().filter(r -> r.get("name").asString().equals(name)).findFirst().orElseThrow();
    }

    /** What the city sent of one enterprise and entity, accepted and not deleted, that matches a condition on the payload. */
    private long sent(long enterprise, String entity, String condition) {
        return jdbc.sql("select count(*) from exchange_record where enterprise_id = :e and entity = :t and not deleted and status = 'ACCEPTED' and "
                + condition).param("e", enterprise).param("t", entity).query(Long.class).single();
    }

    @Test
    void a_replayed_batch_changes_nothing_a_bad_record_is_refused_alone_and_an_unknown_enterprise_is_registered_in_its_town() {
        String town = jdbc.sql("select region_code from enterprise where id = :e").param("e", enterpriseIdOf("ent_mech")).query(String.class).single();
        String first17 = "91321282MA" + String.format("%07d", (System.nanoTime() / 1000) % 10_000_000);
        String credit = first17 + CreditCode.checkCharacter(first17);
        String objectId = UUID.randomUUID().toString();
        Map<String, Object> object = common(objectId, credit);
        String code = "FED-" + "0".repeat(42) + "1"; // the model allows 50 characters, more than a UUID's 36
        object.put("hazardCode", code);
        object.put("riskAnalysisObjectName", "液氨储罐");
        Map<String, Object> badUnit = common(UUID.randomUUID().toString(), credit);
        badUnit.put("hazardCode", code);
        badUnit.put("riskUnitName", "氨罐");
        badUnit.put("hazardLiablePerson", "王五");
        Map<String, Object> unit = new HashMap<>(badUnit);
        unit.put("id", UUID.randomUUID().toString());
        unit.put("hazardDep", "储运部");
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("batchId", "fed-" + UUID.randomUUID());
        batch.put("records", List.of(Map.of("entity", "object", "data", object), Map.of("entity", "unit", "data", badUnit),
                Map.of("entity", "unit", "data", unit)));
        batch.put("enterprises", List.of(Map.of("tyshxydm", credit, "name", "联邦测试冷链有限公司", "regionCode", town,
                "industryCode", "G5960", "headcount", 40)));
        Api sender = Api.at(provinceBase);

        var answer = post(sender, senderKey, batch);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var results = answer.json().get("results");
        assertThat(results.get(0).get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(results.get(1).get("status").asString()).isEqualTo("REJECTED");
        assertThat(results.get(1).get("errors").get("hazardDep").asString()).isEqualTo("「责任部门」（hazardDep）不能为空");
        assertThat(results.get(2).get("status").asString()).as("a unit under a 50-character object code").isEqualTo("ACCEPTED");
        assertThat(provinceDb.sql("select count(*) from exchange_received where uuid = :u").param("u", badUnit.get("id"))
                .query(Long.class).single()).as("the refused record is not stored").isZero();
        assertThat(provinceDb.sql("select region_code from enterprise where credit_code = :c").param("c", credit).query(String.class).single())
                .as("registered in the town its platform named").isEqualTo(town);

        var updatedAt = provinceDb.sql("select updated_at::text from exchange_received where uuid = :u").param("u", objectId).query(String.class).single();
        long auditBefore = provinceDb.sql("select count(*) from audit_record").query(Long.class).single();
        var replay = post(sender, senderKey, batch);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo(answer.body());
        assertThat(provinceDb.sql("select updated_at::text from exchange_received where uuid = :u").param("u", objectId).query(String.class).single())
                .isEqualTo(updatedAt);
        assertThat(provinceDb.sql("select count(*) from audit_record").query(Long.class).single()).as("a replay changes nothing").isEqualTo(auditBefore);

        var unknown = post(sender, "skx_not-a-key", batch);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json().get("detail").asString()).isEqualTo("未知的上报方：密钥无效");
        var anonymous = sender.post("/api/v1/exchange/inbound/batches", Api.json(batch));
        assertThat(anonymous.status()).isEqualTo(401);

        var admin = Api.at(provinceBase).login("admin", "Demo@2026");
        var other = admin.post("/api/v1/exchange/senders", Api.json(Map.of("name", "某企业自建系统", "regionCode", town)));
        long otherId = other.json().get("id").asLong();
        assertThat(admin.post("/api/v1/exchange/senders/" + otherId + "/revoke", "{}").status()).isEqualTo(200);
        var revoked = post(sender, other.json().get("key").asString(), batch);
        assertThat(revoked.status()).isEqualTo(403);
        assertThat(revoked.json().get("detail").asString()).isEqualTo("该上报方已停用，不再接收其数据");
    }

    private Api.Response post(Api api, String key, Map<String, Object> body) {
        try {
            var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(provinceBase + "/api/v1/exchange/inbound/batches"))
                    .header("Content-Type", "application/json").header("X-Exchange-Key", key)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Api.json(body))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            return new Api.Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    new String(r.body(), java.nio.charset.StandardCharsets.UTF_8), r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fields every record of the national model carries, for a record of the enterprise with this credit code. */
    static Map<String, Object> common(String id, String credit) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", id);
        m.put("companyCode", ExchangeSync.companyCode(credit));
        m.put("tyshxydm", credit);
        m.put("deleted", "0");
        m.put("createBy", "企业系统");
        m.put("createDate", "2026-12-06 08:00:00");
        m.put("updateBy", "企业系统");
        m.put("updateDate", "2026-12-06 08:00:00");
        return m;
    }

    /** As the scheduled round does, until nothing is due (a child waits one round for its parent). */
    private void upload(long enterprise) {
        sync.sync(enterprise);
        for (int i = 0; i < 5; i++) uploader.round();
    }

    private Map<String, Long> accepted(long enterprise) {
        Map<String, Long> m = new HashMap<>();
        jdbc.sql("select entity, count(*) from exchange_record where enterprise_id = :e and not deleted and status = 'ACCEPTED' group by entity")
                .param("e", enterprise).query(rs -> { m.put(rs.getString(1), rs.getLong(2)); });
        return m;
    }

    private long hazard(Api as, String title) {
        var r = as.post("/api/v1/hazards", Api.json(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION", "title", title,
                "description", title + "，现场核实属实", "location", "罐区", "level", "MAJOR",
                "majorReason", "甲类储罐区可燃气体报警失效，可能导致火灾爆炸")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai")));
    }

    private String status(String entity, long id) {
        return jdbc.sql("select status || coalesce(' ' || error, '') from exchange_record where entity = :t and platform_id = :id")
                .param("t", entity).param("id", id).query(String.class).single();
    }

    private String uuid(String entity, long id) {
        return jdbc.sql("select uuid from exchange_record where entity = :t and platform_id = :id").param("t", entity).param("id", id)
                .query(String.class).single();
    }
}
