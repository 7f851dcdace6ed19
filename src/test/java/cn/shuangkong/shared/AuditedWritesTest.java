package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PlatformTest;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The writes exempt from "every change of state is audited" (ADR 0077) are writes that exist: no stale exemption. */
class AuditedWritesTest extends PlatformTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Test
    void every_write_exempt_from_the_audit_rule_is_a_documented_write_or_a_page_form() {
        Set<String> routes = new TreeSet<>();
        HostileInput.writes(new HostileInput("http://localhost:" + port, jdbc).openApi()).forEach(o -> routes.add(o.label()));
        mapping.getHandlerMethods().keySet().forEach(info -> info.getMethodsCondition().getMethods()
                .forEach(m -> info.getPatternValues().forEach(p -> routes.add(m.name() + " " + p))));
        assertThat(routes).as("writes of the document and the pages").hasSizeGreaterThan(100);
        assertThat(AuditedWrites.EXEMPT.keySet()).as("writes exempt from the audit rule").isNotEmpty().allSatisfy(route ->
                assertThat(routes).as("exempt from the audit rule, but no longer a write of the platform").contains(route));
    }
}
