package cn.shuangkong.shared;

import java.util.List;

/**
 * The outcome of an all-or-nothing file import (docs/adr/0003): how many records were saved, or every problem found,
 * each with the Excel row number the user sees.
 */
public record ImportReport(int imported, List<RowError> errors) {

    /** One problem: row number as shown in Excel, the column's header, what is wrong. */
    public record RowError(int row, String column, String message) { }

    public boolean ok() {
        return errors.isEmpty();
    }

    public static ImportReport failed(int row, String column, String message) {
        return new ImportReport(0, List.of(new RowError(row, column, message)));
    }
}
