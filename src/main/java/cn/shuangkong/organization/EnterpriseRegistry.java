package cn.shuangkong.organization;

import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.TransactionLocks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and changes enterprises: checks what the database cannot (scope, region, grid, duplicates) and audits each change. */
@Service
public class EnterpriseRegistry {

    private final Enterprises enterprises;
    private final Regions regions;
    private final Industries industries;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;

    EnterpriseRegistry(Enterprises enterprises, Regions regions, Industries industries, ApplicationEventPublisher events,
                       JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.enterprises = enterprises;
        this.regions = regions;
        this.industries = industries;
        this.events = events;
    }

    @Transactional
    public Enterprise register(Jurisdiction scope, EnterpriseDraft draft) {
        if (scope.kind() != Jurisdiction.Kind.PLATFORM && scope.kind() != Jurisdiction.Kind.REGULATOR) {
            throw new DomainException(HttpStatus.FORBIDDEN, "只有监管部门或平台管理员可以登记企业", null);
        }
        EnterpriseDraft d = draft.normalized();
        check(scope, d, null);
        long id = enterprises.insert(d);
        events.publishEvent(new StateChanged("登记企业", "enterprise", String.valueOf(id),
                d.name() + "（" + d.creditCode() + "）", id, d.regionCode()));
        return enterprises.findUnscoped(id).orElseThrow();
    }

    /** The enterprise {@code id} if the scope may edit it; asked before a form is even checked, so that a post naming another's enterprise is refused outright. */
    public Enterprise editable(Jurisdiction scope, long id) {
        return enterprises.find(scope, id).orElseThrow(() -> DomainException.notFound("企业"));
    }

    @Transactional
    public Enterprise change(Jurisdiction scope, long id, EnterpriseDraft draft) {
        Enterprise before = editable(scope, id);
        EnterpriseDraft d = draft.normalized();
        check(scope, d, id);
        enterprises.update(id, d);
        events.publishEvent(new StateChanged("修改企业信息", "enterprise", String.valueOf(id),
                differences(EnterpriseDraft.of(before), d), id, d.regionCode()));
        return enterprises.findUnscoped(id).orElseThrow();
    }

    private void check(Jurisdiction scope, EnterpriseDraft d, Long self) {
        if (!industries.isKnown(d.industryCode())) {
            throw DomainException.invalid("industryCode", "未知的行业代码：" + d.industryCode());
        }
        var region = regions.find(d.regionCode())
                .orElseThrow(() -> DomainException.invalid("regionCode", "未知的行政区划代码：" + d.regionCode()));
        if (region.level() < 4) {
            throw DomainException.invalid("regionCode", "企业须归属到乡镇（街道）一级");
        }
        // An enterprise edits only itself (found in scope already); a regulator may not move one out of its reach.
        if (scope.kind() == Jurisdiction.Kind.REGULATOR && !scope.covers(-1, d.regionCode(), d.industryCode(), false)) {
            throw DomainException.invalid("regionCode", "该区划或行业不在您的监管范围内");
        }
        if (d.gridId() != null && !regions.gridBelongsTo(d.gridId(), d.regionCode())) {
            throw DomainException.invalid("gridId", "所选网格不属于该乡镇（街道）");
        }
        // One credit code, one enterprise: registrations and changes naming one code take turns (ADR 0084), so the second
        // finds the first and is told the code is taken rather than breaking the column's unique index
        TransactionLocks.waitFor(jdbc, "enterprise-credit-code:" + d.creditCode());
        enterprises.idOfCreditCode(d.creditCode()).filter(other -> !Objects.equals(other, self)).ifPresent(other -> {
            throw new DomainException(HttpStatus.CONFLICT, "统一社会信用代码 " + d.creditCode() + " 已被其他企业使用",
                    Map.of("creditCode", "该信用代码已存在"));
        });
    }

    /** A short "field: old → new" list for the audit trail. */
    static String differences(EnterpriseDraft before, EnterpriseDraft after) {
        List<String> changes = new ArrayList<>();
        Map<String, Object> old = before.fields();
        after.fields().forEach((field, value) -> {
            if (!Objects.equals(normalise(old.get(field)), normalise(value))) {
                changes.add(field + ": " + old.get(field) + " → " + value);
            }
        });
        return changes.isEmpty() ? "无变化" : String.join("; ", changes);
    }

    private static Object normalise(Object o) {
        if (o instanceof java.math.BigDecimal b) return b.stripTrailingZeros();
        if (o instanceof String s && s.isEmpty()) return null;
        return o;
    }
}
