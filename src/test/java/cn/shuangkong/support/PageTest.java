package cn.shuangkong.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/** A platform test driven through the pages: one Chromium per test class, back at desktop size before each test. */
public abstract class PageTest extends PlatformTest {

    protected static Browser browser;

    @BeforeEach
    void openBrowser() {
        if (browser == null) {
            browser = new Browser("http://localhost:" + port);
        }
        browser.desktop();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) browser.close();
        browser = null;
    }
}
