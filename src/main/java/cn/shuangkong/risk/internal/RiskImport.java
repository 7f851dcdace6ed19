package cn.shuangkong.risk.internal;

import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.AssessmentMethods;
import cn.shuangkong.risk.HazardDictionaries;
import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.risk.RiskSheets;
import cn.shuangkong.risk.internal.RiskDrafts.AssessmentDraft;
import cn.shuangkong.risk.internal.RiskDrafts.EventDraft;
import cn.shuangkong.risk.internal.RiskDrafts.MeasureDraft;
import cn.shuangkong.risk.internal.RiskDrafts.PointDraft;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.ImportReport;
import cn.shuangkong.shared.ImportReport.RowError;
import cn.shuangkong.shared.Spreadsheets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The register in from Excel, all-or-nothing (docs/adr/0003): risk points, their 风险分析单元, JHA steps / SCL check
 * items, risk events and control measures, one sheet each, in the columns the 风险分级管控清单 export writes too, so
 * that an exported register reads back. Every row goes through the same checks as the pages, inside one transaction
 * that is rolled back if any row is wrong; then every problem is listed by sheet, row and column. Imported events
 * carry no level: an optional analysis on the row is submitted as a version waiting for review and approval.
 */
@Service
public class RiskImport {

    public static final String POINTS = "风险点";
    public static final String UNITS = "风险分析单元";
    public static final String STEPS = "作业步骤与检查项目";
    public static final String EVENTS = "风险事件";
    public static final String MEASURES = "管控措施";

    /** Each data sheet's columns, in order; a star marks a required column. */
    public static final Map<String, List<String>> COLUMNS = Map.of(
            POINTS, List.of("风险点编码*", "风险点名称*", "类型*", "所属单位*", "位置", "重大危险源", "定期评审日期",
                    "包保主要负责人", "包保技术负责人", "包保操作负责人"),
            UNITS, List.of("风险点编码*", "单元名称*", "责任部门*", "责任人*"),
            STEPS, List.of("风险点编码*", "序号", "作业步骤/检查项目*", "作业内容/检查标准"),
            EVENTS, List.of("风险点编码*", "风险分析单元", "作业步骤/检查项目", "风险事件*", "危险源描述*",
                    "危险和有害因素*", "事故类别*", "事故类别标准", "可能后果*", "评价类别", "评价方法", "评价因子"),
            MEASURES, List.of("风险点编码*", "管控的风险事件*", "措施类型*", "措施内容*", "管控层级", "责任单位*", "责任人*",
                    "排查内容*", "排查周期*", "周期单位*"));
    public static final List<String> DATA_SHEETS = List.of(POINTS, UNITS, STEPS, EVENTS, MEASURES);
    private static final int MAX_ROWS = 3000;

    private final RiskRegistry registry;
    private final RiskUnits units;
    private final RiskWorksheets worksheets;
    private final RiskAssessments assessments;
    private final RiskPoints points;
    private final RiskSettings settings;
    private final HazardDictionaries dictionaries;
    private final ClassificationCodes codes;
    private final AssessmentMethods methods;
    private final OrgStructure structure;
    private final TransactionTemplate tx;

    RiskImport(RiskRegistry registry, RiskUnits units, RiskWorksheets worksheets, RiskAssessments assessments,
               RiskPoints points, RiskSettings settings, HazardDictionaries dictionaries, ClassificationCodes codes,
               AssessmentMethods methods, OrgStructure structure, PlatformTransactionManager transactions) {
        this.codes = codes;
        this.registry = registry;
        this.units = units;
        this.worksheets = worksheets;
        this.assessments = assessments;
        this.points = points;
        this.settings = settings;
        this.dictionaries = dictionaries;
        this.methods = methods;
        this.structure = structure;
        this.tx = new TransactionTemplate(transactions);
    }

    // ------------------------------------------------------------------------------------------------ the template

    /**
     * The empty template for an enterprise whose register the caller may write (else a 404, or a 403 for a regulator,
     * before anything is written): instructions, the five data sheets, and the names the import accepts.
     */
    public void template(Jurisdiction scope, long enterpriseId, OutputStream out) throws IOException {
        registry.checkWritable(scope, enterpriseId);
        try (var wb = new org.dhatim.fastexcel.Workbook(out, "Shuangkong", "1.0")) {
            instructions(wb.newWorksheet("填写说明"));
            for (String sheet : DATA_SHEETS) header(wb.newWorksheet(sheet), sheet);
            references(wb, enterpriseId);
        }
    }

