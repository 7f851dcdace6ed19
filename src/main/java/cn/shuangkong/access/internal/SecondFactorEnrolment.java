package cn.shuangkong.access.internal;

import cn.shuangkong.access.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Where the configuration requires a second factor of an account's kind and the account has none yet, every page
 * leads to the enrolment page until it has one: signing in with the password alone is allowed once, to enrol. Checked
 * on page requests only (the API refuses such an account its token, {@link PasswordLogin}); a session that has seen
 * the factor in place does not ask the database again.
 */
@Configuration(proxyBeanMethods = false)
class SecondFactorEnrolment implements WebMvcConfigurer {

    static final String PAGE = "/account/second-factor";
    private static final String SEEN = SecondFactorEnrolment.class.getName() + ".seen";

    private final SecondFactors factors;

    SecondFactorEnrolment(SecondFactors factors) {
        this.factors = factors;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
                var me = CurrentUser.get();
                if (me.isEmpty() || !factors.required(me.get().kind().name())) return true;
                var session = request.getSession(false);
                if (session != null && session.getAttribute(SEEN) != null) return true;
                if (factors.enabled(me.get().id())) {
                    if (session != null) session.setAttribute(SEEN, Boolean.TRUE);
                    return true;
                }
                response.sendRedirect(request.getContextPath() + PAGE);
                return false;
            }
        }).excludePathPatterns("/api/**", PAGE, PAGE + "/**", "/login", "/login/**", "/logout", "/error", "/css/**", "/js/**",
                "/img/**", "/webjars/**", "/favicon.ico", "/actuator/**", "/public/**", "/v3/api-docs/**", "/swagger-ui/**");
    }
}
