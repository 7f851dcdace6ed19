package cn.shuangkong.shared;

import java.lang.reflect.Method;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.api.AbstractOpenApiResource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Builds the OpenAPI document once, in the background, as soon as the platform is ready (issue 12 item 9: nothing that
 * could load once loads on the request path). springdoc otherwise builds it for the first request to /v3/api-docs:
 * seconds of CPU over every API mapping, 30 s and more on a loaded 2-core machine, paid by the first client that
 * asks. Not before ready: the start-up time is a bar, and springdoc's own pre-loading runs while the context is still
 * being built. Not as a request to itself either: a stop right after start would wait for it (graceful shutdown).
 *
 * <p>springdoc has no public call that builds the document without a request; its cache is filled by the same
 * method a request calls, for the locale requests are answered in ({@link WebConfig#PAGES_LOCALE}), so a request
 * then only writes the cached document out. If a later springdoc renames that method, this logs a warning and the
 * first request builds the document as before; {@code OpenApiWarmUpTest} fails.
 */
@Component
@ConditionalOnProperty(name = "springdoc.api-docs.enabled", havingValue = "true", matchIfMissing = true)
class OpenApiWarmUp {

    private static final Logger log = LoggerFactory.getLogger(OpenApiWarmUp.class);

    private final ObjectProvider<AbstractOpenApiResource> documents;

    OpenApiWarmUp(ObjectProvider<AbstractOpenApiResource> documents) {
        this.documents = documents;
    }

    @EventListener(ApplicationReadyEvent.class)
    void buildOnceReady() {
        documents.orderedStream().forEach(document -> {
            Thread builder = new Thread(() -> build(document, WebConfig.PAGES_LOCALE), "openapi-document");
            builder.setDaemon(true); // a stop does not wait for it
            builder.start();
        });
    }

    private static void build(AbstractOpenApiResource document, Locale locale) {
        try {
            Method build = AbstractOpenApiResource.class.getDeclaredMethod("getOpenApi", Locale.class);
            build.setAccessible(true);
            build.invoke(document, locale);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("OpenAPI document not built ahead ({}); its first request builds it", e.toString());
        }
    }
}