    /** Writes the five data sheets with an enterprise's register, exactly as the import reads them (the export's round trip). */
    void writeDataSheets(org.dhatim.fastexcel.Workbook wb, List<RiskSheets.Sheet> register) {
        Worksheet p = header(wb.newWorksheet(POINTS), POINTS);
        Worksheet u = header(wb.newWorksheet(UNITS), UNITS);
        Worksheet st = header(wb.newWorksheet(STEPS), STEPS);
        Worksheet ev = header(wb.newWorksheet(EVENTS), EVENTS);
        Worksheet ms = header(wb.newWorksheet(MEASURES), MEASURES);
        int[] r = {1, 1, 1, 1, 1};
        // People are named as the import finds them: "姓名（手机号）" where the enterprise has two of that name.
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.Set<String> repeated = new java.util.HashSet<>();
        Map<Long, String> phones = new HashMap<>();
        if (!register.isEmpty()) {
            structure.employees(register.get(0).point().enterpriseId()).forEach(m -> {
                if (!seen.add(m.name())) repeated.add(m.name());
                if (m.phone() != null) phones.put(m.id(), m.phone());
            });
        }
        Function<Long, String> phoneOf = id -> id == null ? null : phones.get(id);
        java.util.function.BinaryOperator<String> person = (name, phone) ->
                name != null && repeated.contains(name) && phone != null ? name + "（" + phone + "）" : name;
        for (RiskSheets.Sheet s : register) {
            var pt = s.point();
            row(p, r[0]++, pt.code(), pt.name(), pt.kindLabel(), pt.orgUnitName(), pt.location(),
                    pt.majorHazardSource() ? "是" : "否", pt.reviewDue() == null ? null : pt.reviewDue().toString(),
                    person.apply(pt.guarantorPrincipal(), phoneOf.apply(pt.guarantorPrincipalId())),
                    person.apply(pt.guarantorTechnical(), phoneOf.apply(pt.guarantorTechnicalId())),
                    person.apply(pt.guarantorOperator(), phoneOf.apply(pt.guarantorOperatorId())));
            for (RiskPoints.Unit unit : s.units()) {
                row(u, r[1]++, pt.code(), unit.name(), unit.responsibleUnitName(),
                        person.apply(unit.responsibleName(), unit.responsiblePhone()));
            }
            for (RiskPoints.Step step : s.steps()) {
                row(st, r[2]++, pt.code(), String.valueOf(step.seq()), step.name(), step.standard());
            }
            for (RiskPoints.Event e : s.events()) {
                Optional<RiskPoints.Assessment> a = s.assessmentsOf(e).stream()
                        .filter(x -> x.status().equals(RiskTerms.SignOff.APPROVED.name()))
                        .max(java.util.Comparator.comparing((RiskPoints.Assessment x) -> x.basis().equals("RESIDUAL"))
                                .thenComparing(RiskPoints.Assessment::version));
                row(ev, r[3]++, pt.code(), s.unitName(e), s.stepName(e), e.name(), e.hazard(), s.factorName(e),
                        s.accidentTypeNames(e), s.editionOf(e), e.consequence(), a.map(RiskPoints.Assessment::basisLabel).orElse(null),
                        a.map(RiskPoints.Assessment::method).orElse(null), a.map(RiskPoints.Assessment::inputsText).orElse(null));
            }
            for (RiskPoints.Measure m : s.measures()) {
                row(ms, r[4]++, pt.code(), String.join("\n", m.eventIds().stream().map(id -> reference(s.events(), s.event(id))).toList()),
                        m.typeLabel(), m.description(), s.tierFollowsRule(m) ? null : s.tierOf(m).label, m.responsibleUnitName(),
                        person.apply(m.responsibleName(), m.responsiblePhone()), m.checkContent(),
                        m.checkCycle().stripTrailingZeros().toPlainString(),
                        RiskTerms.CycleUnit.valueOf(m.checkCycleUnit()).label);
            }
        }
    }

