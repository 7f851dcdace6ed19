package cn.shuangkong.access.internal;

import cn.shuangkong.access.CurrentUser;

import cn.shuangkong.shared.ApiProblems;
import cn.shuangkong.shared.ExternalUrl;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two doors: {@code /api/**} is stateless and takes Bearer tokens (answers are problem details); everything else is
 * the web UI with a login form, a database-backed session and CSRF protection.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class SecurityConfig {

    private static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self'; frame-ancestors 'self'; form-action 'self'";

    /**
     * HSTS for a year once the platform is reached over https. Spring's own writer looks at {@code request.isSecure()},
     * which behind a TLS-terminating proxy is whatever the client claims; configuration decides here instead.
     */
    private static void transport(org.springframework.security.config.annotation.web.configurers.HeadersConfigurer<HttpSecurity> h,
                                  ExternalUrl externalUrl) {
        h.httpStrictTransportSecurity(t -> t.disable());
        hsts(externalUrl).ifPresent(h::addHeaderWriter);
    }

    public static java.util.Optional<HstsHeaderWriter> hsts(ExternalUrl externalUrl) {
        if (!externalUrl.secure()) return java.util.Optional.empty();
        var writer = new HstsHeaderWriter();
        writer.setRequestMatcher(AnyRequestMatcher.INSTANCE);
        writer.setMaxAgeInSeconds(31_536_000);
        writer.setIncludeSubDomains(true);
        return java.util.Optional.of(writer);
    }

    private static LoginUrlAuthenticationEntryPoint relativeLoginPage() {
        var entryPoint = new LoginUrlAuthenticationEntryPoint("/login");
        entryPoint.setFavorRelativeUris(true);
        return entryPoint;
    }

    /**
     * To the home page, having made the session's new CSRF token in the sign-in request itself. Left to the first page
     * after it, pages opened at the same moment would each make their own and only one would be kept: forms on the
     * others would then be refused (ADR 0050).
     */
    private static AuthenticationSuccessHandler homeWithCsrfToken() {
        var home = new SavedRequestAwareAuthenticationSuccessHandler();
        home.setDefaultTargetUrl("/");
        home.setAlwaysUseDefaultTargetUrl(true);
        return (request, response, authentication) -> {
            if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) token.getToken();
            home.onAuthenticationSuccess(request, response, authentication);
        };
    }

    /** The session cookie is Secure exactly when the configured external address is https. */
    @Bean
    public DefaultCookieSerializerCustomizer secureSessionCookie(ExternalUrl externalUrl) {
        return cookie -> cookie.setUseSecureCookie(externalUrl.secure());
    }

    /** Runs before everything else (sessions, security), so that all of them see the real client address. */
    @Bean
    FilterRegistrationBean<ClientAddressFilter> clientAddressFilter(
            @Value("${shuangkong.security.trusted-proxies:}") List<String> trustedProxies) {
        var registration = new FilterRegistrationBean<>(new ClientAddressFilter(trustedProxies));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * No observation of each security filter, authentication and authorisation: with an observation registry present
     * (actuator), Spring Security wraps every filter of the chain in one, on every call, and this platform exports no
     * metrics or traces to read them (issue 12: a tenth of an API call's CPU went there; ADR 0047).
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, PasswordLogin login, JsonMapper json, ExternalUrl externalUrl,
                            org.springframework.context.ApplicationContext context, java.time.Clock clock) throws Exception {
        http.securityMatcher("/api/**")
                .authenticationProvider(login)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .addFilterBefore(new BearerTokenFilter(tokens), BasicAuthenticationFilter.class)
                .addFilterAfter(new TokenScopeFilter(tokens, context, json, clock), BearerTokenFilter.class) // ADR 0027
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/v1/auth/token").permitAll()
                        .requestMatchers("/api/v1/risk-assessments/evaluate", "/api/v1/major-hazard-sources/evaluate").permitAll()
                        .requestMatchers("/api/v1/public/**").permitAll()
                        // 数据上报 senders authenticate with their own key (X-Exchange-Key), checked by the exchange module
                        .requestMatchers("/api/v1/exchange/inbound/**").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> problem(res, json, HttpStatus.UNAUTHORIZED,
                                "需要登录：请在 Authorization 头中提供有效的 Bearer 令牌"))
                        .accessDeniedHandler((req, res, ex) -> problem(res, json, HttpStatus.FORBIDDEN, "您没有执行此操作的权限")))
                .headers(h -> {
                    h.contentSecurityPolicy(c -> c.policyDirectives(CSP));
                    transport(h, externalUrl);
                });
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain web(HttpSecurity http, PasswordLogin login, ExternalUrl externalUrl, java.time.Clock clock) throws Exception {
        http.authenticationProvider(login)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/login/code", "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico",
                                "/actuator/health", "/actuator/health/**", "/error", "/v3/api-docs/**", "/swagger-ui/**",
                                "/swagger-ui.html", "/public/**").permitAll()
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").successHandler(homeWithCsrfToken())
                        .failureHandler((req, res, ex) -> {
                            if (ex instanceof SecondFactorNeeded needed) { // the password was right: the code page next
                                PendingLogin.start(req.getSession(), needed.accountId(), clock.instant());
                                res.sendRedirect(req.getContextPath() + "/login/code");
                                return;
                            }
                            res.sendRedirect(req.getContextPath() + "/login?error="
                                    + (ex instanceof LockedException ? "locked" : ex instanceof DisabledException ? "disabled" : "bad")
                                    + "&username=" + java.net.URLEncoder.encode(String.valueOf(req.getParameter("username")),
                                    java.nio.charset.StandardCharsets.UTF_8));
                        })
                        .permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .addLogoutHandler((req, res, auth) -> { // 登录日志: the sign-out too
                            if (auth != null && auth.getPrincipal() instanceof CurrentUser user) login.signedOut(user, req.getRemoteAddr());
                        }))
                // to the login page by path alone: an absolute URL would be built from the request's Host and scheme
                .exceptionHandling(e -> e.authenticationEntryPoint(relativeLoginPage()))
                .headers(h -> {
                    h.contentSecurityPolicy(c -> c.policyDirectives(CSP))
                            .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN));
                    transport(h, externalUrl);
                });
        return http.build();
    }

    private static void problem(HttpServletResponse res, JsonMapper json, HttpStatus status, String detail) throws java.io.IOException {
        res.setStatus(status.value());
        res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        res.setCharacterEncoding("UTF-8");
        res.getWriter().write(json.writeValueAsString(ApiProblems.problem(status, detail, null)));
    }
}
