package cn.shuangkong.risk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PlatformTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * The 一企一册 is filed with the regulator: it carries every event, measure, analysis unit and worksheet step that the
 * database holds for the enterprise, and no table row is cut in two by a page break.
 */
class RegisterCompletenessTest extends PlatformTest {

    @Test
    void the_register_of_the_chemical_works_carries_every_event_measure_unit_and_step_each_whole_on_one_page() throws Exception {
        long chem = enterpriseIdOf("ent_chem");
        var r = loggedIn("ent_chem").get("/api/v1/enterprises/" + chem + "/risk-register.pdf");
        assertThat(r.status()).isEqualTo(200);
        Path dir = Files.createDirectories(Path.of("target", "pdf-preview"));
        Files.write(dir.resolve("risk-register-complete.pdf"), r.bytes());
        List<String> pages = pages(r.bytes());
        String all = String.join("", pages);

        List<String> measures = texts("select m.description from control_measure m join risk_point p on p.id = m.risk_point_id where p.enterprise_id = :e", chem);
        List<String> events = texts("select v.name from risk_event v join risk_point p on p.id = v.risk_point_id where p.enterprise_id = :e", chem);
        List<String> units = texts("select u.name from risk_unit u join risk_point p on p.id = u.risk_point_id where p.enterprise_id = :e", chem);
        List<String> steps = texts("select s.name from risk_step s join risk_point p on p.id = s.risk_point_id where p.enterprise_id = :e", chem);
        assertThat(measures).isNotEmpty();
        assertThat(events).isNotEmpty();
        assertThat(units).isNotEmpty();
        assertThat(steps).isNotEmpty();
        assertThat(measures).anySatisfy(m -> assertThat(m).startsWith("编制储罐区现场处置方案"));

        assertThat(events).allSatisfy(e -> assertThat(all).contains(e));
        assertThat(units).allSatisfy(u -> assertThat(all).contains(u));
        assertThat(steps).allSatisfy(s -> assertThat(all).contains(s));
        // A measure cut by a page break would be found only in two halves on two pages.
        assertThat(measures).allSatisfy(m -> assertThat(pages).as("a page holding the whole measure “%s”", m)
                .anySatisfy(page -> assertThat(page).contains(m)));
    }

    private List<String> texts(String sql, long enterprise) {
        return jdbc.sql(sql).param("e", enterprise).query(String.class).list().stream().map(t -> t.replaceAll("\\s+", "")).toList();
    }

    /** Each page's text without white space: table cells wrap long text across lines. */
    private static List<String> pages(byte[] pdf) throws Exception {
        try (var doc = Loader.loadPDF(pdf)) {
            List<String> out = new ArrayList<>();
            for (int p = 1; p <= doc.getNumberOfPages(); p++) {
                var stripper = new PDFTextStripper();
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                out.add(stripper.getText(doc).replaceAll("\\s+", ""));
            }
            return out;
        }
    }
}
