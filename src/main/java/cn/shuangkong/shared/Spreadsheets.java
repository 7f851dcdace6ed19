package cn.shuangkong.shared;

import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.dhatim.fastexcel.Worksheet;

/** The conventions every Excel file of the platform shares: styled header rows, cell text as people typed it, download headers. */
public final class Spreadsheets {

    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final DataFormatter FORMAT = new DataFormatter(Locale.ROOT);

    private Spreadsheets() {
    }

    /** Writes a bold, shaded header row 0. */
    public static void header(Worksheet ws, List<String> columns) {
        for (int c = 0; c < columns.size(); c++) {
            ws.value(0, c, columns.get(c));
            ws.style(0, c).bold().fillColor("DDEBF7").set();
        }
    }

    /** A cell's text as Excel shows it (numbers without ".0", dates as formatted), trimmed; "" for an empty cell. */
    public static String text(Cell cell) {
        return cell == null ? "" : FORMAT.formatCellValue(cell).trim();
    }

    public static boolean isBlank(Row row) {
        for (Cell c : row) {
            if (!text(c).isEmpty()) return false;
        }
        return true;
    }

    /** Marks a response as an .xlsx download with a Chinese file name that every browser keeps. */
    public static void attachment(HttpServletResponse response, String filename) {
        response.setContentType(XLSX);
        response.setHeader("Content-Disposition", "attachment; filename*=UTF-8''" + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20"));
    }
}