    /**
     * How a measure row names one of its point's events: by name, with its place among the events of that name
     * ("名称〔2〕") where the point has several, so that the reference reads back to the same event.
     */
    static String reference(List<RiskPoints.Event> events, RiskPoints.Event e) {
        List<RiskPoints.Event> same = events.stream().filter(x -> x.name().equals(e.name())).toList();
        return same.size() == 1 ? e.name() : e.name() + "〔" + (same.indexOf(e) + 1) + "〕";
    }

    private static Worksheet header(Worksheet ws, String sheet) {
        List<String> columns = COLUMNS.get(sheet);
        Spreadsheets.header(ws, columns);
        for (int c = 0; c < columns.size(); c++) {
            String h = columns.get(c);
            ws.width(c, h.contains("描述") || h.contains("措施内容") || h.contains("排查内容") || h.contains("后果") || h.contains("标准") && !h.contains("事故") ? 36
                    : h.startsWith("风险事件") || h.contains("风险事件") || h.contains("名称") || h.contains("步骤") ? 22 : 14);
        }
        ws.freezePane(0, 1);
        return ws;
    }

    private static void row(Worksheet ws, int r, String... values) {
        for (int c = 0; c < values.length; c++) {
            if (values[c] != null && !values[c].isBlank()) ws.value(r, c, values[c]);
        }
    }

    private void instructions(Worksheet ws) {
        String edition = settings.accidentEdition();
        String[] lines = {
                "安全风险分级管控清单 导入模板（风险分析对象 → 风险分析单元 → 风险事件 → 管控措施）",
                "",
                "1. 按工作表顺序填写：风险点、风险分析单元、作业步骤与检查项目、风险事件、管控措施。带 * 的列必填。各表用“风险点编码”关联。",
                "2. 风险点：类型填 设备设施 / 作业活动 / 场所区域 / 工艺；所属单位填本企业的车间、班组名称（见“组织机构”页）；重大危险源填 是/否；日期如 2027-06-30；重大危险源的三名包保责任人填姓名（见“人员”页），可不填。",
                "3. 风险分析单元：可不填，每个风险点自动有一个同名单元；拆分单元时填写责任部门和责任人（见“人员”页，重名时写“姓名（手机号）”）。",
                "4. 作业步骤与检查项目：作业活动用 JHA 填作业步骤（按作业顺序），设备设施、场所区域、工艺用 SCL 填检查项目和检查标准。风险事件中写到而此页未列的步骤会自动添加。",
                "5. 风险事件：危险和有害因素填 GB/T 13861 代码（如 2101，见“危险和有害因素”页）；事故类别填名称，多个用“、”分隔；事故类别标准留空即按平台当前设置（" + edition + "）。",
                "6. 评价（可选）：评价方法填 LEC / LS / MES，评价因子如“L=3，E=6，C=15”，评价类别填 固有风险 / 残余风险（默认残余）。导入后作为待审核版本，经审核、审定后生效。",
                "7. 管控措施：管控的风险事件填同一风险点下的事件名称，多个用“、”分隔；措施类型填 工程技术 / 管理 / 培训教育 / 个体防护 / 应急处置；管控层级留空即按风险等级；周期单位填 小时 / 班 / 天 / 周 / 月 / 季度 / 年。",
                "8. 任何一行有错误时整个文件都不会导入，页面会列出每处错误的工作表、行号、列和原因；改正后重新上传同一文件即可，不会产生重复数据。",
                "9. 从“导出 Excel 清单”得到的文件可直接作为导入文件（同名的风险点编码已存在时会被指出，请改编码或删除该行）。"};
        for (int i = 0; i < lines.length; i++) ws.value(i, 0, lines[i]);
        ws.style(0, 0).bold().fontSize(13).set();
        ws.width(0, 150);
    }

