package cn.shuangkong.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.bulletin.internal.Quarter;
import cn.shuangkong.support.PageTest;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** 风险研判通报 as the town's regulator uses it: last quarter's draft waiting, the narrative written, signed and frozen. */
class BulletinPagesTest extends PageTest {

    @Test
    void the_town_regulator_finds_last_quarters_draft_writes_the_assessment_and_signs_it() {
        // the quarter before the demo's start, whose draft the demo made first (not the quarter before the shared clock,
        // which other tests move; nor the latest draft, as other tests draft their own)
        Quarter last = jdbc.sql("select year, quarter from risk_bulletin where region_code = '321282100' order by id limit 1")
                .query((rs, n) -> new Quarter(rs.getInt(1), rs.getInt(2))).single();
        browser.signIn("gov_town").open("/bulletins");
        assertThat(browser.text()).contains("风险动态信息通报", "新桥镇安全风险动态信息通报", last.label(), "草稿");
        var cityDrafts = jdbc.sql("select id from risk_bulletin where region_code = '321282' and state <> 'PUBLISHED'")
                .query(Long.class).list();
        assertThat(cityDrafts).as("the demo's city draft of last quarter").isNotEmpty();
        for (long draft : cityDrafts) {
            assertThat(browser.all("a[href='/bulletins/" + draft + "']")).as("the town sees no draft of the city above it").isEmpty();
        }
        browser.screenshot("bulletin-list");

        long id = jdbc.sql("select id from risk_bulletin where region_code = '321282100' and year = :y and quarter = :q and version = 1")
                .param("y", last.year()).param("q", last.quarter()).query(Long.class).single();
        browser.open("/bulletins/" + id);
        assertThat(browser.text()).contains("一、主要指标", "重大风险（期末）", "较上季度", "五、零报告企业", "新桥镇安全生产监督管理办公室");
        browser.find("textarea[name=opinion]").sendKeys("本季度辖区风险总体平稳。");
        browser.find("textarea[name=advice]").sendKeys("对零报告企业开展抽查。");
        browser.submit("#narrative button[type=submit]");
        assertThat(browser.awaitText(".alert.ok", t -> t.contains("已保存"))).contains("研判意见和工作建议已保存");
        browser.screenshot("bulletin-draft");

        browser.submit("form[action$='/sign'] button");
        assertThat(browser.awaitText("#state", t -> t.contains("已签发"))).contains("已签发");
        assertThat(browser.find("#pdf-hash").getText()).hasSize(64);
        assertThat(browser.all("textarea")).as("frozen: nothing to edit").isEmpty();
        assertThat(browser.text()).contains("本季度辖区风险总体平稳。", "季春林");
        browser.screenshot("bulletin-signed");
    }
}
