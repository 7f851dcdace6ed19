package cn.shuangkong.referral.internal;

import cn.shuangkong.hazard.Hazards;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.publicreport.PublicReports;
import cn.shuangkong.referral.Referrals;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.supervision.EnforcementInspections;
import org.springframework.stereotype.Component;

/**
 * Turns the id of the item a regulator refers into what the referral keeps of it, looked up through the owning
 * module in the referring regulator's own scope: an item that regulator cannot see cannot be referred (404).
 */
@Component
public class ReferredItems {

    /** What is referred, as the referral keeps it: the receiving department reads this, not the live record. */
    public record Item(Referrals.ItemKind kind, long id, long enterpriseId, String regionCode, String title, String summary) { }

    private final Hazards hazards;
    private final EnforcementInspections inspections;
    private final PublicReports reports;
    private final Enterprises enterprises;

    public ReferredItems(Hazards hazards, EnforcementInspections inspections, PublicReports reports, Enterprises enterprises) {
        this.hazards = hazards;
        this.inspections = inspections;
        this.reports = reports;
        this.enterprises = enterprises;
    }

    public Item resolve(Actor me, Referrals.ItemKind kind, long id) {
        return switch (kind) {
            case HAZARD -> {
                var row = hazards.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("隐患"));
                var h = row.hazard();
                yield item(kind, id, h.enterpriseId(), "隐患 #" + id + "：" + h.title(), String.join("\n",
                        "企业：" + row.enterpriseName(),
                        "隐患：" + h.title() + "（" + h.level().label() + "，" + h.state().label() + "）",
                        "位置：" + orDash(h.location()),
                        "描述：" + orDash(h.description()),
                        "整改期限：" + (h.deadline() == null ? "—" : h.deadline())));
            }
            case FINDING -> {
                var x = inspections.ofFinding(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("执法检查发现问题"));
                var f = x.findings().stream().filter(it -> it.id() == id).findFirst().orElseThrow();
                yield item(kind, id, x.enterpriseId(), "执法检查发现问题：" + f.title(), String.join("\n",
                        "企业：" + x.enterpriseName(),
                        "执法检查：" + x.departmentName() + "，" + x.inspectedOn() + (x.orderNo() == null ? "" : "，" + x.orderNo()),
                        "问题：" + f.title() + (f.major() ? "（重大事故隐患）" : ""),
                        "位置：" + orDash(f.location()),
                        "描述：" + orDash(f.description()),
                        "违反：" + orDash(f.basis()),
                        "整改期限：" + f.deadline()));
            }
            case PUBLIC_REPORT -> {
                var r = reports.find(me, id).orElseThrow(() -> DomainException.notFound("群众举报"));
                if (r.enterpriseId() == null) {
                    throw DomainException.invalid("itemId", "该举报尚未确定涉及的企业，请先分派或核查确定企业后再抄告");
                }
                // the reporter's identity stays with the handling department: the referral carries what was reported only
                yield item(kind, id, r.enterpriseId(), "群众举报 " + r.code() + "：" + abbreviate(r.content(), 60), String.join("\n",
                        "企业：" + orDash(r.enterpriseName()),
                        "举报内容：" + r.content(),
                        "地点：" + orDash(r.location()) + "（" + r.regionName() + "）",
                        "核查情况：" + orDash(r.verificationNote())));
            }
        };
    }

    private Item item(Referrals.ItemKind kind, long id, long enterpriseId, String title, String summary) {
        String region = enterprises.findUnscoped(enterpriseId).orElseThrow().regionCode();
        return new Item(kind, id, enterpriseId, region, abbreviate(title, 200), abbreviate(summary, 2000));
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "—" : s;
    }

    public static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
