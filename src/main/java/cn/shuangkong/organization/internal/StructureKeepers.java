package cn.shuangkong.organization.internal;

import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.NotPermitted;
import org.springframework.stereotype.Component;

/**
 * The one door of every write of an enterprise's units, posts and people from a request (the forms, the employee import,
 * 调岗): the enterprise resolved in the actor's scope, then kept to those who keep it, {@link OrgStructure#writableBy}
 * (ADR 0082).
 */
@Component
public class StructureKeepers {

    private final Enterprises enterprises;

    StructureKeepers(Enterprises enterprises) {
        this.enterprises = enterprises;
    }

    /**
     * An enterprise id from a request whose structure the actor would write: the id; a 404 for one outside the actor's
     * scope; a 403 ({@link NotPermitted}, the error page rather than a form's message) for anyone but the enterprise's
     * own people holding the permission and the platform's administrator — a regulator of the town included.
     */
    public long writable(Actor actor, long enterpriseId) {
        long id = enterprises.find(actor.jurisdiction(), enterpriseId).orElseThrow(() -> DomainException.notFound("企业")).id();
        if (OrgStructure.writableBy(actor, id)) return id;
        Jurisdiction.Kind kind = actor.jurisdiction().kind();
        throw new NotPermitted(kind == Jurisdiction.Kind.ENTERPRISE || kind == Jurisdiction.Kind.PLATFORM
                ? "您没有维护组织架构和员工的权限" : "企业的组织架构和员工由企业自己维护，您可以查看，不能修改");
    }
}
