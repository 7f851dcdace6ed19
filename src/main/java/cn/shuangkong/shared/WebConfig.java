package cn.shuangkong.shared;

import java.time.Duration;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Simplified Chinese unless the user picks English with {@code ?lang=en}; the choice is kept in a cookie. Refusals of
 * a request by the framework are answered by {@link ErrorPages}.
 */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    private final tools.jackson.databind.json.JsonMapper json;

    WebConfig(tools.jackson.databind.json.JsonMapper json) {
        this.json = json;
    }

    /**
     * A null inside a list (of ids, of answers, of readings) is never meant in a request: refused when the body is
     * read, as a 400 naming the element, instead of failing deep inside a service; so is a date outside
     * {@link PlausibleDates} and a string with {@link DirectionControls}. Only on the converter that reads
     * request bodies: JSON the platform stored itself (filing snapshots with an empty 包保 slot, draws) is read by the
     * shared mapper as written. Ordered after Boot's own customizer, whose JSON converter this one replaces.
     */
    @Bean
    @org.springframework.core.annotation.Order(org.springframework.core.Ordered.LOWEST_PRECEDENCE)
    org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer nullElementsRefused() {
        var requests = json.rebuild()
                .changeDefaultNullHandling(n -> n.withContentNulls(com.fasterxml.jackson.annotation.Nulls.FAIL))
                .addModule(PlausibleDates.jsonModule())
                .addModule(DirectionControls.jsonModule())
                .build();
        return builder -> builder.withJsonConverter(
                new org.springframework.http.converter.json.JacksonJsonHttpMessageConverter(requests));
    }

    /** Boot's resolver (its defaults are the platform's), and text fields refused unless strictly decoded. */
    @Bean(org.springframework.web.servlet.DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
    org.springframework.web.multipart.MultipartResolver multipartResolver() {
        return new Utf8Bodies.Multipart();
    }

    /** The platform's own handler lookup, which passes over mappings whose literal path cannot match (ADR 0047). */
    @Bean
    org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations routePrefixes() {
        return new org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations() {
            @Override
            public org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new RoutePrefixMapping();
            }
        };
    }

    /** A typed {@code @DateTimeFormat} parameter held to {@link PlausibleDates}, as the JSON bodies are. */
    @Override
    public void addFormatters(org.springframework.format.FormatterRegistry registry) {
        registry.addFormatterForFieldAnnotation(PlausibleDates.formatterFactory());
    }

    /** The language a request is answered in unless its person chose another (the sk-lang cookie). */
    static final Locale PAGES_LOCALE = Locale.SIMPLIFIED_CHINESE;

    @Bean
    LocaleResolver localeResolver() {
        var resolver = new CookieLocaleResolver("sk-lang");
        resolver.setDefaultLocale(PAGES_LOCALE); // not the browser's Accept-Language: the users are Chinese
        resolver.setCookieMaxAge(Duration.ofDays(365));
        // The cookie is the browser's to send (another site on the domain, an old or edited one): one that is not a
        // language reads as none, instead of Spring's default of answering every page, the sign-in page too, with 500.
        resolver.setRejectInvalidCookies(false);
        return resolver;
    }

    /**
     * Ours right after the controller advices, before Spring's own resolver would answer in English (ADR 0012); before
     * them all, a half-begun answer of the failed handler is discarded.
     */
    @Override
    public void extendHandlerExceptionResolvers(java.util.List<org.springframework.web.servlet.HandlerExceptionResolver> resolvers) {
        resolvers.add(0, new ErrorPages.StartOver());
        resolvers.add(2, new ErrorPages.Resolver(json));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        var change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change);
        registry.addInterceptor(DirectionControls.parameters());
    }
}
