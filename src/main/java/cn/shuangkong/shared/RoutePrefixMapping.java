package cn.shuangkong.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.server.PathContainer;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's handler lookup, with one shortcut. A path with a variable ({@code /api/v1/hazards/{id}/assign}) has
 * no direct match, so Spring tests every one of the platform's ~560 mappings in full against the request (method,
 * params, headers, media types, then the pattern), through half a dozen request wrappers each time: an eighth of an
 * API call's CPU (issue 12, ADR 0047). Here a mapping whose patterns all begin with literal text that the request's
 * path does not begin with is passed over before those tests, since its pattern could not match anyway. The path is
 * compared decoded and without path parameters, as {@link PathPattern} compares it. Everything else — which mapping
 * wins, 404/405/415 and their wording — is Spring's own: refusals are still worked out from all the mappings.
 */
class RoutePrefixMapping extends RequestMappingHandlerMapping {

    /** The literal beginnings of each mapping's patterns (none when a pattern starts with a variable or wildcard). */
    private final Map<RequestMappingInfo, String[]> prefixes = new ConcurrentHashMap<>();

    /** The request path being looked up on this thread, decoded, for the duration of one lookup. */
    private static final ThreadLocal<String> LOOKUP = new ThreadLocal<>();

    @Override
    protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
        if (!ServletRequestPathUtils.hasParsedRequestPath(request)) return super.lookupHandlerMethod(lookupPath, request);
        LOOKUP.set(decoded(ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication()));
        try {
            return super.lookupHandlerMethod(lookupPath, request);
        } finally {
            LOOKUP.remove();
        }
    }

    @Override
    protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
        String path = LOOKUP.get();
        if (path != null && !couldMatch(info, path)) return null;
        return super.getMatchingMapping(info, request);
    }

    private boolean couldMatch(RequestMappingInfo info, String path) {
        String[] starts = prefixes.computeIfAbsent(info, RoutePrefixMapping::literalStarts);
        if (starts.length == 0) return true;
        for (String start : starts) {
            if (path.startsWith(start)) return true;
        }
        return false;
    }

    /** For each pattern the text before its first variable or wildcard; none at all if any pattern has no such text. */
    static String[] literalStarts(RequestMappingInfo info) {
        var condition = info.getPathPatternsCondition();
        if (condition == null || condition.getPatterns().isEmpty()) return new String[0];
        String[] starts = new String[condition.getPatterns().size()];
        int i = 0;
        for (PathPattern pattern : condition.getPatterns()) {
            String text = pattern.getPatternString();
            int end = text.length();
            for (char c : new char[] {'{', '*', '?'}) {
                int at = text.indexOf(c);
                if (at >= 0 && at < end) end = at;
            }
            if (end <= 1) return new String[0]; // "/{x}", "/**": nothing literal to go by
            starts[i++] = text.substring(0, end);
        }
        return starts;
    }

    /** The path as patterns see it: segments decoded and without their ;parameters. */
    static String decoded(PathContainer path) {
        var out = new StringBuilder(path.value().length());
        for (PathContainer.Element e : path.elements()) {
            out.append(e instanceof PathContainer.PathSegment s ? s.valueToMatch() : e.value());
        }
        return out.toString();
    }
}
