package cn.shuangkong.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.access.Accounts;
import cn.shuangkong.analytics.internal.Dashboard;
import cn.shuangkong.bulletin.internal.BulletinFacts;
import cn.shuangkong.bulletin.internal.BulletinFigures;
import cn.shuangkong.bulletin.internal.BulletinSchedule;
import cn.shuangkong.bulletin.internal.Quarter;
import cn.shuangkong.bulletin.internal.RiskBulletins;
import cn.shuangkong.hazard.internal.HazardDeadlines;
import cn.shuangkong.hazard.HazardLevel;
import cn.shuangkong.hazard.HazardRegister;
import cn.shuangkong.hazard.HazardReport;
import cn.shuangkong.hazard.HazardSource;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.hazard.internal.RemediationPlan;
import cn.shuangkong.organization.CreditCode;
import cn.shuangkong.organization.EnterpriseDraft;
import cn.shuangkong.organization.EnterpriseRegistry;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.internal.RiskAssessments;
import cn.shuangkong.risk.internal.RiskDrafts;
import cn.shuangkong.risk.internal.RiskRegistry;
import cn.shuangkong.scope.Session;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.EnterprisePerson;
import cn.shuangkong.support.PlatformTest;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 风险动态信息通报: a quarter built through the services with a moved clock is counted as the database holds it and
 * beside the quarter before; the 驾驶舱 says the same for the same period; signing freezes the text (the PDF kept by its
 * hash), publishing reaches the departments of the area and nobody else; the quarter-start job drafts each area once.
 */
class RiskBulletinTest extends PlatformTest {

    private static final String TOWN = "321282100"; // 新桥镇, gov_town's
    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    @Autowired BulletinFacts facts;
    @Autowired RiskBulletins bulletins;
    @Autowired BulletinSchedule schedule;
    @Autowired Dashboard dashboard;
    @Autowired HazardDeadlines deadlines;
    @Autowired HazardRegister hazards;
    @Autowired EnterpriseRegistry enterprises;
    @Autowired OrgStructure structure;
    @Autowired RiskRegistry registry;
    @Autowired RiskAssessments assessments;
    @Autowired Accounts accounts;
    @Autowired cn.shuangkong.access.internal.UserAdministration users;

    private Instant start;

    @BeforeEach
    void remember() {
        start = clock.instant();
    }

    @AfterEach
    void restore() {
        clock.set(start); // other tests share the clock
    }

    /** Someone of the test's enterprise; analyst, reviewer and approver sign as three people. */
    private record Site(long id, long workshop, String manager) {
        Jurisdiction scope() { return Jurisdiction.enterprise(id, "本企业"); }
    }

    private Site site() {
        String first17 = ("91321282" + UUID.randomUUID().toString().replace("-", "").toUpperCase().chars()
                .mapToObj(c -> String.valueOf(ALPHABET.charAt(c % ALPHABET.length()))).collect(Collectors.joining())).substring(0, 17);
        var e = enterprises.register(Jurisdiction.platform(), new EnterpriseDraft("通报测试企业" + first17.substring(10),
                first17 + CreditCode.checkCharacter(first17), "C3441", TOWN, null, "SMALL", 60, null, null, null, null,
                null, null, null, "OPERATING", false, false, false, false, false, false));
        long company = structure.addUnit(new cn.shuangkong.support.EnterprisePerson("安全管理人员", e.id()), e.id(), null, "公司", OrgStructure.Tier.COMPANY);
        long workshop = structure.addUnit(new cn.shuangkong.support.EnterprisePerson("安全管理人员", e.id()), e.id(), company, "装配车间", OrgStructure.Tier.WORKSHOP);
        String manager = "tb" + first17.substring(10).toLowerCase();
        openAccount(new cn.shuangkong.access.internal.UserAdministration.NewUser(manager, "通报测试安全员", null, "ENTERPRISE", e.id(), null,
                null, List.of("ENTERPRISE_SAFETY"), "Bulletin#2026x"));
        return new Site(e.id(), workshop, manager);
    }

    private long hazard(Site s, String title, HazardLevel level) {
        var grading = level == HazardLevel.MAJOR ? new HazardRegister.GradingInput(HazardLevel.MAJOR, null, "可能导致群死群伤")
                : HazardRegister.GradingInput.general();
        return hazards.register(new EnterprisePerson(s.manager(), s.id()), s.id(), new HazardReport(HazardSource.SELF_CHECK,
                HazardType.UNSAFE_CONDITION, null, title, title + "，现场核实属实", "装配车间", null, null), grading, null)
                .hazard().id();
    }

