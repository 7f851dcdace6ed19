package cn.shuangkong.access.internal;

import cn.shuangkong.access.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What an account owes before it may do anything else, on every page until it is done: a password an admin set (or one
 * past its maximum age) is changed on 修改密码; where the configuration requires a second factor of the account's kind,
 * an authenticator app is bound on 双因素认证. Signing in with the password alone is allowed once, to do that. Checked
 * on page requests only (the API refuses such an account its token, {@link PasswordLogin}); a session that has seen
 * everything in order does not ask the database again.
 */
@Configuration(proxyBeanMethods = false)
class AccountObligations implements WebMvcConfigurer {

    static final String PASSWORD_PAGE = "/account/password", SECOND_FACTOR_PAGE = "/account/second-factor";
    private static final String SEEN = AccountObligations.class.getName() + ".seen";

    private final Passwords passwords;
    private final SecondFactors factors;

    AccountObligations(Passwords passwords, SecondFactors factors) {
        this.passwords = passwords;
        this.factors = factors;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
                var me = CurrentUser.get();
                var session = request.getSession(false);
                if (me.isEmpty() || session != null && session.getAttribute(SEEN) != null) return true;
                String owed = owed(me.get());
                if (owed == null) {
                    if (session != null) session.setAttribute(SEEN, Boolean.TRUE);
                    return true;
                }
                if (request.getRequestURI().substring(request.getContextPath().length()).startsWith(owed)) return true;
                response.sendRedirect(request.getContextPath() + owed);
                return false;
            }
        }).excludePathPatterns("/api/**", "/login", "/login/**", "/logout", "/error", "/css/**", "/js/**", "/img/**", "/webjars/**",
                "/favicon.ico", "/actuator/**", "/public/**", "/v3/api-docs/**", "/swagger-ui/**");
    }

    /** The page where {@code me} must go first, or null when it owes nothing. */
    private String owed(CurrentUser me) {
        if (passwords.changeDue(me.id()).isPresent()) return PASSWORD_PAGE;
        if (factors.required(me.kind().name()) && !factors.enabled(me.id())) return SECOND_FACTOR_PAGE;
        return null;
    }
}
