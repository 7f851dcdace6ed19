package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A report whose text is not valid UTF-8 is refused whole, through every door a citizen can send it by (the API's JSON,
 * the page's form, the page's multipart form): a record is evidence, so it is never kept with replacement characters
 * standing for bytes nobody can read back.
 */
class Utf8BodiesTest extends HostileInputTest {

    /** "举报" then a lead byte whose continuation is missing (0xE4 0x28), then an 0xFF that no UTF-8 text holds. */
    private static final byte[] BROKEN = {(byte) 0xE4, (byte) 0xB8, (byte) 0xBE, (byte) 0xE6, (byte) 0x8A, (byte) 0xA5,
            (byte) 0xE4, 0x28, (byte) 0xFF};
    /** Beyond U+10FFFF and an over-long NUL: Jackson alone reads these as other characters (and answered 201). */
    private static final byte[] LENIENT = {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, (byte) 0xC0, (byte) 0x80};

    private long reports() {
        return jdbc.sql("select count(*) from public_report").query(Long.class).single();
    }

    private static Map<String, String> from(String client, String type) {
        var h = new LinkedHashMap<String, String>();
        h.put("X-Forwarded-For", client);
        h.put("Content-Type", type);
        return h;
    }

    private static byte[] concat(String before, byte[] broken, String after) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(HostileInput.utf8(before));
        out.writeBytes(broken);
        out.writeBytes(HostileInput.utf8(after));
        return out.toByteArray();
    }

    @Test
    void a_json_report_that_is_not_utf8_is_a_chinese_400_and_nothing_is_saved() {
        long before = reports();
        int client = 0;
        for (byte[] bad : new byte[][] {LENIENT, BROKEN}) {
            for (String type : new String[] {"application/json", "application/json;charset=UTF-8"}) {
                var a = web.send("POST", "/api/v1/public/reports", from("10.66.1." + ++client, type), concat("{\"content\":\"仓库门口堆放易燃物", bad,
                        "\",\"location\":\"新桥镇工业园区纬三路 7 号\",\"regionCode\":\"321282100\"}"));
                assertThat(a.status()).as(type + ": " + a.body()).isEqualTo(400);
                assertThat(a.isProblem() && a.hasChineseDetail()).as(a.body()).isTrue();
                assertThat(a.body()).contains("UTF-8");
            }
        }
        assertThat(reports()).as("reports saved").isEqualTo(before);
    }

    @Test
    void a_page_form_that_is_not_utf8_gets_the_chinese_error_page_and_nothing_is_saved() {
        long before = reports();
        String csrf = HostileInput.csrf(web.send("GET", "/public/report", Map.of("X-Forwarded-For", "10.66.2.1"), null).body());
        var urlencoded = web.send("POST", "/public/report", from("10.66.2.2", "application/x-www-form-urlencoded"), HostileInput.utf8(
                "_csrf=" + java.net.URLEncoder.encode(csrf, java.nio.charset.StandardCharsets.UTF_8)
                        + "&content=%E4%B8%BE%E6%8A%A5%E4%28%FF&location=%E6%96%B0&regionCode=321282100"));
        assertThat(urlencoded.status()).as(urlencoded.body()).isEqualTo(400);
        assertThat(urlencoded.isChinesePage()).as(urlencoded.body()).isTrue();

        var out = new ByteArrayOutputStream();
        out.writeBytes(HostileInput.utf8("------sk8\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n"));
        out.writeBytes(concat("------sk8\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\n仓库门口堆放易燃物", BROKEN, "\r\n"));
        out.writeBytes(HostileInput.utf8("------sk8\r\nContent-Disposition: form-data; name=\"location\"\r\n\r\n新桥镇工业园区纬三路 7 号\r\n"
                + "------sk8\r\nContent-Disposition: form-data; name=\"regionCode\"\r\n\r\n321282100\r\n------sk8--\r\n"));
        var multipart = web.send("POST", "/public/report", from("10.66.2.3", "multipart/form-data; boundary=----sk8"), out.toByteArray());
        assertThat(multipart.status()).as(multipart.body()).isEqualTo(400);
        assertThat(multipart.isChinesePage()).as(multipart.body()).isTrue();
        assertThat(multipart.body()).contains("UTF-8");

        assertThat(reports()).as("reports saved").isEqualTo(before);
    }
}