    private void references(org.dhatim.fastexcel.Workbook wb, long enterpriseId) {
        Worksheet units = wb.newWorksheet("组织机构");
        Spreadsheets.header(units, List.of("名称", "层级", "完整路径"));
        int r = 1;
        for (var u : structure.units(enterpriseId)) row(units, r++, u.name(), u.tierLabel(), u.path());
        units.width(0, 20);
        units.width(2, 50);
        Worksheet people = wb.newWorksheet("人员");
        Spreadsheets.header(people, List.of("姓名", "岗位", "手机号"));
        r = 1;
        for (var m : structure.employees(enterpriseId)) row(people, r++, m.name(), m.postName(), m.phone());
        people.width(0, 14);
        people.width(1, 20);
        people.width(2, 16);
        Worksheet types = wb.newWorksheet("事故类别");
        Spreadsheets.header(types, List.of("标准版本", "代码", "名称", "说明"));
        r = 1;
        for (var ed : dictionaries.editions()) {
            for (var t : ed.types().entrySet()) row(types, r++, ed.code(), t.getKey(), t.getValue(), ed.codesVerified() ? null : "官方序号未核实");
        }
        types.width(0, 16);
        types.width(2, 22);
        types.width(3, 16);
        Worksheet factors = wb.newWorksheet("危险和有害因素");
        Spreadsheets.header(factors, List.of("代码", "名称（" + HazardDictionaries.FACTOR_EDITION + "）"));
        r = 1;
        for (var f : dictionaries.factors()) row(factors, r++, f.code(), f.indented().substring(f.indented().indexOf(' ') + 1));
        factors.width(0, 10);
        factors.width(1, 50);
    }

    // ------------------------------------------------------------------------------------------------ the import

    /** One data row: its Excel row number and its cells by column header. */
    private record Line(int row, Map<String, String> cells) {
        String get(String column) {
            return cells.getOrDefault(column, "");
        }
    }

    /**
     * Imports into an enterprise the caller may write to; the actor becomes the analyst of any analysis on the rows.
     * Nothing is saved unless every row is right.
     */
    public ImportReport importFrom(Actor actor, long enterpriseId, InputStream in) {
        Enterprise e = registry.writable(actor.jurisdiction(), enterpriseId);
        Map<String, List<Line>> sheets = new LinkedHashMap<>();
        List<RowError> errors = new ArrayList<>();
        try (Workbook wb = WorkbookFactory.create(in)) {
            for (String name : DATA_SHEETS) {
                Sheet sheet = wb.getSheet(name);
                if (sheet == null) {
                    errors.add(new RowError(0, name, "缺少工作表“" + name + "”，请下载最新模板填写"));
                    continue;
                }
                sheets.put(name, read(sheet, name, errors));
            }
        } catch (IOException | RuntimeException ex) {
            return ImportReport.failed(0, "文件", "无法读取该文件，请上传 .xlsx 格式的模板文件");
        }
        if (!errors.isEmpty()) return new ImportReport(0, errors);
        int total = sheets.values().stream().mapToInt(List::size).sum();
        if (total == 0) return ImportReport.failed(2, "", "文件中没有数据行");
        if (total > MAX_ROWS) return ImportReport.failed(0, "文件", "超过 " + MAX_ROWS + " 行，请分多个文件导入");
        ImportReport report = tx.execute(status -> {
            var run = new Run(actor, e, errors);
            try {
                sheets.get(POINTS).forEach(run::point);
                sheets.get(UNITS).forEach(run::unit);
                sheets.get(STEPS).forEach(run::step);
                sheets.get(EVENTS).forEach(run::event);
                sheets.get(MEASURES).forEach(run::measure);
            } catch (DataAccessException ex) {
                errors.add(new RowError(run.current, "", "数据与已有记录冲突，未导入任何数据"));
            }
            if (!errors.isEmpty()) {
                status.setRollbackOnly();
                return new ImportReport(0, List.copyOf(errors));
            }
            return new ImportReport(total, List.of());
        });
        return report;
    }

    private static List<Line> read(Sheet sheet, String name, List<RowError> errors) {
        List<String> columns = COLUMNS.get(name);
        Row head = sheet.getRow(0);
        for (int c = 0; c < columns.size(); c++) {
            String h = head == null ? "" : Spreadsheets.text(head.getCell(c));
            if (h.isEmpty() && columns.subList(c, columns.size()).stream().noneMatch(x -> x.endsWith("*"))) break;
            if (!h.equals(columns.get(c))) {
                errors.add(new RowError(1, name + " · 表头", "第 " + (c + 1) + " 列应为“" + columns.get(c) + "”，请下载最新模板填写"));
                return List.of();
            }
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 1; i <= sheet.getLastRowNum(); i++) {
            Row row = sheet.getRow(i);
            if (row == null || Spreadsheets.isBlank(row)) continue;
            Map<String, String> cells = new HashMap<>();
            for (int c = 0; c < columns.size(); c++) cells.put(columns.get(c), Spreadsheets.text(row.getCell(c)));
            lines.add(new Line(i + 1, cells));
        }
        return lines;
    }

