package cn.shuangkong.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.access.Accounts;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.supervision.EnforcementInspections.FindingInput;
import cn.shuangkong.supervision.internal.Credit;
import cn.shuangkong.supervision.internal.IntegrityRecords;
import cn.shuangkong.supervision.internal.JointInspections;
import cn.shuangkong.support.PlatformTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** 联合执法 in one document, the public 执法信息公示 page, and an enterprise's 安全生产诚信档案 with its exports. */
class JointInspectionAndDisclosureTest extends PlatformTest {

    @Autowired
    Accounts accounts;

    @Autowired
    JointInspections joints;

    @Autowired
    EnforcementInspections inspections;

    @Autowired
    Credit credit;

    @Autowired
    IntegrityRecords integrity;

    /** Documents are rendered in the reader's language; these tests read them as a Chinese reader, outside any request. */
    @org.junit.jupiter.api.BeforeEach
    void readInChinese() {
        org.springframework.context.i18n.LocaleContextHolder.setLocale(java.util.Locale.SIMPLIFIED_CHINESE);
    }

    @org.junit.jupiter.api.AfterEach
    void forgetLanguage() {
        org.springframework.context.i18n.LocaleContextHolder.resetLocaleContext();
    }

    private Actor as(String username) {
        return accounts.signedInAs(username);
    }

    private long department(String name) {
        return jdbc.sql("select id from department where name = :n").param("n", name).query(Long.class).single();
    }