    private void at(LocalDate day) {
        clock.set(day.atTime(10, 0).atZone(clock.getZone()).toInstant());
    }

    @Test
    void a_quarter_built_through_the_services_is_counted_as_the_database_holds_it_and_beside_the_quarter_before() {
        Quarter q = Quarter.containing(LocalDate.now(clock)).next().next();
        Quarter p = q.previous();
        Site s = site();

        at(p.firstDay().plusDays(40));
        hazard(s, "上季度：配电箱门未关闭", HazardLevel.GENERAL);

        at(q.firstDay().plusDays(10));
        long late = hazard(s, "本季度：砂轮机防护罩缺失", HazardLevel.GENERAL);
        hazard(s, "本季度：行车限位失灵", HazardLevel.GENERAL);
        hazard(s, "本季度：喷涂间防爆电气失效", HazardLevel.MAJOR);
        hazards.assign(new EnterprisePerson(s.manager(), s.id()), late, new RemediationPlan(s.manager(), "加装防护罩", new BigDecimal("800"),
                q.firstDay().plusDays(30), null));
        var point = registry.createPoint(s.scope(), s.id(), new RiskDrafts.PointDraft("TB-001", "喷涂间", "AREA", s.workshop(),
                null, null, false, null));
        long fire = registry.addEvent(s.scope(), point.id(), new RiskDrafts.EventDraft("喷涂间爆炸", "溶剂蒸气遇点火源", "2203",
                List.of("13"), "爆炸"));
        Map<String, BigDecimal> inputs = new LinkedHashMap<>();
        inputs.put("l", BigDecimal.valueOf(5));
        inputs.put("s", BigDecimal.valueOf(5));
        long version = assessments.submit(new EnterprisePerson("analyst", s.id()), fire, new RiskDrafts.AssessmentDraft("RESIDUAL", "LS", inputs, "测试评价"));
        assessments.review(new EnterprisePerson("reviewer", s.id()), version);
        assessments.approve(new EnterprisePerson("approver", s.id()), version);

        clock.set(q.end(clock.getZone()).plus(Duration.ofHours(2)));
        BulletinFigures mine = facts.of(s.scope(), q);
        BulletinFigures before = facts.of(s.scope(), p);

        assertThat(mine.hazardsRegistered()).isEqualTo(3);
        assertThat(mine.majorHazardsRegistered()).isEqualTo(1);
        assertThat(mine.hazards()).extracting(BulletinFigures.HazardRow::source).containsOnly("企业自查");
        assertThat(mine.hazardsOverdue()).as("assigned with a deadline inside the quarter, never rectified").isEqualTo(1);
        assertThat(mine.majorRisks()).isEqualTo(1);
        assertThat(mine.added()).extracting(BulletinFigures.RiskChange::name).containsExactly("喷涂间");
        assertThat(mine.removed()).isEmpty();
        assertThat(before.hazardsRegistered()).isEqualTo(1);
        assertThat(before.majorRisks()).as("graded 重大 only in the later quarter").isZero();
        var change = new RiskBulletins.Figures(mine, before).indicators().stream()
                .filter(i -> i.name().equals("新登记隐患")).findFirst().orElseThrow();
        assertThat(change.change()).isEqualTo("↑2");

        // the whole town, counted by the bulletin, against the database's own rows
        Jurisdiction town = Jurisdiction.regulator(TOWN, List.of(), "新桥镇");
        BulletinFigures all = facts.of(town, q);
        Instant from = q.start(clock.getZone()), to = q.end(clock.getZone());
        Map<String, Long> registered = jdbc.sql("""
                select h.source || '/' || h.level as k, count(*) as n from hazard h join enterprise e on e.id = h.enterprise_id
                 where e.region_code like :town and h.found_at >= :from and h.found_at < :to and h.state <> 'REJECTED' group by 1
                """).param("town", TOWN + "%").param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> Map.entry(rs.getString("k"), rs.getLong("n"))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(registered).isNotEmpty();
        Map<String, Long> counted = all.hazards().stream().filter(h -> h.registered() > 0).collect(Collectors.toMap(
                h -> code(HazardSource.values(), h.source()) + "/" + (h.major() ? "MAJOR" : "GENERAL"), BulletinFigures.HazardRow::registered));
        assertThat(counted).isEqualTo(registered);
        long majorPoints = jdbc.sql("""
                select count(*) from risk_point p join enterprise e on e.id = p.enterprise_id where e.region_code like :town and p.level = 1
                """).param("town", TOWN + "%").query(Long.class).single();
        assertThat(all.majorRisks()).as("at the quarter's end nothing has changed since, so today's levels").isEqualTo(majorPoints);
        assertThat(all.added()).extracting(BulletinFigures.RiskChange::pointId).contains(point.id());

        // the regulator's draft keeps both quarters as counted
        long id = bulletins.draft(gov("gov_town"), q);
        var b = bulletins.find(town, id).orElseThrow();
        assertThat(b.issuer()).isEqualTo("新桥镇安全生产监督管理办公室");
        assertThat(b.figures().current().hazardsRegistered()).isEqualTo(all.hazardsRegistered());
        assertThat(b.figures().previous().hazardsRegistered()).isEqualTo(facts.of(town, p).hazardsRegistered());
    }

