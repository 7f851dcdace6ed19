package cn.shuangkong.audit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.support.PageTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** 审计日志 → 立即锚定 and 校验哈希链 as the admin sees them, with the tail of the chain cut off and put back. */
class AuditPagesTest extends PageTest {

    @Autowired
    AuditTrail trail;

    @Autowired
    EmbeddedPostgres postgres;

    @Test
    void the_admin_anchors_the_chain_and_the_verify_page_names_a_deleted_tail_in_chinese() throws Exception {
        trail.on(new StateChanged("页面篡改测试", "tamper_test", "page-1", "页面测试记录", enterpriseIdOf("ent_chem"), null));
        long first = jdbc.sql("select max(id) from audit_record where entity_type = 'tamper_test' and entity_id = 'page-1'").query(Long.class).single();
        browser.signIn("admin").open("/audit"); // signing in is audited: before the chain is held
        browser.submit("form[action$='/audit/checkpoint'] button");
        assertThat(browser.find("#checkpoint-result").getText()).contains("签名锚点", "截至编号");

        try (var db = new Tampering(postgres).save(first)) {
            db.unguarded("delete from audit_record where id >= ?", first);
            browser.submit("form[action$='/audit/verify'] button");
            assertThat(browser.find("#chain-result").getText()).contains("审计记录被篡改", "审计记录尾部被删除：最后锚点", "数据库只有");
            browser.screenshot("audit-verify-tail-deleted");
        }
        browser.submit("form[action$='/audit/verify'] button");
        assertThat(browser.find("#chain-result").getText()).startsWith("哈希链完整").contains("签名锚点一致");
        browser.screenshot("audit-verify-intact");
    }
}
