package cn.shuangkong.regional.internal;

import cn.shuangkong.hazard.HazardFacts;
import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.organization.Region;
import cn.shuangkong.organization.Regions;
import cn.shuangkong.regional.RegionalRisks;
import cn.shuangkong.risk.RiskDocuments;
import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.risk.RiskSheets;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * 一镇一册: a town's register of major safety risks (seed 003, 张政发[2016]16号 三（一）) — the 重大风险 of the
 * enterprises' filed registers and the public-area 重大风险 the regulators registered, with who controls and who
 * supervises each, for the town's party committee, government and 安委会 members. As PDF and as Excel.
 */
@Component
public class TownBook {

    /** An enterprise's major risk point with its regulators and its open hazards. */
    public record EnterpriseRisk(RiskSheets.Sheet sheet, String regulators, String hazards) { }

    /** The book of one town as the caller may see it. */
    public record Book(Region town, long enterprises, Map<Integer, Long> pointLevels, Map<Integer, Long> regionalLevels,
                       List<EnterpriseRisk> enterpriseRisks, List<RegionalRisks.Risk> regionalRisks, LocalDate date) {
        public long majorCount() {
            return enterpriseRisks.size() + regionalRisks.size();
        }
    }

    /** The owners' relations, composed into each statement (ADR 0041): enterprises and their risk points. */
    private static final String ENTERPRISES = "(" + OrganizationFacts.enterprises() + ")", POINTS = "(" + RiskFacts.points() + ")";

    private final JdbcClient jdbc;
    private final Regions regions;
    private final RegionalRisks regionalRisks;
    private final RiskSheets sheets;
    private final Departments departments;
    private final RiskDocuments documents;
    private final Clock clock;

