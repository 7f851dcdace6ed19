package cn.shuangkong.organization;

import cn.shuangkong.organization.internal.EnterpriseWorkbook;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/** Ready-made upload files for page tests in other packages. */
public final class ExcelImportTestFiles {

    private ExcelImportTestFiles() {
    }

    public static ByteArrayInputStream brokenEnterpriseFile() throws IOException {
        return ExcelImportTest.workbook(EnterpriseWorkbook.COLUMNS, List.of(
                ExcelImportTest.enterpriseRow("", "12345", "321282102", -3)));
    }
}