    /** One attempt at the whole file inside the transaction; every refusal becomes a row error. */
    private final class Run {
        private final Actor actor;
        private final Enterprise e;
        private final List<RowError> errors;
        private final List<OrgStructure.OrgUnit> orgUnits;
        private final List<OrgStructure.Employee> staff;
        /** Points of the file and of the register, by code; a point whose row failed maps to null. */
        private final Map<String, Long> pointIds = new HashMap<>();
        /** Points this file creates, and those whose default unit a unit row has taken over. */
        private final java.util.Set<Long> created = new java.util.HashSet<>();
        private final java.util.Set<Long> adopted = new java.util.HashSet<>();
        int current;

        Run(Actor actor, Enterprise e, List<RowError> errors) {
            this.actor = actor;
            this.e = e;
            this.errors = errors;
            this.orgUnits = structure.units(e.id());
            this.staff = structure.employees(e.id());
            points.ofEnterprise(e.id()).forEach(p -> pointIds.put(p.code(), p.id()));
        }

        void point(Line l) {
            current = l.row();
            String code = l.get("风险点编码*");
            if (code.isEmpty()) {
                error(l, POINTS, "风险点编码*", "风险点编码不能为空（各表用它关联）");
                return;
            }
            if (pointIds.containsKey(code)) {
                error(l, POINTS, "风险点编码*", pointIds.get(code) == null || created.contains(pointIds.get(code))
                        ? "风险点编码 " + code + " 在文件中重复"
                        : "本企业已有风险点编码 " + code + "：导出的清单导入本企业时请改用新编码或删除该行（导入其他企业无须修改）");
                // The row meant a new point: its units, steps, events and measures must not land on the existing one.
                pointIds.put(code, null);
                return;
            }
            int before = errors.size();
            String kind = label(RiskTerms.PointKind.values(), k -> k.label, l.get("类型*"));
            if (kind == null) error(l, POINTS, "类型*", "类型应为 设备设施 / 作业活动 / 场所区域 / 工艺");
            Long orgUnit = orgUnit(l, POINTS, "所属单位*");
            Boolean major = yesNo(l.get("重大危险源"));
            if (major == null) error(l, POINTS, "重大危险源", "应填“是”或“否”");
            LocalDate due = null;
            if (!l.get("定期评审日期").isEmpty()) {
                try {
                    due = LocalDate.parse(l.get("定期评审日期").replace('/', '-'));
                } catch (DateTimeParseException ex) {
                    error(l, POINTS, "定期评审日期", "日期格式应为 2027-06-30");
                }
            }
            Long principal = person(l, POINTS, "包保主要负责人", false);
            Long technical = person(l, POINTS, "包保技术负责人", false);
            Long operator = person(l, POINTS, "包保操作负责人", false);
            pointIds.put(code, null);
            if (errors.size() > before) return;
            try {
                long id = registry.insertPoint(e, new PointDraft(code, l.get("风险点名称*"), kind, orgUnit,
                        l.get("位置"), null, major, due, principal, technical, operator), "（Excel 导入）");
                pointIds.put(code, id);
                created.add(id);
            } catch (DomainException ex) {
                refused(l, POINTS, ex, Map.of("code", "风险点编码*", "name", "风险点名称*", "kind", "类型*", "orgUnitId", "所属单位*"));
            }
        }

        void unit(Line l) {
            current = l.row();
            Long pointId = pointOf(l, UNITS);
            if (pointId == null) return;
            String name = l.get("单元名称*");
            // A point made by this file starts with one default unit: its first unit row takes that one over (as the
            // export lists it first), so that the unit may, like it, still lack a responsible person.
            Optional<Long> existing = name.isEmpty() ? Optional.empty() : units.named(pointId, name);
            if (existing.isPresent()) adopted.add(pointId);
            else if (created.contains(pointId) && adopted.add(pointId)) existing = Optional.of(units.defaultUnit(pointId));
            int before = errors.size();
            Long dept = orgUnit(l, UNITS, "责任部门*");
            Long person = person(l, UNITS, "责任人*", existing.isEmpty());
            if (errors.size() > before) return;
            try {
                var draft = new RiskDrafts.UnitDraft(name, dept, person);
                if (existing.isPresent()) {
                    RiskPoints.Point p = points.find(actor.jurisdiction(), pointId).orElseThrow();
                    units.change(e, p, existing.get(), draft, false);
                } else {
                    units.add(e, pointId, draft);
                }
            } catch (DomainException ex) {
                refused(l, UNITS, ex, Map.of("name", "单元名称*", "responsibleUnitId", "责任部门*", "responsibleEmployeeId", "责任人*"));
            }
        }