    TownBook(JdbcClient jdbc, Regions regions, RegionalRisks regionalRisks, RiskSheets sheets, Departments departments,
             RiskDocuments documents, Clock clock) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.regionalRisks = regionalRisks;
        this.sheets = sheets;
        this.departments = departments;
        this.documents = documents;
        this.clock = clock;
    }

    /** The book of a town inside the caller's jurisdiction; any other code is not found. */
    public Book of(Jurisdiction scope, String townCode) {
        Region town = regions.find(townCode == null ? "" : townCode.trim()).filter(r -> r.level() == 4)
                .filter(r -> RegionalRisks.covers(scope, r.code()))
                .orElseThrow(() -> DomainException.notFound("乡镇（街道）"));
        var f = scope.enterpriseFilter("e");
        Map<String, Object> p = new LinkedHashMap<>(f.params());
        p.put("town", town.code() + "%");
        long enterprises = jdbc.sql("select count(*) from " + ENTERPRISES + " e where e.region_code like :town and " + f.sql())
                .params(p).query(Long.class).single();
        Map<Integer, Long> pointLevels = jdbc.sql("""
                select coalesce(p.level, 0) as level, count(*) as n from %s p join %s e on e.id = p.enterprise_id
                 where e.region_code like :town and %s group by 1
                """.formatted(POINTS, ENTERPRISES, f.sql())).params(p).query(Rows.pairs(Integer.class, Long.class));
        List<Long> ids = jdbc.sql("""
                select p.id from %s p join %s e on e.id = p.enterprise_id
                 where p.level = 1 and e.region_code like :town and %s order by e.name, p.code
                """.formatted(POINTS, ENTERPRISES, f.sql())).params(p).query(Long.class).list();
        Map<Long, String> hazards = openHazards(ids);
        Map<Long, String> regulators = new HashMap<>();
        List<EnterpriseRisk> risks = ids.stream().map(id -> sheets.of(scope, id)).map(s -> new EnterpriseRisk(s,
                regulators.computeIfAbsent(s.point().enterpriseId(), e -> departments.ofEnterprise(e).stream()
                        .map(Departments.Department::name).collect(Collectors.joining("、"))),
                hazards.getOrDefault(s.point().id(), "无"))).toList();
        List<RegionalRisks.Risk> all = regionalRisks.search(scope, town.code(), null);
        Map<Integer, Long> regionalLevels = all.stream().collect(Collectors.groupingBy(RegionalRisks.Risk::level, Collectors.counting()));
        return new Book(town, enterprises, pointLevels, regionalLevels, risks,
                all.stream().filter(r -> r.level() == 1).toList(), LocalDate.now(clock));
    }

    /** 存在隐患情况 of each point: titles of its open hazards. */
    private Map<Long, String> openHazards(List<Long> pointIds) {
        if (pointIds.isEmpty()) return new HashMap<>();
        return jdbc.sql("""
                select o.risk_point_id, o.titles from (%s) o where o.risk_point_id in (:ids)
                """.formatted(HazardFacts.openPerPoint())).param("ids", pointIds).query(Rows.pairs(Long.class, String.class));
    }

    public byte[] pdf(Jurisdiction scope, String townCode) {
        Book book = of(scope, townCode);
        Map<String, Object> v = new HashMap<>();
        v.put("b", book);
        v.put("levels", RiskLevel.values());
        Map<Long, String> names = new HashMap<>();
        book.regionalRisks().forEach(r -> names.put(r.id(), regionalRisks.accidentTypeNames(r)));
        v.put("names", names);
        return documents.render("pdf/town-book", v);
    }

    static final List<String> ENTERPRISE_HEAD = List.of("序号", "企业名称", "风险点名称", "位置", "诱发事故类型", "风险等级",
            "管控措施", "管控责任部门", "责任人", "手机号码", "存在隐患情况", "属地监管部门");
    static final List<String> REGIONAL_HEAD = List.of("序号", "类别", "风险名称", "位置", "主要危险因素", "可能导致的事故",
            "评价方法及分值", "风险等级", "管控措施", "监管责任部门", "责任人", "联系电话");

    public byte[] excel(Jurisdiction scope, String townCode) {
        Book book = of(scope, townCode);
        var out = new ByteArrayOutputStream();
        try (var wb = new Workbook(out, "Shuangkong", "1.0")) {
            Worksheet ws = wb.newWorksheet("企业重大风险");
            title(ws, book.town().name() + " 重大安全风险（一镇一册）· 企业 · " + book.date(), ENTERPRISE_HEAD);
            int row = 2;
            for (EnterpriseRisk r : book.enterpriseRisks()) {
                var s = r.sheet();
                var responsibles = s.responsibles();
                Object[] v = {row - 1, s.point().enterpriseName(), s.point().name(),
                        s.point().location() == null ? s.point().orgUnitName() : s.point().location(), s.accidentTypeNames(),
                        RiskLevel.MAJOR.label,
                        s.preventiveMeasures().stream().map(m -> "［" + m.typeLabel() + "］" + m.description()).collect(Collectors.joining("\n")),
                        responsibles.stream().map(m -> m.responsibleUnitName()).collect(Collectors.joining("\n")),
                        responsibles.stream().map(m -> m.responsibleName()).collect(Collectors.joining("\n")),
                        responsibles.stream().map(m -> m.responsiblePhone() == null ? "—" : m.responsiblePhone()).collect(Collectors.joining("\n")),
                        r.hazards(), r.regulators()};
                write(ws, row++, v);
            }
            widths(ws, 6, 26, 24, 20, 16, 10, 50, 14, 10, 14, 24, 30);
            Worksheet rs = wb.newWorksheet("公共区域重大风险");
            title(rs, book.town().name() + " 重大安全风险（一镇一册）· 公共区域 · " + book.date(), REGIONAL_HEAD);
            row = 2;
            for (RegionalRisks.Risk r : book.regionalRisks()) {
                write(rs, row++, new Object[] {row - 2, r.category(), r.name(), r.location(), r.hazard(),
                        regionalRisks.accidentTypeNames(r), r.scoreText(), r.riskLevel().label, r.measures(), r.department(),
                        r.responsible(), r.phone() == null ? "—" : r.phone()});
            }
            widths(rs, 6, 12, 24, 24, 30, 16, 12, 10, 50, 20, 10, 14);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static void title(Worksheet ws, String title, List<String> head) {
        ws.value(0, 0, title);
        ws.range(0, 0, 0, head.size() - 1).merge();
        ws.style(0, 0).bold().fontSize(14).horizontalAlignment("center").set();
        for (int c = 0; c < head.size(); c++) {
            ws.value(1, c, head.get(c));
            ws.style(1, c).bold().fillColor("E5ECF4").wrapText(true).set();
        }
        ws.freezePane(0, 2);
    }

    private static void write(Worksheet ws, int row, Object[] v) {
        for (int c = 0; c < v.length; c++) {
            if (v[c] instanceof Number n) ws.value(row, c, n);
            else if (v[c] != null) ws.value(row, c, v[c].toString());
            ws.style(row, c).wrapText(true).verticalAlignment("top").set();
        }
    }

    private static void widths(Worksheet ws, int... widths) {
        for (int c = 0; c < widths.length; c++) ws.width(c, widths[c]);
    }
}
