package cn.shuangkong.emergency.internal;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import java.math.BigDecimal;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The enterprise an emergency record belongs to, found through the viewer's jurisdiction. */
@Component
public class Owners {

    /** An enterprise as this module needs it: name, region (for the audit) and location (for distances). */
    public record Owner(long id, String name, String regionCode, BigDecimal longitude, BigDecimal latitude) { }

    private final JdbcClient jdbc;

    private static final String OWNER = "select e.id, e.name, e.region_code, e.longitude, e.latitude from (%s) e"
            .formatted(OrganizationFacts.enterprises());

    Owners(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Owner> visible(Jurisdiction scope, long enterpriseId) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(OWNER + " where e.id = :id and " + f.sql())
                .params(f.params()).param("id", enterpriseId).query(Owner.class).optional();
    }

    Owner unscoped(long enterpriseId) {
        return jdbc.sql(OWNER + " where e.id = :id")
                .param("id", enterpriseId).query(Owner.class).single();
    }

    /** Only an enterprise's own accounts maintain its emergency records. */
    Owner own(Actor me) {
        if (me.enterpriseId() == null) {
            throw new DomainException(HttpStatus.FORBIDDEN, "只有企业账号可以维护本企业的应急管理信息", null);
        }
        return unscoped(me.enterpriseId());
    }

    /** The record's enterprise must be the actor's own; anything else looks as if it did not exist. */
    Owner own(Actor me, long enterpriseId, String what) {
        if (me.enterpriseId() == null || me.enterpriseId() != enterpriseId) throw DomainException.notFound(what);
        return unscoped(enterpriseId);
    }
}
