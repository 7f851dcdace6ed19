package cn.shuangkong.hazard.internal;

import cn.shuangkong.hazard.Hazard;
import cn.shuangkong.hazard.HazardFacts;
import cn.shuangkong.hazard.Hazards;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.ReadsMayLag;
import cn.shuangkong.shared.Rows;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * 隐患排查治理台账 and its figures: the register of one enterprise as an Excel workbook (the record of the whole
 * process from 排查 to 销号 that the rules require), and found / rectified / overdue counts with the rectification
 * rate by level, per enterprise in the caller's jurisdiction.
 */
@Service
@ReadsMayLag
public class HazardLedger {

    static final int MAX_ROWS = 20_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /**
     * One enterprise's figures for one level: {@code found} counts the hazards found ({@link HazardFacts#countsAsFound}:
     * a 随手拍 awaiting confirmation is not one yet, as on the 驾驶舱, the 大屏 and in the bulletin), {@code open} those
     * not closed (as the 驾驶舱 and the home page count them). {@code rate} is the 驾驶舱's 整改率: closed ÷ (open + closed), as a percentage, null when there is
     * nothing to rectify — a report nobody has confirmed yet is no hazard left unrectified.
     */
    public record Figures(long found, long closed, long open, long overdue) {
        public BigDecimal rate() {
            long confirmed = open + closed;
            return confirmed == 0 ? null : BigDecimal.valueOf(closed * 100.0 / confirmed).setScale(1, java.math.RoundingMode.HALF_UP);
        }

        public static final Figures NONE = new Figures(0, 0, 0, 0);

        public Figures plus(Figures o) {
            return new Figures(found + o.found, closed + o.closed, open + o.open, overdue + o.overdue);
        }
    }

    /** An enterprise's figures by level and in total. */
    public record EnterpriseFigures(long enterpriseId, String enterpriseName, Figures general, Figures major) {
        public Figures total() {
            return general.plus(major);
        }
    }

    private final Hazards hazards;
    private final PersonNames names;
    private final JdbcClient jdbc;
    private final Enterprises enterprises;

    HazardLedger(Hazards hazards, PersonNames names, JdbcClient jdbc, Enterprises enterprises) {
        this.names = names;
        this.hazards = hazards;
        this.jdbc = jdbc;
        this.enterprises = enterprises;
    }

    /** Hazards of the enterprises in scope, found in the period (either end may be open), counted by level. */
    public List<EnterpriseFigures> figures(Jurisdiction scope, Long enterpriseId, LocalDate from, LocalDate to) {
        var filter = scope.enterpriseFilter("e");
        Map<String, Object> params = new HashMap<>(filter.params());
        StringBuilder where = new StringBuilder(" where ").append(filter.sql()).append(" and ").append(HazardFacts.countsAsFound("h"));
        if (enterpriseId != null) {
            where.append(" and e.id = :ent");
            params.put("ent", enterpriseId);
        }
        if (from != null) {
            where.append(" and h.found_at >= :from");
            params.put("from", java.sql.Timestamp.from(from.atStartOfDay(PlatformTime.zone()).toInstant()));
        }
        if (to != null) {
            where.append(" and h.found_at < :to");
            params.put("to", java.sql.Timestamp.from(to.plusDays(1).atStartOfDay(PlatformTime.zone()).toInstant()));
        }
        record Count(long enterpriseId, String name, String level, long found, long closed, long open, long overdue) {
            boolean major() {
                return "MAJOR".equals(level);
            }

            Figures figures() {
                return new Figures(found, closed, open, overdue);
            }
        }
        List<Count> counts = jdbc.sql("""
                select e.id as enterprise_id, e.name, h.level, count(*) as found,
                       count(*) filter (where h.state = 'CLOSED') as closed,
                       count(*) filter (where h.state <> 'CLOSED') as open,
                       count(*) filter (where h.overdue) as overdue
                  from hazard h join (%s) e on e.id = h.enterprise_id
                """.formatted(OrganizationFacts.enterprises()) + where + " group by e.id, e.name, h.level order by e.name")
                .params(params).query(Rows.of(Count.class)).list();
        var zero = Figures.NONE;
        Map<Long, EnterpriseFigures> byEnterprise = new LinkedHashMap<>();
        for (Count c : counts) {
            var current = byEnterprise.getOrDefault(c.enterpriseId(), new EnterpriseFigures(c.enterpriseId(), c.name(), zero, zero));
            byEnterprise.put(c.enterpriseId(), c.major()
                    ? new EnterpriseFigures(c.enterpriseId(), c.name(), current.general(), c.figures())
                    : new EnterpriseFigures(c.enterpriseId(), c.name(), c.figures(), current.major()));
        }
        return new ArrayList<>(byEnterprise.values());
    }

