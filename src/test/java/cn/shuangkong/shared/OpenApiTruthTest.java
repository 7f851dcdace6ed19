package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PlatformTest;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document tells the truth about every request body: for each API handler that reads a JSON body, the
 * documented schema of that operation has exactly the properties of the Java record the handler binds. Two records
 * of the same simple name in different modules once shared one schema, so that five endpoints showed another
 * module's body; this test fails on any such collision, and on a new endpoint that the document gets wrong.
 */
class OpenApiTruthTest extends PlatformTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Test
    void every_documented_request_body_has_the_properties_of_the_record_its_handler_binds() {
        JsonNode doc = JSON.readTree(api().get("/v3/api-docs").body());
        List<String> checked = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        mapping.getHandlerMethods().forEach((info, method) -> {
            MethodParameter body = null;
            for (MethodParameter p : method.getMethodParameters()) if (p.hasParameterAnnotation(RequestBody.class)) body = p;
            if (body == null) return;
            for (String path : info.getPatternValues()) {
                if (!path.startsWith("/api/")) continue;
                for (RequestMethod m : info.getMethodsCondition().getMethods()) {
                    String label = m + " " + path;
                    JsonNode schema = doc.path("paths").path(path).path(m.name().toLowerCase())
                            .path("requestBody").path("content").path("application/json").path("schema");
                    if (schema.isMissingNode()) {
                        wrong.add(label + ": no documented JSON body");
                        continue;
                    }
                    Type type = body.getGenericParameterType();
                    if (type instanceof ParameterizedType pt && List.class.isAssignableFrom((Class<?>) pt.getRawType())) {
                        type = pt.getActualTypeArguments()[0];
                        schema = schema.path("items");
                    }
                    if (!(type instanceof Class<?> c) || !c.isRecord()) continue; // a map or a scalar body: nothing to compare
                    Set<String> expected = new TreeSet<>();
                    for (var component : c.getRecordComponents()) {
                        // an any-setter takes the body's other properties (a configured method's factors): no property of its own
                        if (component.getAccessor().isAnnotationPresent(com.fasterxml.jackson.annotation.JsonAnySetter.class)) continue;
                        expected.add(component.getName());
                    }
                    Set<String> documented = new TreeSet<>();
                    resolve(doc, schema).path("properties").properties().forEach(e -> documented.add(e.getKey()));
                    checked.add(label);
                    if (!expected.equals(documented)) {
                        wrong.add(label + ": documents " + documented + " (" + schema.path("$ref").asString("inline") + ") but "
                                + c.getName() + " has " + expected);
                    }
                }
            }
        });
        System.out.println("OpenAPI truth: " + checked.size() + " request bodies compared with their records");
        assertThat(checked).as("API handlers with a JSON body").hasSizeGreaterThan(40);
        assertThat(wrong).as("documented request bodies that are not what the handler reads").isEmpty();
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        for (int i = 0; i < 5 && schema.has("$ref"); i++) schema = doc.at(schema.get("$ref").asString().substring(1));
        return schema;
    }
}
