package cn.shuangkong.shared;

import java.util.List;

/**
 * The outcome of an all-or-nothing file import (docs/adr/0003): how many records were saved, or every problem found,
 * each with the Excel row number the user sees.
 */
public record ImportReport(int imported, List<RowError> errors) {

    /**
     * One problem: row number as shown in Excel, the column's header, what is wrong. Serializable: a page hands the
     * problems on to the page it redirects to as a flash attribute, which the session store (JDBC) serializes; a file
     * with errors answered 500 instead of listing them.
     */
    public record RowError(int row, String column, String message) implements java.io.Serializable { }

    public boolean ok() {
        return errors.isEmpty();
    }

    public static ImportReport failed(int row, String column, String message) {
        return new ImportReport(0, List.of(new RowError(row, column, message)));
    }
}
