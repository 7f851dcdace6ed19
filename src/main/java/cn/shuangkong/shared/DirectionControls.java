package cn.shuangkong.shared;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Text with a Unicode direction control (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates) is refused
 * wherever a request brings text: what a page, a PDF or the audit trail shows would not read as what was stored (U+202E
 * before "0001" shows it as "1000"; a name can be made to show another). No Chinese or English record needs them; the
 * sweep of session 11 stored a risk-analysis unit and an alert note that began with U+202E, shown reversed in the
 * 一企一册 PDF. One check for every door: strings of JSON bodies (raw or escaped), and every parameter of a form,
 * multipart text field or query.
 */
public final class DirectionControls {

    public static final String REFUSED = "含有文字方向控制字符（U+202A–U+202E、U+2066–U+2069），显示的文字会与保存的不同";

    private DirectionControls() {
    }

    public static boolean present(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069') return true;
        }
        return false;
    }

    /** A string of a JSON body holding one: refused with the field's path, as any unreadable value is. */
    public static final class Refused extends InvalidFormatException {
        Refused(JsonParser p, String value) {
            super(p, "direction control in text", value, String.class);
        }
    }

    /** For the mapper that reads request bodies: every string read as before, then refused if it holds one. */
    static SimpleModule jsonModule() {
        return RefusingDeserializer.module("direction-controls", String.class::equals,
                (p, value) -> value instanceof String s && present(s) ? new Refused(p, s) : null);
    }

    /**
     * Every request parameter (query, form, multipart text field), before the handler runs: by then Spring has read a
     * multipart request, so its own refusals (size, encoding) come first, as before.
     */
    static HandlerInterceptor parameters() {
        return new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                request.getParameterMap().forEach((name, values) -> {
                    for (String v : values) {
                        if (v != null && present(v)) throw DomainException.invalid(name, "参数 " + name + " " + REFUSED);
                    }
                });
                return true;
            }
        };
    }
}
