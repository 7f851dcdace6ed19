package cn.shuangkong.webhooks;

import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PageTest;
import cn.shuangkong.webhooks.internal.WebhookSender;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** 事件推送 as its owner uses it: subscribe on the page, see the secret once, then each delivery with its attempts. */
class WebhookPagesTest extends PageTest {

    @Autowired WebhookSender sender;

    @Test
    void an_owner_subscribes_on_the_page_and_reads_the_delivery_log() throws Exception {
        try (Receiver receiver = new Receiver()) {
            browser.loginAs("ent_chem").open("/webhooks");
            browser.find("input[name=name]").sendKeys("页面订阅测试");
            browser.find("input[name=url]").sendKeys(receiver.url("/page"));
            browser.submit("form.card button[type=submit]");
            String secret = browser.awaitText("#new-secret", t -> t.startsWith("whsec_"));
            assertThat(secret).hasSizeGreaterThan(40);
            assertThat(browser.text()).contains("只显示这一次", "页面订阅测试", "隐患登记", "正常");
            long id = jdbc.sql("select id from webhook_subscription where name = '页面订阅测试' and state = 'ACTIVE'").query(Long.class).single();
            try {
                receiver.answer("/page", 502);
                var r = loggedIn("ent_chem").post("/api/v1/hazards", Api.json(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION",
                        "title", "页面推送测试", "description", "页面推送测试", "location", "罐区")));
                assertThat(r.status()).isEqualTo(201);
                Instant end = Instant.now().plus(Patience.CONDITION);
                while (receiver.at("/page").isEmpty()) {
                    assertThat(Instant.now()).as("the first attempt").isBefore(end);
                    sender.sendDue();
                }
                browser.open("/webhooks/" + id);
                assertThat(browser.text()).contains("推送记录", "hazard.registered", "重试中", "502");
                browser.screenshot("webhook-deliveries");
                browser.open("/webhooks");
                assertThat(browser.all("#new-secret")).isEmpty();
                assertThat(browser.text()).doesNotContain(secret);
            } finally {
                jdbc.sql("update webhook_subscription set state = 'DELETED' where id = :id").param("id", id).update();
            }
        }
    }
}
