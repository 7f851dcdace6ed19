package cn.shuangkong.access.internal;

import cn.shuangkong.shared.ApiProblems;
import cn.shuangkong.shared.PlatformTime;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * A token's scopes, checked after {@link BearerTokenFilter} has signed the call in and before any controller runs:
 * kept apart from that filter on purpose, so that how a token is found (and cached) and what it may do change
 * independently. An expired token is told so (401) rather than treated as no token; a read-only token cannot write,
 * a module-held token cannot reach another module, and only an {@link TokenScope#EXCHANGE} token reaches
 * {@link TokenScope#EXCHANGE_PATH} (403). Sessions of the web UI are not tokens and pass untouched.
 */
class TokenScopeFilter extends OncePerRequestFilter {

    /** The grant of the token that signed the current request in, for code that needs to ask ({@link #grantOf}). */
    static final String ATTRIBUTE = TokenScopeFilter.class.getName() + ".grant";

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ApiTokens tokens;
    private final ApplicationContext context;
    private final JsonMapper json;
    private final Clock clock;

    TokenScopeFilter(ApiTokens tokens, ApplicationContext context, JsonMapper json, Clock clock) {
        this.tokens = tokens;
        this.context = context;
        this.json = json;
        this.clock = clock;
    }

    /** The scopes of the token behind a request, if a token (and not a session) signed it in. */
    static Optional<ApiTokens.Grant> grantOf(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof ApiTokens.Grant g ? Optional.of(g) : Optional.empty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || request.getRequestURI().equals("/api/v1/auth/token")) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiTokens.Grant> found = tokens.grantOf(header.substring(7).trim());
        if (found.isEmpty()) {
            chain.doFilter(request, response); // unknown: anonymous, and the entry point answers 401
            return;
        }
        ApiTokens.Grant grant = found.get();
        if (grant.revokedAt() != null) {
            refuse(response, HttpStatus.UNAUTHORIZED, "该 API 令牌已被吊销，请使用新的令牌");
            return;
        }
        if (!grant.expiresAt().isAfter(clock.instant())) {
            refuse(response, HttpStatus.UNAUTHORIZED, "该 API 令牌已于 " + SHOWN.format(grant.expiresAt().atZone(PlatformTime.zone()))
                    + " 过期，请重新签发令牌");
            return;
        }
        request.setAttribute(ATTRIBUTE, grant);
        String refusal = refusal(grant, request);
        if (refusal != null) {
            refuse(response, HttpStatus.FORBIDDEN, refusal);
            return;
        }
        chain.doFilter(request, response);
    }

    private String refusal(ApiTokens.Grant grant, HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith(TokenScope.EXCHANGE_PATH)) {
            return grant.has(TokenScope.EXCHANGE) ? null : "该令牌没有“数据交换”权限，不能调用数据交换接口";
        }
        boolean safe = SAFE.contains(request.getMethod());
        if (safe && !grant.has(TokenScope.READ) && !grant.has(TokenScope.WRITE)) {
            return "该令牌只用于数据交换，不能调用其他接口";
        }
        if (!safe && !grant.has(TokenScope.WRITE)) {
            return "该令牌为只读令牌，不能新增、修改或删除数据";
        }
        if (grant.modules().isEmpty()) return null;
        String module = moduleOf(request);
        if (module == null || module.equals("access") || grant.reaches(module)) return null;
        return "该令牌只能调用以下模块的接口：" + String.join("、", grant.modules().stream().sorted()
                .map(c -> ApiModule.byCode(c).map(ApiModule::label).orElse(c)).toList());
    }

    /** The module of the controller that will answer, from its package: cn.shuangkong.hazard.web → hazard. */
    private String moduleOf(HttpServletRequest request) {
        try {
            RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
            HandlerExecutionChain chain = mapping.getHandler(request);
            if (chain == null || !(chain.getHandler() instanceof HandlerMethod method)) return null;
            String[] parts = method.getBeanType().getPackageName().split("\\.");
            return parts.length > 2 && parts[0].equals("cn") && parts[1].equals("shuangkong") ? parts[2] : null;
        } catch (Exception e) {
            return null; // no handler: the request ends in a 404 or 405 of its own
        }
    }

    private void refuse(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(ApiProblems.problem(status, detail, null)));
    }
}
