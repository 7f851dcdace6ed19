package cn.shuangkong.organization.internal;

import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.EnterpriseDraft;
import cn.shuangkong.organization.EnterpriseRegistry;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.Industries;
import cn.shuangkong.organization.Region;
import cn.shuangkong.organization.Regions;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.ImportReport;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.ReadsMayLag;
import cn.shuangkong.shared.Spreadsheets;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Enterprises in and out of Excel: the list export, the import template, and the import itself. An import is
 * all-or-nothing: every row is checked first and, if any row is wrong, nothing is saved and every error is reported
 * with its row number (see docs/adr/0003-excel-import-all-or-nothing.md).
 */
@Service
public class EnterpriseWorkbook {

    public static final List<String> COLUMNS = List.of("企业名称*", "统一社会信用代码*", "行业代码*", "乡镇（街道）代码*", "企业规模",
            "从业人数*", "地址", "经度", "纬度", "主要负责人", "主要负责人电话", "安全管理人员", "安全管理人员电话", "重点监管特征");
    static final int MAX_ROWS = 5000;
    static final int MAX_EXPORT = 50_000;

    private final Enterprises enterprises;
    private final EnterpriseRegistry registry;
    private final Regions regions;
    private final Industries industries;
    private final Validator validator;

    EnterpriseWorkbook(Enterprises enterprises, EnterpriseRegistry registry, Regions regions, Industries industries, Validator validator) {
        this.enterprises = enterprises;
        this.registry = registry;
        this.regions = regions;
        this.industries = industries;
        this.validator = validator;
    }

    /** The enterprise list as filtered on the page, as an .xlsx. */
    @ReadsMayLag
    public void export(Jurisdiction scope, Enterprises.Query query, OutputStream out) throws IOException {
        var page = enterprises.search(scope, query, new PageResult.Request(1, 200));
        try (var wb = new Workbook(out, "Shuangkong", "1.0")) {
            Worksheet ws = wb.newWorksheet("企业清单");
            List<String> head = List.of("序号", "企业名称", "统一社会信用代码", "行业", "行业代码", "乡镇（街道）", "规模", "从业人数",
                    "状态", "重点监管特征", "主要负责人", "电话", "安全管理人员", "电话", "地址");
            Spreadsheets.header(ws, head);
            int row = 1;
            for (int p = 1; row <= MAX_EXPORT; p++) {
                var items = p == 1 ? page.items() : enterprises.search(scope, query, new PageResult.Request(p, 200)).items();
                if (items.isEmpty()) break;
                for (Enterprise e : items) {
                    Object[] values = {row, e.name(), e.creditCode(), industries.nameOf(e.industryCode()), e.industryCode(),
                            e.regionName(), e.scaleLabel(), e.headcount(), e.statusLabel(), String.join("、", e.flagLabels()),
                            e.principalName(), e.principalPhone(), e.safetyManagerName(), e.safetyManagerPhone(), e.address()};
                    for (int c = 0; c < values.length; c++) {
                        if (values[c] instanceof Number n) ws.value(row, c, n);
                        else if (values[c] != null) ws.value(row, c, values[c].toString());
                    }
                    row++;
                }
                if (items.size() < 200) break;
            }
            ws.width(1, 34);
            ws.width(2, 22);
            ws.width(3, 26);
            ws.width(14, 36);
        }
    }

