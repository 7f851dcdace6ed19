package cn.shuangkong.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which field of a request held a text longer than its column. PostgreSQL refuses it (22001) naming the column's
 * length but not the column (nor the type, in a Chinese server's words); the field is the request's
 * own: a text it sent that is longer than that length, in the form's parameters or in the JSON body the handler read
 * (kept here for that). One answer for every write of the API and the pages, however the text reached the column, so
 * no request record or form has to repeat each column's length. A text the platform composed from a shorter one names
 * no field, and keeps the plain message.
 */
@ControllerAdvice
final class OverlongText extends RequestBodyAdviceAdapter {

    private static final String BODY = OverlongText.class.getName() + ".body";
    /** The length, in any server language: "value too long for type character varying(200)", "对于可变字符类型来说，值太长了(200)". */
    private static final Pattern LENGTH = Pattern.compile("\\((\\d+)\\)");
    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    /** The fields too long for {@code message}'s length, each with its words; empty if none can be told. */
    static Map<String, String> fields(String message, HttpServletRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (message == null || request == null) return fields;
        Matcher m = LENGTH.matcher(message); // the first: a context after it ("Where: …") is not the column's
        if (!m.find()) return fields;
        int limit = Integer.parseInt(m.group(1));
        String words = "最多 " + limit + " 个字";
        request.getParameterMap().forEach((name, values) -> {
            for (String v : values) {
                if (v != null && v.codePointCount(0, v.length()) > limit) fields.put(name, words);
            }
        });
        Object body = request.getAttribute(BODY);
        if (body != null) {
            try {
                walk(PLAIN.valueToTree(body), "", limit, words, fields);
            } catch (RuntimeException notAJsonValue) {
                // a body that does not write back as JSON names nothing; the plain message stands
            }
        }
        return fields;
    }

    private static void walk(JsonNode n, String path, int limit, String words, Map<String, String> fields) {
        if (n.isString() && n.asString().codePointCount(0, n.asString().length()) > limit) {
            fields.put(path.isEmpty() ? "body" : path, words);
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) walk(n.get(i), path + "[" + i + "]", limit, words, fields);
        } else if (n.isObject()) {
            for (var p : n.properties()) walk(p.getValue(), path.isEmpty() ? p.getKey() : path + "." + p.getKey(), limit, words, fields);
        }
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage message, MethodParameter parameter, Type targetType,
                                Class<? extends HttpMessageConverter<?>> converterType) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) request.setAttribute(BODY, body, RequestAttributes.SCOPE_REQUEST);
        return body;
    }
}
