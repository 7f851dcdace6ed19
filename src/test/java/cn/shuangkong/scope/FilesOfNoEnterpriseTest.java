package cn.shuangkong.scope;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.hazard.Photos;
import cn.shuangkong.publicreport.PublicReports;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.TestRegulator;
import java.awt.Color;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A citizen's photo or a regulator's upload belongs to a place: only the regulators of that place read it. */
class FilesOfNoEnterpriseTest extends PlatformTest {

    private static final String XINQIAO = "321282100";   // 新桥镇: gov_town's area
    private static final String BINJIANG = "321282401";  // 滨江新区: the city's, not gov_town's

    @Autowired
    PublicReports reports;

    @Autowired
    cn.shuangkong.files.FileStore files;

    private long reportPhoto(String region) {
        String tag = "文件范围" + System.nanoTime();
        var receipt = reports.submit(new PublicReports.Submission("仓库门口堆放大量纸箱堵塞消防通道" + tag, "工业园路 8 号" + tag, region,
                null, null, List.of(new PublicReports.Photo("a.png", Photos.png(new Color((int) (System.nanoTime() & 0xFFFFFF)))))),
                "203.0.113." + (System.nanoTime() % 250));
        return jdbc.sql("select pp.file_id from public_report_photo pp join public_report r on r.id = pp.report_id where r.code = :c")
                .param("c", receipt.code()).query(Long.class).single();
    }

    private int status(String username, long fileId) {
        return loggedIn(username).get("/api/v1/files/" + fileId + "/content").status();
    }

    @Test
    void a_citizens_photo_is_read_by_the_regulators_of_the_place_it_was_reported_in_only() {
        long inBinjiang = reportPhoto(BINJIANG);
        assertThat(status("gov_city", inBinjiang)).isEqualTo(200);
        assertThat(status("gov_town", inBinjiang)).as("新桥镇's regulator, a 滨江新区 photo").isEqualTo(404);
        assertThat(status("ent_mech", inBinjiang)).isEqualTo(404);
        assertThat(status("service_org", inBinjiang)).isEqualTo(404);

        long inXinqiao = reportPhoto(XINQIAO);
        assertThat(status("gov_town", inXinqiao)).isEqualTo(200);
        assertThat(status("gov_city", inXinqiao)).isEqualTo(200);
        assertThat(status("admin", inXinqiao)).isEqualTo(200);
    }

    @Test
    void the_handling_department_reads_the_photos_of_a_report_handed_to_it_from_outside_its_area() {
        long file = reportPhoto(BINJIANG);
        long report = jdbc.sql("select report_id from public_report_photo where file_id = :f").param("f", file).query(Long.class).single();
        long townDepartment = jdbc.sql("select department_id from user_account where username = 'gov_town'").query(Long.class).single();
        String page = "/reports/" + report + "/photos/" + file;
        Session town = new Session("http://localhost:" + port).signIn("gov_town", "Demo@2026");
        assertThat(town.send("GET", page, null, null).statusCode()).as("not yet its report").isEqualTo(404);

        var assigned = loggedIn("gov_city").post("/api/v1/reports/" + report + "/assign",
                "{\"departmentId\":" + townDepartment + ",\"note\":\"请新桥镇安监办核查\"}");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(town.send("GET", page, null, null).statusCode()).as("the handling department sees the report's photo").isEqualTo(200);
        assertThat(loggedIn("gov_town").get("/api/v1/reports/" + report).status()).isEqualTo(200);
        assertThat(status("gov_town", file)).as("but not every file of that place").isEqualTo(404);
    }

    @Test
    void a_regulators_upload_belongs_to_its_area() {
        var r = loggedIn("gov_city").upload("/api/v1/files?purpose=PHOTO", "file", "现场.png", Photos.png(Color.CYAN), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long cityFile = r.json().get("id").asLong();
        assertThat(status("gov_city", cityFile)).isEqualTo(200);
        assertThat(status("gov_town", cityFile)).as("a town regulator does not read the city's files").isEqualTo(404);
        assertThat(status("ent_chem", cityFile)).isEqualTo(404);

        var t = loggedIn("gov_town").upload("/api/v1/files?purpose=PHOTO", "file", "镇.png", Photos.png(Color.PINK), Map.of());
        long townFile = t.json().get("id").asLong();
        assertThat(status("gov_town", townFile)).isEqualTo(200);
        assertThat(status("gov_city", townFile)).as("the town lies in the city").isEqualTo(200);
    }

    /** A report's photo is resolved through the report in the service (ADR 0076): a regulator of another place gets a 404. */
    @Test
    void a_report_photo_of_another_place_is_not_found_by_the_service_itself() {
        long file = reportPhoto(BINJIANG);
        long report = jdbc.sql("select report_id from public_report_photo where file_id = :f").param("f", file).query(Long.class).single();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reports.photo(new TestRegulator("gov_town", "新桥镇", XINQIAO, "新桥镇"), report, file))
                .isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        var city = new TestRegulator("gov_city", "靖江市", "321282", "靖江市");
        assertThat(reports.photo(city, report, file).contentType()).isEqualTo("image/png");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reports.photo(city, report, file + 100_000))
                .as("a file that is not this report's").isInstanceOf(cn.shuangkong.shared.NotInScope.class);

        // the download itself resolves the file in the viewer's scope in the service, too
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> files.download(new TestRegulator("gov_town", "新桥镇", XINQIAO, "新桥镇").jurisdiction(), file))
                .isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        assertThat(files.download(city.jurisdiction(), file).content()).isNotEmpty();
    }

    /** A report's page resolves the report in the service before its photos and timeline are read (ADR 0076). */
    @Test
    void a_report_of_another_place_has_no_detail_for_the_service_itself() {
        long file = reportPhoto(BINJIANG);
        long report = jdbc.sql("select report_id from public_report_photo where file_id = :f").param("f", file).query(Long.class).single();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reports.detail(new TestRegulator("gov_town", "新桥镇", XINQIAO, "新桥镇"), report))
                .isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        var detail = reports.detail(new TestRegulator("gov_city", "靖江市", "321282", "靖江市"), report);
        assertThat(detail.report().id()).isEqualTo(report);
        assertThat(detail.photos()).containsExactly(file);
        assertThat(detail.timeline()).as("the submission is on the timeline").isNotEmpty();
    }
}