    /** The import template: the columns, one example row, and a sheet of the region codes the user may use. */
    public void template(Jurisdiction scope, OutputStream out) throws IOException {
        try (var wb = new Workbook(out, "Shuangkong", "1.0")) {
            Worksheet ws = wb.newWorksheet("企业");
            Spreadsheets.header(ws, COLUMNS);
            Object[] example = {"江苏示例化工有限公司", "91321282MA1XXXXXXX", "C2614", "321282401", "SMALL", 120,
                    "靖江市滨江新区示例路1号", 120.35, 32.02, "张三", "13900000000", "李四", "13900000001", "危化品、有限空间"};
            for (int c = 0; c < example.length; c++) {
                if (example[c] instanceof Number n) ws.value(1, c, n);
                else ws.value(1, c, example[c].toString());
                ws.style(1, c).fontColor("808080").set();
            }
            for (int c = 0; c < COLUMNS.size(); c++) ws.width(c, c == 0 || c == 6 ? 30 : 16);
            Worksheet help = wb.newWorksheet("填写说明");
            String[] lines = {"第一行为表头，请勿修改；第二行为示例（灰色），导入前请删除。",
                    "带 * 的列必填。统一社会信用代码须为18位且校验位正确（GB 32100）。",
                    "企业规模填 LARGE/MEDIUM/SMALL/MICRO（大型/中型/小型/微型），也可填中文。",
                    "重点监管特征可填多个，以顿号分隔：重大危险源、危化品、涉爆粉尘、有限空间、涉氨制冷、人员密集场所。",
                    "任何一行有错误时整个文件都不会导入，系统会列出所有错误行，改正后重新上传即可。",
                    "每个文件最多 " + MAX_ROWS + " 行。"};
            for (int i = 0; i < lines.length; i++) help.value(i, 0, lines[i]);
            help.width(0, 90);
            Worksheet codes = wb.newWorksheet("乡镇（街道）代码");
            Spreadsheets.header(codes, List.of("代码", "名称"));
            String root = scope.regionPrefix() != null ? scope.regionPrefix() : "";
            int r = 1;
            for (Region town : root.isEmpty() ? allTowns() : regions.townsUnder(root)) {
                codes.value(r, 0, town.code());
                codes.value(r++, 1, town.name());
            }
            codes.width(0, 14);
            codes.width(1, 24);
            Worksheet ind = wb.newWorksheet("行业代码");
            Spreadsheets.header(ind, List.of("代码", "名称"));
            r = 1;
            for (var e : industries.all().entrySet()) {
                ind.value(r, 0, e.getKey());
                ind.value(r++, 1, e.getValue());
            }
            ind.width(1, 40);
        }
    }

    private List<Region> allTowns() {
        List<Region> towns = new ArrayList<>();
        for (Region root : regions.roots()) towns.addAll(regions.townsUnder(root.code()));
        return towns;
    }