        void step(Line l) {
            current = l.row();
            Long pointId = pointOf(l, STEPS);
            if (pointId == null) return;
            Integer seq = null;
            if (!l.get("序号").isEmpty()) {
                try {
                    seq = new BigDecimal(l.get("序号")).intValueExact();
                } catch (ArithmeticException | NumberFormatException ex) {
                    error(l, STEPS, "序号", "序号应为正整数");
                    return;
                }
            }
            try {
                RiskPoints.Point p = points.find(actor.jurisdiction(), pointId).orElseThrow();
                worksheets.add(e, p, new RiskDrafts.StepDraft(seq, l.get("作业步骤/检查项目*"), l.get("作业内容/检查标准")));
            } catch (DomainException ex) {
                refused(l, STEPS, ex, Map.of("name", "作业步骤/检查项目*", "standard", "作业内容/检查标准", "seq", "序号"));
            }
        }

        void event(Line l) {
            current = l.row();
            Long pointId = pointOf(l, EVENTS);
            if (pointId == null) return;
            int before = errors.size();
            String edition = l.get("事故类别标准").isEmpty() ? settings.accidentEdition() : l.get("事故类别标准");
            if (codes.edition(edition).isEmpty()) {
                error(l, EVENTS, "事故类别标准", "应为 GB 6441-1986 或 GB 6441-2025（留空按平台当前设置）");
            }
            List<String> types = new ArrayList<>();
            for (String name : split(l.get("事故类别*"))) {
                codes.accidentTypeCode(edition, name).ifPresentOrElse(types::add,
                        () -> error(l, EVENTS, "事故类别*", "“" + name + "”不是 " + edition + " 的事故类别，见“事故类别”页"));
            }
            String factor = l.get("危险和有害因素*").split("\\s+")[0];
            Long unitId = null;
            if (!l.get("风险分析单元").isEmpty()) {
                unitId = units.named(pointId, l.get("风险分析单元")).orElse(null);
                if (unitId == null) error(l, EVENTS, "风险分析单元", "该风险点下没有名为“" + l.get("风险分析单元") + "”的分析单元，请先在“风险分析单元”页登记");
            }
            AssessmentDraft analysis = analysis(l);
            if (errors.size() > before) return;
            try {
                Long stepId = null;
                if (!l.get("作业步骤/检查项目").isEmpty()) {
                    RiskPoints.Point p = points.find(actor.jurisdiction(), pointId).orElseThrow();
                    stepId = worksheets.named(e, p, l.get("作业步骤/检查项目"), null);
                }
                long eventId = registry.insertEvent(e, pointId, new EventDraft(l.get("风险事件*"), l.get("危险源描述*"), factor,
                        types, l.get("可能后果*"), unitId, stepId), edition);
                if (analysis != null) assessments.submit(actor, eventId, analysis);
            } catch (DomainException ex) {
                refused(l, EVENTS, ex, Map.of("name", "风险事件*", "hazard", "危险源描述*", "factorCode", "危险和有害因素*",
                        "accidentTypes", "事故类别*", "consequence", "可能后果*", "method", "评价方法", "basis", "评价类别",
                        "reason", "评价方法"));
            }
        }

