package cn.shuangkong.organization.internal;

import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.ImportReport;
import cn.shuangkong.shared.Spreadsheets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An enterprise's employees in from Excel, all-or-nothing like every import (docs/adr/0003). */
@Service
public class EmployeeWorkbook {

    public static final List<String> COLUMNS = List.of("姓名*", "手机号", "岗位", "职务");
    private static final int MAX_ROWS = 5000;

    private final OrgStructure structure;
    private final EmployeeChecks checks;

    private final StructureKeepers keepers;

    EmployeeWorkbook(OrgStructure structure, EmployeeChecks checks, StructureKeepers keepers) {
        this.structure = structure;
        this.checks = checks;
        this.keepers = keepers;
    }

    /**
     * The template for an enterprise whose people the actor may write ({@link StructureKeepers#writable}: 404 outside the
     * actor's scope, 403 for anyone but the enterprise's own and the platform), whole, before anything is sent: it is
     * the first half of the import, and the import is theirs only.
     */
    public byte[] template(Actor actor, long enterpriseId) throws IOException {
        var out = new ByteArrayOutputStream();
        template(keepers.writable(actor, enterpriseId), out);
        return out.toByteArray();
    }

    /** The template, with a second sheet listing the enterprise's posts by the names the import accepts. */
    public void template(long enterpriseId, OutputStream out) throws IOException {
        try (var wb = new Workbook(out, "Shuangkong", "1.0")) {
            Worksheet ws = wb.newWorksheet("员工");
            Spreadsheets.header(ws, COLUMNS);
            for (int c = 0; c < COLUMNS.size(); c++) ws.width(c, c == 2 ? 24 : 16);
            Worksheet posts = wb.newWorksheet("岗位名称");
            Spreadsheets.header(posts, List.of("岗位", "所属"));
            int r = 1;
            for (var unit : structure.units(enterpriseId)) {
                if (!unit.tier().equals(OrgStructure.Tier.POST.name())) continue;
                posts.value(r, 0, unit.name());
                posts.value(r++, 1, unit.path());
            }
            posts.width(0, 20);
            posts.width(1, 50);
        }
    }

    /**
     * An import into an enterprise whose people the actor may write ({@link StructureKeepers#writable}); no file
     * ({@code null}) is a report of that.
     */
    @Transactional
    public ImportReport importFrom(Actor actor, long enterpriseId, InputStream in) {
        long enterprise = keepers.writable(actor, enterpriseId);
        return in == null ? ImportReport.failed(0, "文件", "请选择要上传的 Excel 文件") : importFrom(enterprise, in);
    }

    @Transactional
    public ImportReport importFrom(long enterpriseId, InputStream in) {
        record Candidate(Long postId, String name, String phone, String jobTitle) { }
        List<ImportReport.RowError> errors = new ArrayList<>();
        List<Candidate> rows = new ArrayList<>();
        try (var wb = WorkbookFactory.create(in)) {
            Sheet sheet = wb.getSheetAt(0);
            Row head = sheet.getRow(0);
            if (head == null || !COLUMNS.get(0).equals(Spreadsheets.text(head.getCell(0)))) {
                return ImportReport.failed(1, "表头", "表头与模板不一致，请下载最新模板填写");
            }
            Set<String> phones = new HashSet<>();
            for (int i = 1; i <= sheet.getLastRowNum(); i++) {
                Row row = sheet.getRow(i);
                if (row == null || Spreadsheets.isBlank(row)) continue;
                if (rows.size() >= MAX_ROWS) {
                    errors.add(new ImportReport.RowError(i + 1, "", "超过 " + MAX_ROWS + " 行，请分多个文件导入"));
                    break;
                }
                String name = Spreadsheets.text(row.getCell(0));
                String phone = Spreadsheets.text(row.getCell(1));
                String post = Spreadsheets.text(row.getCell(2));
                Long postId = null;
                int before = errors.size();
                if (!post.isEmpty()) {
                    postId = checks.postNamed(enterpriseId, post).orElse(null);
                    if (postId == null) errors.add(new ImportReport.RowError(i + 1, "岗位", "没有名为“" + post + "”的岗位（或重名），见模板第二页"));
                }
                int excelRow = i + 1;
                checks.problemsOf(enterpriseId, postId, name, phone)
                        .forEach((field, message) -> errors.add(new ImportReport.RowError(excelRow, column(field), message)));
                if (!phone.isEmpty() && !phones.add(phone)) {
                    errors.add(new ImportReport.RowError(i + 1, "手机号", "与文件中前面的行重复"));
                }
                if (errors.size() == before) rows.add(new Candidate(postId, name, phone, Spreadsheets.text(row.getCell(3))));
            }
        } catch (IOException | RuntimeException e) {
            return ImportReport.failed(0, "文件", "无法读取该文件，请上传 .xlsx 格式的模板文件");
        }
        if (!errors.isEmpty()) return new ImportReport(0, errors);
        if (rows.isEmpty()) return ImportReport.failed(2, "", "文件中没有数据行");
        rows.forEach(c -> structure.addEmployee(enterpriseId, c.postId(), c.name(), c.phone(), c.jobTitle()));
        return new ImportReport(rows.size(), List.of());
    }

    private static String column(String field) {
        return switch (field) {
            case "name" -> "姓名*";
            case "phone" -> "手机号";
            case "postId" -> "岗位";
            default -> field;
        };
    }
}
