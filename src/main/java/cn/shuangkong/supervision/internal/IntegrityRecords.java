package cn.shuangkong.supervision.internal;

import cn.shuangkong.hazard.HazardState;
import cn.shuangkong.hazard.Hazards;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.risk.DailyCommitments;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.Spreadsheets;
import cn.shuangkong.supervision.EnforcementInspections;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * 安全生产诚信档案: one enterprise's record as a regulator in scope reads and exports it — the daily 承诺公告 kept and
 * missed over the last {@link #COMMITMENT_DAYS} days, its 黑名单 listings, 约谈 and 通报, the findings of enforcement
 * inspections, and the hazards that went past their deadline. Read from the owning modules, nothing copied.
 */
@Component
public class IntegrityRecords {

    static final int COMMITMENT_DAYS = 90;

    /** The enterprise's record on the day it was read. */
    public record Record(Enterprise enterprise, LocalDate asOf, LocalDate commitmentsFrom, boolean hasRegister, int commitmentsDue,
                         int commitmentsKept, List<LocalDate> missedDays, List<Credit.Entry> listings,
                         List<Credit.SupervisionRecord> talksAndNotices, List<FindingLine> findings, List<OverdueHazard> overdueHazards) {
        /** Kept ÷ due as a percentage, or null where no 承诺公告 is due (no risk register). */
        public Integer commitmentRate() {
            return commitmentsDue == 0 ? null : Math.round(100f * commitmentsKept / commitmentsDue);
        }

        public long listingsInForce() {
            return listings.stream().filter(l -> l.state() == Credit.State.ACTIVE).count();
        }
    }

    /** A finding of an enforcement inspection, with the document that ordered it fixed. */
    public record FindingLine(LocalDate inspectedOn, String departmentName, String orderNo, String title, String basis,
                              LocalDate deadline, String state) { }

    /** A hazard that passed its deadline, whatever became of it since. */
    public record OverdueHazard(long id, String title, String level, LocalDate deadline, String state) { }

    private final Enterprises enterprises;
    private final DailyCommitments commitments;
    private final Credit credit;
    private final EnforcementInspections inspections;
    private final Hazards hazards;
    private final cn.shuangkong.risk.RiskDocuments documents;
    private final Clock clock;

    IntegrityRecords(Enterprises enterprises, DailyCommitments commitments, Credit credit, EnforcementInspections inspections,
                     Hazards hazards, cn.shuangkong.risk.RiskDocuments documents, Clock clock) {
        this.documents = documents;
        this.enterprises = enterprises;
        this.commitments = commitments;
        this.credit = credit;
        this.inspections = inspections;
        this.hazards = hazards;
        this.clock = clock;
    }

    public Record of(Jurisdiction scope, long enterpriseId) {
        Enterprise e = enterprises.find(scope, enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        LocalDate today = LocalDate.now(clock), from = today.minusDays(COMMITMENT_DAYS - 1);
        boolean register = !commitments.unitsOf(enterpriseId).isEmpty();
        Set<LocalDate> published = commitments.publishedDays(enterpriseId, from, today);
        List<LocalDate> missed = register
                ? Stream.iterate(from, d -> !d.isAfter(today), d -> d.plusDays(1)).filter(d -> !published.contains(d)).toList()
                : List.of();
        int due = register ? COMMITMENT_DAYS : 0;
        List<FindingLine> findings = inspections.list(scope, enterpriseId).stream()
                .flatMap(x -> x.findings().stream().map(f -> new FindingLine(x.inspectedOn(), x.departmentName(), x.orderNo(),
                        f.title(), f.basis(), f.deadline(), f.state().label() + "（隐患" + f.hazardState().label() + "）")))
                .toList();
        List<OverdueHazard> late = hazards.search(scope, Hazards.Query.of(null, null, null, true).forEnterprise(enterpriseId),
                        new PageResult.Request(1, 200)).items().stream()
                .map(r -> new OverdueHazard(r.hazard().id(), r.hazard().title(), r.hazard().level().label(), r.hazard().deadline(),
                        r.hazard().state() == HazardState.CLOSED ? "已销号" : r.hazard().state().label()))
                .toList();
        // proposals waiting or refused are not a listing: the record shows what took effect
        List<Credit.Entry> listings = credit.ofEnterprise(enterpriseId).stream()
                .filter(l -> l.state() == Credit.State.ACTIVE || l.state() == Credit.State.REMOVED).toList();
        return new Record(e, today, from, register, due, register ? published.size() : 0, missed, listings,
                credit.records(scope, enterpriseId), findings, late);
    }

    /** The record as a PDF with the platform's font, for the file or for a meeting. */
    public byte[] document(Jurisdiction scope, long enterpriseId) {
        return documents.render("pdf/integrity", java.util.Map.of("r", of(scope, enterpriseId)));
    }

    /** The record as an Excel workbook: a summary sheet and one sheet per part. */
    public byte[] workbook(Jurisdiction scope, long enterpriseId) {
        Record r = of(scope, enterpriseId);
        var out = new java.io.ByteArrayOutputStream();
        try (var wb = new org.dhatim.fastexcel.Workbook(out, "Shuangkong", "1.0")) {
            var s = wb.newWorksheet("诚信档案");
            Spreadsheets.header(s, List.of("项目", "内容"));
            String[][] summary = {
                    {"企业", r.enterprise().name()}, {"统一社会信用代码", r.enterprise().creditCode()},
                    {"所在地", r.enterprise().regionName()}, {"截至", r.asOf().toString()},
                    {"承诺公告（近 " + COMMITMENT_DAYS + " 天）", r.hasRegister() ? "应发布 " + r.commitmentsDue() + " 天，已发布 "
                            + r.commitmentsKept() + " 天（" + r.commitmentRate() + "%）" : "无风险清单，不需发布"},
                    {"黑名单", r.listings().isEmpty() ? "无" : r.listingsInForce() + " 条列入中，共 " + r.listings().size() + " 条"},
                    {"约谈、通报", r.talksAndNotices().size() + " 次"},
                    {"执法检查发现问题", r.findings().size() + " 项"},
                    {"隐患逾期", r.overdueHazards().size() + " 条"}};
            for (int i = 0; i < summary.length; i++) {
                s.value(i + 1, 0, summary[i][0]);
                s.value(i + 1, 1, summary[i][1]);
            }
            var m = wb.newWorksheet("未发布承诺公告");
            Spreadsheets.header(m, List.of("日期"));
            for (int i = 0; i < r.missedDays().size(); i++) m.value(i + 1, 0, r.missedDays().get(i).toString());
            var b = wb.newWorksheet("黑名单");
            Spreadsheets.header(b, List.of("列入部门", "事由", "起", "止", "状态", "移出理由"));
            for (int i = 0; i < r.listings().size(); i++) {
                var l = r.listings().get(i);
                Object[] row = {l.departmentName(), l.reason(), l.startDate(), l.endDate(), l.state().label(), l.removalReason()};
                put(b, i + 1, row);
            }
            var t = wb.newWorksheet("约谈通报");
            Spreadsheets.header(t, List.of("日期", "类别", "事由", "内容"));
            for (int i = 0; i < r.talksAndNotices().size(); i++) {
                var x = r.talksAndNotices().get(i);
                put(t, i + 1, new Object[] {x.heldOn(), x.kind().label(), x.subject(), x.content()});
            }
            var f = wb.newWorksheet("执法发现问题");
            Spreadsheets.header(f, List.of("检查日期", "执法部门", "指令书", "问题", "违反的规定", "整改期限", "状态"));
            for (int i = 0; i < r.findings().size(); i++) {
                var x = r.findings().get(i);
                put(f, i + 1, new Object[] {x.inspectedOn(), x.departmentName(), x.orderNo(), x.title(), x.basis(), x.deadline(), x.state()});
            }
            var h = wb.newWorksheet("逾期隐患");
            Spreadsheets.header(h, List.of("隐患编号", "隐患", "等级", "整改期限", "状态"));
            for (int i = 0; i < r.overdueHazards().size(); i++) {
                var x = r.overdueHazards().get(i);
                put(h, i + 1, new Object[] {x.id(), x.title(), x.level(), x.deadline(), x.state()});
            }
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static void put(org.dhatim.fastexcel.Worksheet ws, int row, Object[] values) {
        for (int c = 0; c < values.length; c++) {
            Object v = values[c];
            if (v instanceof Number n) ws.value(row, c, n);
            else ws.value(row, c, v == null ? "" : v.toString());
        }
    }
}
