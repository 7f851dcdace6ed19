package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/** What a citizen on a phone sees when a photo is too big, and what anyone sees at an address that does not exist. */
class ErrorPagesBrowserTest extends PageTest {

    @Test
    void a_citizen_whose_photo_is_too_big_keeps_the_report_and_is_told_in_chinese() throws Exception {
        Path photo = Files.createTempFile("sk-big-photo", ".png");
        try {
            byte[] big = new byte[30 * 1024 * 1024];
            System.arraycopy(HostileInput.PNG, 0, big, 0, HostileInput.PNG.length);
            Files.write(photo, big);
            String content = "河边仓库堆放大量液化气钢瓶 " + UUID.randomUUID().toString().substring(0, 8);
            browser.phone().open("/public/report");
            browser.find("textarea[name=content]").sendKeys(content);
            new Select(browser.find("select[name=regionCode]")).selectByValue("321282100");
            browser.find("input[name=location]").sendKeys("新桥镇滨河路 3 号");
            browser.find("input[name=photos]").sendKeys(photo.toAbsolutePath().toString());
            browser.submit("#report-form button[type=submit]");

            assertThat(browser.awaitText("#report-error", t -> t.contains("无法接收"))).contains("大小限制");
            assertThat(browser.find("#photos-error").getText()).contains("请重新选择照片");
            assertThat(browser.find("textarea[name=content]").getAttribute("value")).isEqualTo(content);
            assertThat(browser.find("input[name=location]").getAttribute("value")).isEqualTo("新桥镇滨河路 3 号");
            browser.screenshot("public-report-photo-too-big");
        } finally {
            Files.deleteIfExists(photo);
        }
    }

    @Test
    void an_address_that_does_not_exist_is_the_platforms_own_page() {
        browser.open("/public/no-such-page");
        assertThat(browser.text()).contains("页面不存在").contains("返回首页");
        browser.screenshot("error-404");
    }
}