        /** The optional analysis on an event row, checked against the method's scales; null when the row has none. */
        private AssessmentDraft analysis(Line l) {
            String method = l.get("评价方法").toUpperCase();
            if (method.isEmpty()) {
                if (!l.get("评价因子").isEmpty()) error(l, EVENTS, "评价方法", "填写了评价因子时须填写评价方法（LEC / LS / MES）");
                return null;
            }
            String basis = switch (l.get("评价类别")) {
                case "", "残余风险", "残余" -> "RESIDUAL";
                case "固有风险", "固有" -> "INHERENT";
                default -> null;
            };
            if (basis == null) {
                error(l, EVENTS, "评价类别", "应填“固有风险”或“残余风险”");
                return null;
            }
            Map<String, BigDecimal> inputs = new LinkedHashMap<>();
            for (String kv : l.get("评价因子").split("[,，;；\\s]+")) {
                if (kv.isBlank()) continue;
                String[] parts = kv.split("[=＝:：]");
                try {
                    inputs.put(parts[0].trim().toLowerCase(), new BigDecimal(parts[1].trim()));
                } catch (RuntimeException ex) {
                    error(l, EVENTS, "评价因子", "应写成“L=3，E=6，C=15”的形式");
                    return null;
                }
            }
            try {
                methods.evaluate(method, inputs);
            } catch (DomainException ex) {
                error(l, EVENTS, ex.fieldErrors().containsKey("method") ? "评价方法" : "评价因子", ex.getMessage());
                return null;
            }
            return new AssessmentDraft(basis, method, inputs, "Excel 导入的辨识评价");
        }

        void measure(Line l) {
            current = l.row();
            Long pointId = pointOf(l, MEASURES);
            if (pointId == null) return;
            int before = errors.size();
            String type = label(RiskTerms.MeasureType.values(), t -> t.label, l.get("措施类型*").replaceAll("措施$", ""));
            if (type == null) error(l, MEASURES, "措施类型*", "措施类型应为 工程技术 / 管理 / 培训教育 / 个体防护 / 应急处置");
            String tier = null;
            if (!l.get("管控层级").isEmpty()) {
                tier = label(OrgStructure.Tier.values(), t -> t.label, l.get("管控层级").replaceAll("级$", ""));
                if (tier == null) error(l, MEASURES, "管控层级", "管控层级应为 公司 / 车间 / 班组 / 岗位，或留空按风险等级");
            }
            Long unit = orgUnit(l, MEASURES, "责任单位*");
            Long person = person(l, MEASURES, "责任人*", true);
            BigDecimal cycle = null;
            try {
                cycle = new BigDecimal(l.get("排查周期*"));
            } catch (NumberFormatException ex) {
                error(l, MEASURES, "排查周期*", "排查周期应为大于 0 的数");
            }
            String cycleUnit = label(RiskTerms.CycleUnit.values(), u -> u.label, l.get("周期单位*"));
            if (cycleUnit == null) error(l, MEASURES, "周期单位*", "周期单位应为 小时 / 班 / 天 / 周 / 月 / 季度 / 年");
            List<Long> eventIds = new ArrayList<>();
            List<RiskPoints.Event> own = points.events(pointId);
            List<String> names = eventReferences(l.get("管控的风险事件*"), own);
            if (names.isEmpty()) error(l, MEASURES, "管控的风险事件*", "请填写该措施管控的风险事件名称");
            for (String reference : names) {
                var numbered = java.util.regex.Pattern.compile("^(.*)〔(\\d+)〕$").matcher(reference);
                String name = numbered.matches() ? numbered.group(1).strip() : reference;
                List<RiskPoints.Event> found = own.stream().filter(v -> v.name().equals(name)).toList();
                int nth = numbered.matches() ? Integer.parseInt(numbered.group(2)) : found.size() == 1 ? 1 : 0;
                if (nth >= 1 && nth <= found.size()) eventIds.add(found.get(nth - 1).id());
                else if (found.isEmpty()) error(l, MEASURES, "管控的风险事件*", "该风险点下没有名为“" + name + "”的风险事件");
                else if (numbered.matches()) error(l, MEASURES, "管控的风险事件*", "该风险点下只有 " + found.size() + " 个名为“" + name + "”的风险事件");
                else error(l, MEASURES, "管控的风险事件*", "该风险点下有 " + found.size() + " 个名为“" + name + "”的风险事件，请写成“"
                        + name + "〔1〕”至“" + name + "〔" + found.size() + "〕”（按“风险事件”页中的先后）区分");
            }
            if (errors.size() > before) return;
            try {
                registry.insertMeasure(e, pointId, new MeasureDraft(type, l.get("措施内容*"), tier, unit, person,
                        l.get("排查内容*"), cycle, cycleUnit, eventIds));
            } catch (DomainException ex) {
                refused(l, MEASURES, ex, Map.of("description", "措施内容*", "checkContent", "排查内容*", "checkCycle", "排查周期*",
                        "responsibleUnitId", "责任单位*", "responsibleEmployeeId", "责任人*", "eventIds", "管控的风险事件*"));
            }
        }

