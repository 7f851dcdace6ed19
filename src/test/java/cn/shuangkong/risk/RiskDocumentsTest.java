package cn.shuangkong.risk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** 一企一册 and 岗位风险告知卡 as real PDFs: Chinese text extractable (the font is embedded) and a QR code that scans. */
class RiskDocumentsTest extends PlatformTest {

    private static final String TANKS = "甲类储罐区（甲醇、甲苯）";

    @Test
    void the_register_is_a_pdf_with_the_enterprise_its_risk_points_and_levels_in_chinese() throws Exception {
        long chem = enterpriseIdOf("ent_chem");
        var r = loggedIn("ent_chem").get("/api/v1/enterprises/" + chem + "/risk-register.pdf");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/pdf");
        assertThat(new String(r.bytes(), 0, 5)).isEqualTo("%PDF-");
        keep("risk-register.pdf", r.bytes());
        String name = jdbc.sql("select name from enterprise where id = :id").param("id", chem).query(String.class).single();
        String text = text(r.bytes());
        assertThat(text).contains(name, TANKS, "重大风险", "属地监管部门", "法定代表人");
        String regulator = jdbc.sql("select d.name from department d join enterprise_department ed on ed.department_id = d.id "
                + "where ed.enterprise_id = :e order by d.id limit 1").param("e", chem).query(String.class).single();
        assertThat(text).contains(regulator);
    }

    @Test
    void the_notice_card_names_hazards_and_emergency_actions_and_its_qr_opens_the_live_page() throws Exception {
        long point = jdbc.sql("select id from risk_point where name = :n").param("n", TANKS).query(Long.class).single();
        var r = loggedIn("ent_chem").get("/api/v1/risk-points/" + point + "/notice-card.pdf");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/pdf");
        keep("notice-card.pdf", r.bytes());
        String text = text(r.bytes());
        assertThat(text).contains("岗位风险告知卡", "应急处置", TANKS, "重大风险", "注意安全", "119", "120");
        try (var doc = Loader.loadPDF(r.bytes())) {
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 150);
            var result = new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(page))));
            assertThat(result.getText()).isEqualTo("http://shuangkong.test:8080/risks/" + point); // shuangkong.external-url
        }
    }

    @Test
    void another_enterprise_gets_not_found_for_the_documents_and_strangers_are_refused() {
        long chem = enterpriseIdOf("ent_chem");
        long point = jdbc.sql("select id from risk_point where name = :n").param("n", TANKS).query(Long.class).single();
        Api mech = loggedIn("ent_mech");
        assertThat(mech.get("/api/v1/enterprises/" + chem + "/risk-register.pdf").status()).isEqualTo(404);
        assertThat(mech.get("/api/v1/risk-points/" + point + "/notice-card.pdf").status()).isEqualTo(404);
        assertThat(api().get("/api/v1/risk-points/" + point + "/notice-card.pdf").status()).isEqualTo(401);
    }

    private static String text(byte[] pdf) throws Exception {
        try (var doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", ""); // table cells wrap names across lines
        }
    }

    /** Leaves the file under target/ for a look with pdftoppm. */
    private static void keep(String name, byte[] pdf) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "pdf-preview"));
        Files.write(dir.resolve(name), pdf);
    }
}