    private static String pdfText(byte[] pdf) throws Exception {
        try (var doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    private void part(Actor who, long joint, long enterprise, String title, String basis) {
        var x = inspections.create(who, enterprise, LocalDate.now(clock), "检查人员甲、乙", null, null, joint);
        inspections.addFinding(who, x.id(), new FindingInput(title, title + "。", "一层", HazardType.UNSAFE_CONDITION, false, null,
                basis, LocalDate.now(clock).plusDays(5)));
    }

    /**
     * A department's part of a 联合执法 recorded twice at once (a double click): both once found none and both inserted,
     * and the second broke the one-part-per-department index (the database's generic conflict). Parts of one joint
     * inspection by one department now take turns: the second is told in words where to record its findings.
     */
    @Test
    void a_departments_part_recorded_twice_at_the_same_moment_is_recorded_once() throws Exception {
        long mall = jdbc.sql("select id from enterprise where industry_code = 'F5211' and status = 'OPERATING' order by id offset 1 limit 1")
                .query(Long.class).single();
        Actor city = as("gov_city"), fire = as("gov_fire");
        var joint = joints.create(city, mall, LocalDate.now(clock), "商场联合检查（并发测试）", List.of(department("靖江市消防救援大队")));
        var parts = cn.shuangkong.support.AtOnce.run(4, i -> inspections.create(fire, mall, LocalDate.now(clock), "消防检查员", null, null,
                joint.id()));
        assertThat(parts.stream().filter(p -> p.succeeded())).as("recorded once").hasSize(1);
        assertThat(parts.stream().filter(p -> !p.succeeded())).hasSize(3).allSatisfy(p -> assertThat(p.failure())
                .isInstanceOf(DomainException.class).hasMessageContaining("已在该联合执法中记录检查"));
    }

    @Test
    void a_joint_inspection_lists_every_participating_departments_findings_in_one_pdf() throws Exception {
        // the second shopping centre: the demo's joint inspection is at the first
        long mall = jdbc.sql("select id from enterprise where industry_code = 'F5211' and status = 'OPERATING' order by id offset 1 limit 1")
                .query(Long.class).single();
        Actor city = as("gov_city"), fire = as("gov_fire"), market = as("gov_market");
        long fireDept = department("靖江市消防救援大队"), marketDept = department("靖江市市场监督管理局");
        assertThatThrownBy(() -> joints.create(city, mall, LocalDate.now(clock), "联合检查", List.of(department("靖江市住房和城乡建设局"))))
                .isInstanceOf(DomainException.class).hasMessageContaining("请以抄告方式移交");

        var joint = joints.create(city, mall, LocalDate.now(clock), "商场联合检查（测试）", List.of(fireDept, marketDept));
        part(city, joint.id(), mall, "应急预案未组织演练（联合测试）", "《生产安全事故应急条例》第八条");
        part(fire, joint.id(), mall, "防火卷帘下堆放货物（联合测试）", "《中华人民共和国消防法》第二十八条");
        part(market, joint.id(), mall, "观光电梯检验标志过期（联合测试）", "《中华人民共和国特种设备安全法》第四十条");
        assertThatThrownBy(() -> inspections.create(fire, mall, LocalDate.now(clock), "丙", null, null, joint.id()))
                .isInstanceOf(DomainException.class).hasMessageContaining("已在该联合执法中记录检查");
        // a department outside the joint inspection cannot record under it
        assertThatThrownBy(() -> inspections.create(as("gov_town"), mall, LocalDate.now(clock), "丁", null, null, joint.id()))
                .hasMessageContaining("联合执法不存在");

        var loaded = joints.find(Jurisdiction.platform(), joint.id()).orElseThrow();
        assertThat(loaded.parts()).extracting(p -> p.department().name())
                .containsExactly("靖江市应急管理局", "靖江市消防救援大队", "靖江市市场监督管理局");
        assertThat(loaded.findingCount()).isEqualTo(3);
        String text = pdfText(joints.document(city.jurisdiction(), joint.id()));
        assertThat(text).contains("联合执法检查记录", "商场联合检查（测试）", "靖江市应急管理局", "靖江市消防救援大队", "靖江市市场监督管理局",
                "应急预案未组织演练（联合测试）", "防火卷帘下堆放货物（联合测试）", "观光电梯检验标志过期（联合测试）", "第二十八条");
        // a regulator whose scope does not hold the enterprise cannot read the document
        assertThatThrownBy(() -> joints.document(as("gov_town").jurisdiction(), joint.id())).hasMessageContaining("不存在或不在您的数据范围内");
    }

    private HttpResponse<String> publicPage(String query, String client) throws Exception {
        var http = HttpClient.newHttpClient();
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/public/disclosure" + query))
                .header("X-Forwarded-For", client).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_public_page_shows_blacklist_listings_and_removals_and_no_personal_data() throws Exception {
        long enterprise = jdbc.sql("""
                select id from enterprise where industry_code = 'C3021' and status = 'OPERATING'
                   and id not in (select enterprise_id from blacklist_entry) order by id limit 1
                """).query(Long.class).single();
        var e = jdbc.sql("select name, credit_code, principal_name, principal_phone, safety_manager_name from enterprise where id = :e")
                .param("e", enterprise).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)})
                .single();
        var entry = credit.propose(as("gov_city"), enterprise, "拒不执行责令限期整改指令（公示测试）");
        credit.decide(as("gov_lead"), entry.id(), true, "同意");
        String year = String.valueOf(LocalDate.now(clock).getYear());

        var listed = publicPage("?section=BLACKLIST&year=" + year, "203.0.113.8");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains(e[0], e[1], "拒不执行责令限期整改指令（公示测试）", "列入中");

        credit.proposeRemoval(as("gov_city"), entry.id(), "整改到位，信用修复（公示测试）");
        credit.decideRemoval(as("gov_lead"), entry.id(), true, "同意移出");
        String removed = publicPage("?section=BLACKLIST&year=" + year, "203.0.113.8").body();
        assertThat(removed).contains(e[0], "已移出", "整改到位，信用修复（公示测试）");
        // the demo's listing (a machinery works of 新桥镇) is still in force
        String demoListed = jdbc.sql("select e.name from blacklist_entry b join enterprise e on e.id = b.enterprise_id where b.state = 'ACTIVE' order by b.id limit 1")
                .query(String.class).single();
        assertThat(removed).contains(demoListed);

        List<String> people = new ArrayList<>(List.of(e[2], e[3], e[4]));
        people.addAll(jdbc.sql("select display_name from user_account where username in ('gov_city', 'gov_lead', 'gov_town')").query(String.class).list());
        people.add("周卫东");   // the demo inspection's inspectors
        people.add("陈海峰");
        // the demo's decision and draw were made when the demo loaded; other tests move the shared clock on, past a new
        // year when the suite runs in late December, so each section is asked for the year its records carry
        var order = jdbc.sql("select order_no, extract(year from inspected_on)::int from enforcement_inspection where order_no like '%第0001号' order by id limit 1")
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getInt(2)}).single();
        int drawYear = jdbc.sql("select extract(year from drawn_at at time zone 'Asia/Shanghai')::int from random_draw where note like '%季度双随机抽查' order by id limit 1")
                .query(Integer.class).single();
        var years = java.util.Map.of("DECISIONS", String.valueOf(order[1]), "BLACKLIST", year, "DRAWS", String.valueOf(drawYear));
        for (String section : List.of("DECISIONS", "BLACKLIST", "DRAWS")) {
            var page = publicPage("?section=" + section + "&year=" + years.get(section), "203.0.113.8");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(people).isNotEmpty().allSatisfy(p -> assertThat(page.body()).as(section).doesNotContain(p));
        }
        assertThat((String) order[0]).startsWith("靖应急责改〔").endsWith("〕第0001号");
        assertThat(publicPage("?section=DECISIONS&year=" + order[1], "203.0.113.8").body()).contains((String) order[0]);
        assertThat(publicPage("?section=DRAWS&year=" + drawYear, "203.0.113.8").body()).contains("季度双随机抽查");
        // by region: 新桥镇 alone has the demo listing but not this building-materials works elsewhere
        String region = jdbc.sql("select region_code from enterprise where id = :e").param("e", enterprise).query(String.class).single();
        if (!region.equals("321282100")) {
            assertThat(publicPage("?section=BLACKLIST&region=321282100&year=" + year, "203.0.113.8").body()).doesNotContain(e[0]);
        }
        var hostile = publicPage("?section=BLACKLIST&year=1900", "203.0.113.8");
        assertThat(hostile.statusCode()).isEqualTo(400);
        assertThat(hostile.body()).contains("年份应在");
    }

    @Test
    void one_client_reading_the_public_page_too_often_is_told_to_wait() throws Exception {
        int status = 200;
        for (int i = 0; i < 70 && status == 200; i++) status = publicPage("", "203.0.113.99").statusCode();
        assertThat(status).isEqualTo(429);
        assertThat(publicPage("", "203.0.113.99").body()).contains("查询过于频繁");
        assertThat(publicPage("", "203.0.113.100").statusCode()).as("another client is not held back").isEqualTo(200);
    }

    @Test
    void an_enterprises_integrity_record_is_exported_for_regulators_in_scope() throws Exception {
        long listed = jdbc.sql("select enterprise_id from blacklist_entry where state = 'ACTIVE' order by id limit 1").query(Long.class).single();
        Actor city = as("gov_city");
        var record = integrity.of(city.jurisdiction(), listed);
        assertThat(record.listings()).isNotEmpty();
        assertThat(record.talksAndNotices()).isNotEmpty();
        String reason = record.listings().get(0).reason();

        try (var wb = new XSSFWorkbook(new ByteArrayInputStream(integrity.workbook(city.jurisdiction(), listed)))) {
            assertThat(wb.getSheet("诚信档案").getRow(1).getCell(1).getStringCellValue()).isEqualTo(record.enterprise().name());
            assertThat(wb.getSheet("黑名单").getRow(1).getCell(1).getStringCellValue()).isEqualTo(reason);
            assertThat(wb.getSheet("约谈通报").getLastRowNum()).isEqualTo(record.talksAndNotices().size());
        }
        String pdf = pdfText(integrity.document(city.jurisdiction(), listed));
        assertThat(pdf).contains("安全生产诚信档案", record.enterprise().name(), record.enterprise().creditCode(), "已列入", "约谈、通报");

        // the enforcement findings of the demo's chemical works are in its record
        long chem2 = jdbc.sql("select enterprise_id from enforcement_inspection where order_no like '靖应急责改%' order by id limit 1").query(Long.class).single();
        assertThat(integrity.of(city.jurisdiction(), chem2).findings()).extracting(IntegrityRecords.FindingLine::title)
                .contains("动火作业未按规定办理作业票");

        // a regulator out of scope gets nothing
        String elsewhere = jdbc.sql("select region_code from enterprise where id = :e").param("e", chem2).query(String.class).single();
        assertThat(elsewhere).doesNotStartWith("321282100");
        assertThatThrownBy(() -> integrity.of(as("gov_town").jurisdiction(), chem2)).hasMessageContaining("不存在或不在您的数据范围内");
    }
}
