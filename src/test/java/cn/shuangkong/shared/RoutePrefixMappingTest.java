package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The handler lookup's shortcut (ADR 0047) passes over only mappings that could not have matched: for a request made
 * from every mapping of the platform — plainly and with a letter percent-encoded — every mapping that Spring finds
 * matching is still a candidate; and over HTTP an encoded path, a wrong method and an unknown path are answered as before.
 */
class RoutePrefixMappingTest extends PlatformTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Test
    void the_platform_looks_handlers_up_through_the_shortcut() {
        assertThat(mapping).isInstanceOf(RoutePrefixMapping.class);
    }

    @Test
    void no_mapping_that_matches_a_request_is_passed_over() {
        List<RequestMappingInfo> infos = new ArrayList<>(mapping.getHandlerMethods().keySet());
        assertThat(infos).hasSizeGreaterThan(100);
        int matched = 0;
        for (RequestMappingInfo made : infos) {
            for (PathPattern pattern : made.getPathPatternsCondition().getPatterns()) {
                String path = pattern.getPatternString().replaceAll("\\{\\*[^}]*}", "a/b").replaceAll("\\{[^}]*}", "1")
                        .replace("**", "a/b").replace("*", "x");
                var methods = made.getMethodsCondition().getMethods().stream().map(Enum::name).toList();
                for (String sent : List.of(path, encodeFirstLetter(path))) {
                    for (String method : methods.isEmpty() ? List.of("GET") : methods) {
                        var request = new MockHttpServletRequest(method, sent);
                        ServletRequestPathUtils.parseAndCache(request);
                        String decoded = RoutePrefixMapping.decoded(ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication());
                        for (RequestMappingInfo info : infos) {
                            if (info.getMatchingCondition(request) == null) continue;
                            matched++;
                            String[] starts = RoutePrefixMapping.literalStarts(info);
                            assertThat(starts.length == 0 || java.util.Arrays.stream(starts).anyMatch(decoded::startsWith))
                                    .as("%s %s matches %s", method, sent, info).isTrue();
                        }
                    }
                }
            }
        }
        assertThat(matched).isGreaterThanOrEqualTo(infos.size());
    }

    /** The first letter of the path as a percent-encoded byte: /api → /%61pi, which a pattern matches decoded. */
    private static String encodeFirstLetter(String path) {
        var m = java.util.regex.Pattern.compile("/([a-z])").matcher(path);
        return m.find() ? path.substring(0, m.start(1)) + "%" + Integer.toHexString(m.group(1).charAt(0)) + path.substring(m.end(1)) : path;
    }

    @Test
    void an_encoded_path_a_wrong_method_and_an_unknown_path_are_answered_as_before() {
        Api chem = loggedIn("ent_chem");
        var created = chem.post("/api/v1/hazards", Api.json(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION",
                "title", "路由测试隐患", "description", "路由测试", "location", "罐区")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();

        var encoded = chem.get("/api/v1/h%61zards/" + id);
        assertThat(encoded.status()).as(encoded.body()).isEqualTo(200);
        assertThat(encoded.json().get("id").asLong()).isEqualTo(id);

        var wrongMethod = chem.put("/api/v1/hazards/" + id + "/assign", "{}");
        assertThat(wrongMethod.status()).as(wrongMethod.body()).isEqualTo(405);
        assertThat(wrongMethod.json().get("detail").asString()).containsPattern("\\p{IsHan}");

        var unknown = chem.post("/api/v1/hazards/" + id + "/no-such-step", "{}");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
    }
}
