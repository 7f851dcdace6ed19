package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * PostgreSQL's refusal of a text longer than its column (22001) names the type's length, in the server's language, but
 * no column: the refusal names the request's field that held a text longer than that length, in a form or a JSON body.
 */
class OverlongTextTest {

    private static DataIntegrityViolationException tooLong(String serverMessage) {
        return new DataIntegrityViolationException("could not execute statement", new SQLException(serverMessage, "22001"));
    }

    @Test
    void a_form_field_longer_than_the_column_is_named_in_chinese_and_english() {
        var request = new MockHttpServletRequest("POST", "/risks/5/units");
        request.addParameter("name", "危".repeat(201));
        request.addParameter("note", "短");
        var fault = RequestFaults.of(tooLong("ERROR: value too long for type character varying(200)"), request).orElseThrow();
        assertThat(fault.status().value()).isEqualTo(400);
        assertThat(fault.errors()).isEqualTo(Map.of("name", "最多 200 个字"));
        assertThat(fault.detail()).isEqualTo("字段 name 的内容超过了允许的长度（最多 200 个字），未保存");
        assertThat(Translations.english().translate(fault.detail()))
                .isEqualTo("Field name is longer than allowed (at most 200 characters); nothing was saved");
    }

    @Test
    void a_field_of_the_json_body_is_named_by_its_path_whatever_the_servers_language() {
        record Item(String label) { }
        record Body(String title, List<Item> items) { }
        var request = new MockHttpServletRequest("POST", "/api/v1/things");
        org.springframework.web.context.request.RequestContextHolder.setRequestAttributes(
                new org.springframework.web.context.request.ServletRequestAttributes(request));
        try {
            new OverlongText().afterBodyRead(new Body("短", List.of(new Item("危".repeat(61)))), null, null, Body.class, null);
        } finally {
            org.springframework.web.context.request.RequestContextHolder.resetRequestAttributes();
        }
        var fault = RequestFaults.of(tooLong("错误:  对于可变字符类型来说，值太长了(60)"), request).orElseThrow();
        assertThat(fault.errors()).isEqualTo(Map.of("items[0].label", "最多 60 个字"));
        fault = RequestFaults.of(tooLong("ERROR: value too long for type character varying(60)"), request).orElseThrow();
        assertThat(fault.errors()).isEqualTo(Map.of("items[0].label", "最多 60 个字"));
    }

    @Test
    void a_text_no_field_held_keeps_the_plain_message() {
        var request = new MockHttpServletRequest("POST", "/risks/5/units");
        request.addParameter("name", "短");
        var fault = RequestFaults.of(tooLong("ERROR: value too long for type character varying(200)"), request).orElseThrow();
        assertThat(fault.detail()).isEqualTo("提交的内容超过了允许的长度，未保存");
        assertThat(fault.errors()).isNull();
    }
}
