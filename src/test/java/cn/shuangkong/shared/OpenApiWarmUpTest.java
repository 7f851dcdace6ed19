package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Patience;
import cn.shuangkong.support.PlatformTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springdoc.core.service.OpenAPIService;
import org.springframework.beans.factory.annotation.Autowired;

/** The OpenAPI document is built once after readiness, off the request path; a request then answers from it. */
class OpenApiWarmUpTest extends PlatformTest {

    @Autowired
    OpenAPIService openApi;

    @Test
    void the_openapi_document_is_built_after_readiness_without_a_request_and_a_request_answers_it() {
        Awaitility.await().atMost(Patience.CONDITION).until(() -> openApi.getCachedOpenAPI(WebConfig.PAGES_LOCALE) != null);
        var cached = openApi.getCachedOpenAPI(WebConfig.PAGES_LOCALE);
        assertThat(cached.getPaths()).as("the document covers the API").hasSizeGreaterThan(50);

        var answer = api().get("/v3/api-docs");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"/api/v1/hazards\"");
        assertThat(openApi.getCachedOpenAPI(WebConfig.PAGES_LOCALE)).as("answered from the one built ahead").isSameAs(cached);
    }
}
