package cn.shuangkong.risk.internal;

import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.risk.RiskSheets;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.ReadsMayLag;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.stereotype.Component;

/**
 * 风险分级管控清单 as .xlsx: one row per risk event and measure, in the column order of the usual provincial template,
 * with each level cell in its colour and the level's name written out (colour alone is not enough to read); then the
 * register again in the five sheets of the import template, so that an exported register can be imported.
 */
@Component
public class RiskWorkbook {

    private static final List<String> HEAD = List.of("序号", "风险点编码", "风险点名称", "类型", "所属单位", "风险事件",
            "危险源描述", "危险和有害因素（GB/T 13861）", "事故类别（GB 6441）", "可能后果", "固有风险", "当前风险等级",
            "措施类型", "管控措施", "管控层级", "责任单位", "责任人", "联系电话", "排查内容", "排查周期",
            "风险分析单元", "作业步骤/检查项目");
    private static final Map<RiskLevel, String> FILL = Map.of(RiskLevel.MAJOR, "F8CBCB", RiskLevel.HIGH, "FAD7B5",
            RiskLevel.MODERATE, "FFF2AB", RiskLevel.LOW, "C9DDF5");

    private final Enterprises enterprises;
    private final RiskSheets sheets;
    private final RiskImport importer;

    RiskWorkbook(Enterprises enterprises, RiskSheets sheets, RiskImport importer) {
        this.enterprises = enterprises;
        this.sheets = sheets;
        this.importer = importer;
    }

    /** Writes the register of an enterprise in the caller's scope; not-found otherwise, before anything is written. */
    @ReadsMayLag
    public void write(Jurisdiction scope, long enterpriseId, OutputStream out) throws IOException {
        Enterprise e = enterprises.find(scope, enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        List<RiskSheets.Sheet> register = sheets.ofEnterprise(enterpriseId);
        try (var wb = new Workbook(out, "Shuangkong", "1.0")) {
            Worksheet ws = wb.newWorksheet("风险分级管控清单");
            ws.value(0, 0, e.name() + " 安全风险分级管控清单");
            ws.range(0, 0, 0, HEAD.size() - 1).merge();
            ws.style(0, 0).bold().fontSize(14).horizontalAlignment("center").set();
            for (int c = 0; c < HEAD.size(); c++) {
                ws.value(1, c, HEAD.get(c));
                ws.style(1, c).bold().fillColor("E5ECF4").wrapText(true).set();
            }
            int row = 2, n = 1;
            for (RiskSheets.Sheet s : register) {
                var p = s.point();
                for (RiskPoints.Event ev : s.events()) {
                    List<RiskPoints.Measure> ms = new ArrayList<>(s.measuresOf(ev));
                    if (ms.isEmpty()) ms.add(null); // an event without measures still appears, with empty measure columns
                    for (RiskPoints.Measure m : ms) {
                        Object[] v = {n++, p.code(), p.name(), p.kindLabel(), p.orgUnitName(), ev.name(), ev.hazard(),
                                s.factorName(ev), s.accidentTypeNames(ev), ev.consequence(), label(ev.inherent()),
                                label(ev.currentLevel()),
                                m == null ? null : m.typeLabel(), m == null ? null : m.description(),
                                m == null ? null : s.tierOf(m).label, m == null ? null : m.responsibleUnitName(),
                                m == null ? null : m.responsibleName(), m == null ? null : m.responsiblePhone(),
                                m == null ? null : m.checkContent(), m == null ? null : m.cycleLabel(),
                                s.unitName(ev), s.stepName(ev)};
                        for (int c = 0; c < v.length; c++) {
                            if (v[c] instanceof Number num) ws.value(row, c, num);
                            else if (v[c] != null) ws.value(row, c, v[c].toString());
                        }
                        fill(ws, row, 10, ev.inherent());
                        fill(ws, row, 11, ev.currentLevel());
                        row++;
                    }
                }
            }
            int[] widths = {6, 12, 18, 10, 14, 22, 30, 22, 14, 26, 10, 12, 10, 40, 8, 14, 8, 13, 36, 10, 20, 20};
            for (int c = 0; c < widths.length; c++) ws.width(c, widths[c]);
            ws.freezePane(3, 2);
            // The same register in the import's five sheets, so that the file reads back (see RiskImport).
            importer.writeDataSheets(wb, register);
        }
    }

    private static String label(RiskLevel level) {
        return level == null ? "未评价" : level.label;
    }

    private static void fill(Worksheet ws, int row, int col, RiskLevel level) {
        if (level != null) ws.style(row, col).fillColor(FILL.get(level)).bold().set();
    }
}
