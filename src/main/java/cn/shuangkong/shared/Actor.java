package cn.shuangkong.shared;

import org.springframework.security.core.Authentication;

/**
 * Whoever is acting — a person on a page or a system with a token — as every module may see them: name,
 * permissions and {@link Jurisdiction}. {@code access} provides the implementation; modules below it use this type,
 * so that they need not depend on {@code access}.
 */
public interface Actor {

    String username();

    String displayName();

    Jurisdiction jurisdiction();

    /** The enterprise the actor belongs to, if any. */
    Long enterpriseId();

    /** The service organisation the actor belongs to, if any. */
    Long serviceOrgId();

    /** The employee record of a front-line account, if any. */
    Long employeeId();

    boolean can(String permission);

    static Jurisdiction scopeOf(Authentication auth) {
        return auth != null && auth.getPrincipal() instanceof Actor a ? a.jurisdiction() : Jurisdiction.none();
    }
}