    /** Where a 台账 goes: given its file name (a download names it before the first byte), the stream to write it to. */
    public interface Destination {
        OutputStream open(String fileName) throws IOException;
    }

    /**
     * The 台账 of an enterprise in the caller's scope, filtered like the register, as an .xlsx; another enterprise is a
     * 404 before anything is written.
     */
    public void export(Jurisdiction scope, long enterpriseId, Hazards.Query query, Destination destination) throws IOException {
        var enterprise = enterprises.find(scope, enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        OutputStream out = destination.open(enterprise.name() + "-隐患排查治理台账.xlsx");
        Hazards.Query q = query.forEnterprise(enterpriseId);
        try (var wb = new Workbook(out, "Shuangkong", "1.0")) {
            Worksheet ws = wb.newWorksheet("隐患排查治理台账");
            List<String> head = List.of("序号", "隐患名称", "隐患等级", "重大隐患判定依据", "隐患类型", "隐患来源", "隐患部位", "隐患描述",
                    "发现人", "发现时间", "状态", "是否逾期", "整改责任人", "整改措施", "整改资金（元）", "整改期限", "应急预案",
                    "整改完成时间", "整改说明", "验收人", "验收时间", "验收意见", "挂牌督办文号", "督办级别", "销号时间");
            for (int c = 0; c < head.size(); c++) {
                ws.value(0, c, head.get(c));
                ws.style(0, c).bold().fillColor("DDEBF7").wrapText(true).set();
            }
            int row = 1;
            for (int p = 1; row <= MAX_ROWS; p++) {
                var items = hazards.search(scope, q, new PageResult.Request(p, 200)).items();
                for (Hazards.Row r : items) {
                    Hazard h = r.hazard();
                    Object[] v = {row, h.title(), h.level().label,
                            h.criterionText() != null ? h.criterionText() : h.majorReason(), h.type().label, h.source().label,
                            h.location(), h.description(), r.finderName() != null ? r.finderName() : names.nameOf(h.foundBy()), time(h.foundAt()),
                            h.state().label, h.overdue() ? "是" : "否", r.responsibleName() != null ? r.responsibleName() : names.nameOf(h.responsible()),
                            h.measures(), h.funds(), h.deadline() == null ? null : h.deadline().toString(), h.contingencyPlan(),
                            time(h.rectifiedAt()), h.rectificationNote(), names.nameOf(h.acceptedBy()), time(h.acceptedAt()),
                            h.acceptanceOpinion(), h.supervisionDocNo(), h.supervisionLevel(), time(h.closedAt())};
                    for (int c = 0; c < v.length; c++) {
                        if (v[c] instanceof Number n) ws.value(row, c, n);
                        else if (v[c] != null) ws.value(row, c, v[c].toString());
                    }
                    if (h.major()) ws.style(row, 2).fontColor("C62828").bold().set();
                    row++;
                }
                if (items.size() < 200) break;
            }
            ws.width(1, 28);
            ws.width(3, 36);
            ws.width(7, 40);
            ws.width(13, 36);
            ws.freezePane(2, 1);
        }
    }

    private static String time(Instant i) {
        return i == null ? null : TIME.withZone(PlatformTime.zone()).format(i);
    }
}