        /** The point a row refers to by code: one of this file or of the register; reported once when unknown. */
        private Long pointOf(Line l, String sheet) {
            String code = l.get("风险点编码*");
            if (code.isEmpty()) {
                error(l, sheet, "风险点编码*", "风险点编码不能为空");
                return null;
            }
            if (!pointIds.containsKey(code)) {
                error(l, sheet, "风险点编码*", "风险点编码 " + code + " 既不在“风险点”页，也不在本企业的风险清单中");
                return null;
            }
            return pointIds.get(code); // null: the point's own row failed, which is already listed
        }

        private Long orgUnit(Line l, String sheet, String column) {
            String name = l.get(column);
            if (name.isEmpty()) {
                error(l, sheet, column, column.replace("*", "") + "不能为空");
                return null;
            }
            List<OrgStructure.OrgUnit> found = orgUnits.stream().filter(u -> u.path().equals(name)).toList();
            if (found.isEmpty()) found = orgUnits.stream().filter(u -> u.name().equals(name)).toList();
            if (found.size() == 1) return found.get(0).id();
            error(l, sheet, column, found.isEmpty() ? "本企业没有名为“" + name + "”的单位，见“组织机构”页"
                    : "有多个名为“" + name + "”的单位，请填写“组织机构”页中的完整路径");
            return null;
        }

        /** An employee by name, or by "姓名（手机号）" when names repeat. */
        private Long person(Line l, String sheet, String column, boolean required) {
            String text = l.get(column);
            if (text.isEmpty()) {
                if (required) error(l, sheet, column, column.replace("*", "") + "不能为空");
                return null;
            }
            String name = text.replaceAll("[（(].*$", "").trim();
            String phone = text.contains("（") || text.contains("(") ? text.replaceAll("^.*[（(]|[）)].*$", "").trim() : null;
            List<OrgStructure.Employee> found = staff.stream().filter(m -> m.name().equals(name))
                    .filter(m -> phone == null || phone.equals(m.phone())).toList();
            if (found.size() == 1) return found.get(0).id();
            error(l, sheet, column, found.isEmpty() ? "本企业没有名为“" + text + "”的员工，见“人员”页"
                    : "本企业有多名“" + name + "”，请写成“姓名（手机号）”");
            return null;
        }

        private void refused(Line l, String sheet, DomainException ex, Map<String, String> columns) {
            if (ex.fieldErrors().isEmpty()) error(l, sheet, "", ex.getMessage());
            else ex.fieldErrors().forEach((field, message) -> error(l, sheet, columns.getOrDefault(field, field), message));
        }

        private void error(Line l, String sheet, String column, String message) {
            errors.add(new RowError(l.row(), column.isEmpty() ? sheet : sheet + " · " + column, message));
        }
    }

    /**
     * The events a measure row names: one per line (as the export writes them), else the whole cell if it is one
     * event's name (names may contain “、”), else the cell split at “、”, commas or semicolons.
     */
    private static List<String> eventReferences(String text, List<RiskPoints.Event> own) {
        if (text.contains("\n")) return Arrays.stream(text.split("\\R")).map(String::strip).filter(x -> !x.isEmpty()).toList();
        String whole = text.strip();
        if (own.stream().anyMatch(v -> v.name().equals(whole.replaceAll("〔\\d+〕$", "")))) return List.of(whole);
        return split(text);
    }

    private static List<String> split(String text) {
        return Arrays.stream(text.split("[、,，;；/]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Boolean yesNo(String text) {
        return switch (text.strip()) {
            case "", "否", "N", "n", "no", "false" -> false;
            case "是", "Y", "y", "yes", "true" -> true;
            default -> null;
        };
    }

    /** The enum constant whose label (or name) is the text, or null. */
    private static <E extends Enum<E>> String label(E[] values, Function<E, String> labelOf, String text) {
        String t = text == null ? "" : text.strip();
        return Arrays.stream(values).filter(v -> labelOf.apply(v).equals(t) || v.name().equalsIgnoreCase(t))
                .map(Enum::name).findFirst().orElse(null);
    }
}
