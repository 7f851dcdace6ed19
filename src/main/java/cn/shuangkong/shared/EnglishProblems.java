package cn.shuangkong.shared;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Problem details in English for a client that chose English ({@code ?lang=en} or the language cookie): the
 * {@code title}, {@code detail} and each field error pass through {@link Translations}; Chinese stays the default.
 */
@RestControllerAdvice
class EnglishProblems implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        Locale locale = LocaleContextHolder.getLocale();
        if (!(body instanceof ProblemDetail problem) || !"en".equals(locale.getLanguage())) return body;
        problem.setTitle(Translations.in(locale, problem.getTitle()));
        problem.setDetail(Translations.in(locale, problem.getDetail()));
        if (problem.getProperties() != null && problem.getProperties().get("errors") instanceof Map<?, ?> errors) {
            Map<Object, Object> english = new LinkedHashMap<>();
            errors.forEach((field, message) -> english.put(field, message instanceof String s ? Translations.in(locale, s) : message));
            problem.setProperty("errors", english);
        }
        return problem;
    }
}