    /** Checks every row, then registers all of them in one transaction, or none. */
    @Transactional
    public ImportReport importFrom(Jurisdiction scope, InputStream in) {
        List<ImportReport.RowError> errors = new ArrayList<>();
        List<EnterpriseDraft> drafts = new ArrayList<>();
        List<Integer> rowNumbers = new ArrayList<>();
        try (var wb = WorkbookFactory.create(in)) {
            Sheet sheet = wb.getSheetAt(0);
            Row head = sheet.getRow(0);
            if (head == null || !COLUMNS.get(0).equals(Spreadsheets.text(head.getCell(0))) || !COLUMNS.get(1).equals(Spreadsheets.text(head.getCell(1)))) {
                return ImportReport.failed(1, "表头", "表头与模板不一致，请下载最新模板填写");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 1; i <= sheet.getLastRowNum(); i++) {
                Row row = sheet.getRow(i);
                if (row == null || Spreadsheets.isBlank(row)) continue;
                if (drafts.size() >= MAX_ROWS) {
                    errors.add(new ImportReport.RowError(i + 1, "", "超过 " + MAX_ROWS + " 行，请分多个文件导入"));
                    break;
                }
                int before = errors.size();
                EnterpriseDraft d = parse(row, i + 1, errors);
                if (d == null) continue;
                d = d.normalized();
                for (var v : validator.validate(d)) {
                    errors.add(new ImportReport.RowError(i + 1, columnOf(v.getPropertyPath().toString()), v.getMessage()));
                }
                if (d.creditCode() != null && !seen.add(d.creditCode())) {
                    errors.add(new ImportReport.RowError(i + 1, COLUMNS.get(1), "与文件中前面的行重复"));
                } else if (d.creditCode() != null && enterprises.idOfCreditCode(d.creditCode()).isPresent()) {
                    errors.add(new ImportReport.RowError(i + 1, COLUMNS.get(1), "平台中已有该信用代码的企业"));
                }
                if (d.industryCode() != null && !d.industryCode().isBlank() && !industries.isKnown(d.industryCode())) {
                    errors.add(new ImportReport.RowError(i + 1, COLUMNS.get(2), "未知的行业代码"));
                }
                var region = d.regionCode() == null ? null : regions.find(d.regionCode()).orElse(null);
                if (region == null || region.level() < 4) {
                    errors.add(new ImportReport.RowError(i + 1, COLUMNS.get(3), "未知的乡镇（街道）代码，见模板中的代码表"));
                } else if (scope.kind() == Jurisdiction.Kind.REGULATOR && !scope.covers(-1, d.regionCode(), d.industryCode(), false)) {
                    errors.add(new ImportReport.RowError(i + 1, COLUMNS.get(3), "该区划或行业不在您的监管范围内"));
                }
                if (errors.size() == before) {
                    drafts.add(d);
                    rowNumbers.add(i + 1);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DomainException de) throw de;
            return ImportReport.failed(0, "文件", "无法读取该文件，请上传 .xlsx 格式的模板文件");
        }
        if (!errors.isEmpty()) {
            return new ImportReport(0, errors);
        }
        if (drafts.isEmpty()) {
            return ImportReport.failed(2, "", "文件中没有数据行");
        }
        drafts.forEach(d -> registry.register(scope, d));
        return new ImportReport(drafts.size(), List.of());
    }

    private EnterpriseDraft parse(Row row, int rowNumber, List<ImportReport.RowError> errors) {
        Map<String, String> v = new LinkedHashMap<>();
        for (int c = 0; c < COLUMNS.size(); c++) v.put(COLUMNS.get(c), Spreadsheets.text(row.getCell(c)));
        Integer headcount = null;
        BigDecimal lon = null, lat = null;
        try {
            String h = v.get("从业人数*");
            headcount = h.isBlank() ? null : new BigDecimal(h).intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            errors.add(new ImportReport.RowError(rowNumber, "从业人数*", "应为整数"));
        }
        try {
            lon = v.get("经度").isBlank() ? null : new BigDecimal(v.get("经度"));
            lat = v.get("纬度").isBlank() ? null : new BigDecimal(v.get("纬度"));
        } catch (NumberFormatException e) {
            errors.add(new ImportReport.RowError(rowNumber, "经度/纬度", "应为数字"));
        }
        String scale = switch (v.get("企业规模")) {
            case "大型" -> "LARGE";
            case "中型" -> "MEDIUM";
            case "小型" -> "SMALL";
            case "微型" -> "MICRO";
            default -> v.get("企业规模").toUpperCase();
        };
        String flags = v.get("重点监管特征");
        return new EnterpriseDraft(v.get("企业名称*"), v.get("统一社会信用代码*"), v.get("行业代码*"), v.get("乡镇（街道）代码*"),
                null, scale, headcount, v.get("地址"), lon, lat, v.get("主要负责人"), v.get("主要负责人电话"),
                v.get("安全管理人员"), v.get("安全管理人员电话"), "OPERATING", flags.contains("重大危险源"),
                flags.contains("涉爆粉尘"), flags.contains("有限空间"), flags.contains("涉氨制冷"), flags.contains("危化品"),
                flags.contains("人员密集场所"));
    }

    private static String columnOf(String property) {
        return switch (property) {
            case "name" -> "企业名称*";
            case "creditCode" -> "统一社会信用代码*";
            case "industryCode" -> "行业代码*";
            case "regionCode" -> "乡镇（街道）代码*";
            case "scale" -> "企业规模";
            case "headcount" -> "从业人数*";
            case "longitude" -> "经度";
            case "latitude" -> "纬度";
            case "principalPhone" -> "主要负责人电话";
            case "safetyManagerPhone" -> "安全管理人员电话";
            default -> property;
        };
    }
}