    private static String code(HazardSource[] values, String label) {
        for (HazardSource v : values) if (v.label().equals(label)) return v.name();
        throw new IllegalArgumentException(label);
    }

    private Actor gov(String username) {
        return accounts.signedInAs(username);
    }

    @Test
    void the_bulletin_of_the_quarter_so_far_says_what_the_dashboard_says_for_the_same_months() {
        Quarter q = Quarter.containing(LocalDate.now(clock));
        // The bulletin counts the quarter up to now, the 驾驶舱's months whole: the months are compared with now after the
        // quarter's latest hazard, what stands today (overdue, 重大风险) at the clock as it was
        Instant was = clockAfterHazardsIn(q.start(clock.getZone()), q.end(clock.getZone()));
        for (String region : List.of(TOWN, "321282")) {
            Jurisdiction area = Jurisdiction.regulator(region, List.of(), region);
            BulletinFigures f = facts.of(area, q);
            String first = q.firstDay().toString().substring(0, 7), last = q.lastDay().toString().substring(0, 7);
            var months = dashboard.trend(area, 12).stream().filter(m -> m.month().compareTo(first) >= 0 && m.month().compareTo(last) <= 0).toList();
            assertThat(months).as("months of the quarter so far").isNotEmpty();
            // the 驾驶舱 adds what lower platforms reported of enterprises without a register here (other tests send some)
            long[] received = jdbc.sql("""
                    with e as (select * from enterprise where region_code like :r)
                    select coalesce(sum(found), 0), coalesce(sum(major_found), 0), coalesce(sum(closed), 0)
                      from (%s) x where x.month <= :last""".formatted(cn.shuangkong.exchange.ExchangeFacts.perMonth("e")))
                    .param("r", region + "%").param("first", q.firstDay()).param("last", q.lastDay())
                    .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).single();
            assertThat(f.hazardsRegistered() + received[0]).as(region + " 新登记隐患").isEqualTo(months.stream().mapToLong(Dashboard.Month::found).sum());
            assertThat(f.majorHazardsRegistered() + received[1]).as(region + " 重大隐患").isEqualTo(months.stream().mapToLong(Dashboard.Month::majorFound).sum());
            assertThat(f.hazardsClosed() + received[2]).as(region + " 销号").isEqualTo(months.stream().mapToLong(Dashboard.Month::closed).sum());
            assertThat(f.tasksDone()).as(region + " 完成任务").isEqualTo(months.stream().mapToLong(Dashboard.Month::tasksDone).sum());
            assertThat(f.tasksMissed()).as(region + " 逾期任务").isEqualTo(months.stream().mapToLong(Dashboard.Month::tasksMissed).sum());
        }
        clock.set(was);
        deadlines.sweep(); // the 驾驶舱 reads the overdue mark the sweep sets; the bulletin works it out from the deadline
        for (String region : List.of(TOWN, "321282")) {
            Jurisdiction area = Jurisdiction.regulator(region, List.of(), region);
            BulletinFigures f = facts.of(area, q);
            var figures = dashboard.figures(area);
            assertThat(f.majorRisks()).as(region + " 重大风险").isEqualTo(figures.majorRisks());
            assertThat(f.hazardsOverdue()).as(region + " 逾期隐患").isEqualTo(figures.hazardsOverdue());
            assertThat(f.majorHazardsOverdue()).as(region + " 逾期重大隐患").isEqualTo(figures.majorHazardsOverdue());
        }
    }

    private static String form(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (!out.isEmpty()) out.append('&');
            out.append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static java.net.http.HttpResponse<String> post(Session s, String path, String body) {
        return s.send("POST", path, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
    }

    private static long idFrom(java.net.http.HttpResponse<String> redirect) {
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.replaceAll(".*/bulletins/(\\d+).*", "$1"));
    }

    @Test
    void a_signed_bulletin_is_frozen_and_published_to_the_departments_of_its_area_and_no_others() throws Exception {
        Quarter q = Quarter.containing(LocalDate.now(clock));
        String base = "http://localhost:" + port;
        Session town = new Session(base).signIn("gov_town", "Demo@2026");
        Session city = new Session(base).signIn("gov_city", "Demo@2026");

        long id = idFrom(post(town, "/bulletins", form("period", q.year() + "-" + q.quarter())));
        var early = post(town, "/bulletins/" + id + "/sign", "");
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(early.body()).contains("请先填写研判意见和工作建议");
        assertThat(post(city, "/bulletins/" + id + "/narrative", form("opinion", "越级", "advice", "越级")).statusCode())
                .as("the city may read the town's bulletin, not write it").isEqualTo(409);
        assertThat(post(town, "/bulletins/" + id + "/narrative", form("opinion", "本季度隐患数量平稳，重大风险集中在喷涂作业。",
                "advice", "督促企业落实喷涂间防爆措施；对零报告企业开展抽查。")).statusCode()).isEqualTo(302);
        assertThat(post(town, "/bulletins/" + id + "/sign", "").statusCode()).isEqualTo(302);

        var signed = bulletins.find(Jurisdiction.platform(), id).orElseThrow();
        assertThat(signed.state()).isEqualTo(RiskBulletins.State.SIGNED);
        assertThat(signed.signedBy()).isEqualTo("gov_town");
        byte[] pdf = bulletins.pdf(Jurisdiction.platform(), id);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "screenshots"));
        java.nio.file.Files.write(java.nio.file.Path.of("target", "screenshots", "risk-bulletin.pdf"), pdf); // to look at
        assertThat(RiskBulletins.sha256(pdf)).as("the PDF served is the one whose hash was recorded").isEqualTo(signed.pdfSha256());
        assertThat(jdbc.sql("select count(*) from audit_record where entity_type = 'risk_bulletin' and entity_id = :id and action = '签发风险动态信息通报'")
                .param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
        String text;
        try (var doc = Loader.loadPDF(pdf)) {
            text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
        }
        var cur = signed.figures().current();
        assertThat(text).contains("新桥镇安全生产监督管理办公室", signed.title().replaceAll("\\s+", ""), "一、总体情况",
                "二、重大风险变化情况", "三、隐患排查治理情况", "四、逾期事项", "五、监测报警情况", "六、零报告企业", "七、数据质量问题",
                "八、研判意见", "本季度隐患数量平稳", "九、工作建议", "签发人：" + signed.signedName(),
                "期末辖区重大风险" + cur.majorRisks() + "处", "本季度新登记隐患" + cur.hazardsRegistered() + "项");

        var refused = post(town, "/bulletins/" + id + "/narrative", form("opinion", "改", "advice", "改"));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("通报已签发，内容不可修改");
        assertThat(bulletins.find(Jurisdiction.platform(), id).orElseThrow().opinion()).startsWith("本季度隐患数量平稳");

        assertThat(post(town, "/bulletins/" + id + "/publish", "").statusCode()).isEqualTo(302);
        List<String> recipients = jdbc.sql("select d.region_code from risk_bulletin_recipient r join department d on d.id = r.department_id where r.bulletin_id = :b")
                .param("b", id).query(String.class).list();
        assertThat(recipients).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith(TOWN));
        assertThat(notices("gov_town", id)).isEqualTo(1);
        assertThat(notices("gov_city", id)).as("the city is not a department of the town").isZero();
        assertThat(post(town, "/bulletins/" + id + "/narrative", form("opinion", "改", "advice", "改")).statusCode()).isEqualTo(409);

        // a correction is a new version naming this one; the published one stays as signed
        long corrected = idFrom(post(town, "/bulletins/" + id + "/correct", ""));
        var v2 = bulletins.find(Jurisdiction.platform(), corrected).orElseThrow();
        assertThat(v2.version()).isEqualTo(signed.version() + 1);
        assertThat(v2.replacesId()).isEqualTo(id);
        assertThat(v2.state()).isEqualTo(RiskBulletins.State.DRAFT);
        assertThat(bulletins.find(Jurisdiction.platform(), id).orElseThrow().pdfSha256()).isEqualTo(signed.pdfSha256());

        // the city's bulletin: a draft stays with the city; published, it reaches the town's office too
        long cityId = idFrom(post(city, "/bulletins", form("period", q.year() + "-" + q.quarter())));
        assertThat(town.send("GET", "/bulletins/" + cityId, null, null).statusCode()).as("a draft above is not the town's").isEqualTo(404);
        post(city, "/bulletins/" + cityId + "/narrative", form("opinion", "全市风险总体可控。", "advice", "加强化工园区巡查。"));
        assertThat(post(city, "/bulletins/" + cityId + "/sign", "").statusCode()).isEqualTo(302);
        assertThat(post(city, "/bulletins/" + cityId + "/publish", "").statusCode()).isEqualTo(302);
        assertThat(notices("gov_town", cityId)).isEqualTo(1);
        assertThat(notices("gov_city", cityId)).isEqualTo(1);
        assertThat(town.send("GET", "/bulletins/" + cityId, null, null).statusCode()).isEqualTo(200);
        assertThat(town.send("GET", "/bulletins/" + cityId + "/bulletin.pdf", null, null).headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/pdf");
        assertThat(new Session(base).signIn("ent_mech", "Demo@2026").send("GET", "/bulletins/" + cityId, null, null).statusCode())
                .as("enterprises do not read regulators' bulletins").isIn(403, 404);
    }

    private long notices(String username, long bulletin) {
        return jdbc.sql("select count(*) from notice where username = :u and kind = 'BULLETIN' and link = :l")
                .param("u", username).param("l", "/bulletins/" + bulletin).query(Long.class).single();
    }

    @Test
    void the_quarter_start_job_drafts_each_area_once_per_quarter() {
        Quarter next = Quarter.containing(LocalDate.now(clock)).next();
        clock.set(next.firstDay().atTime(1, 20).atZone(clock.getZone()).toInstant());
        Quarter ended = next.previous();
        schedule.draftLastQuarter();
        schedule.draftLastQuarter();
        assertThat(bulletins.draftLastQuarter()).as("a third run drafts nothing").isZero();
        var areas = bulletins.areas();
        assertThat(areas).extracting(RiskBulletins.Area::regionCode).contains("321282", TOWN);
        for (var a : areas) {
            long drafts = jdbc.sql("select count(*) from risk_bulletin where region_code = :r and year = :y and quarter = :q and version = 1")
                    .param("r", a.regionCode()).param("y", ended.year()).param("q", ended.quarter()).query(Long.class).single();
            assertThat(drafts).as(a.regionName()).isEqualTo(1);
        }
    }
    /**
     * 起草 clicked twice (or met by the quarter-start job): both once found no draft of the quarter, both inserted
     * version 1, and the second's insert found the first's and gave nothing back, which was a 500. Drafts of one area's
     * quarter now take turns: the second finds the first's draft and recounts it, and both answer its id.
     */
    @Test
    void drafts_of_one_quarter_at_the_same_moment_make_one_draft() throws Exception {
        Quarter q = null;
        for (int year = 2001; q == null; year++) { // a quarter of the town nobody drafted yet (tests share the database)
            for (int n = 1; n <= 4 && q == null; n++) {
                if (jdbc.sql("select count(*) from risk_bulletin where region_code = :r and year = :y and quarter = :q")
                        .param("r", TOWN).param("y", year).param("q", n).query(Long.class).single() == 0) q = new Quarter(year, n);
            }
        }
        Quarter quarter = q;
        Actor town = gov("gov_town");
        var outcomes = cn.shuangkong.support.AtOnce.run(6, i -> bulletins.draft(town, quarter));
        assertThat(outcomes).hasSize(6).allSatisfy(o -> assertThat(o.failure()).as("every click answered").isNull());
        List<Long> ids = jdbc.sql("select id from risk_bulletin where region_code = :r and year = :y and quarter = :q")
                .param("r", TOWN).param("y", quarter.year()).param("q", quarter.quarter()).query(Long.class).list();
        assertThat(ids).as("one draft").hasSize(1);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.value()).isEqualTo(ids.get(0)));
    }
}
