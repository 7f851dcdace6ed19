package cn.shuangkong.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.access.Accounts;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.supervision.internal.Credit;
import cn.shuangkong.support.AtOnce;
import cn.shuangkong.support.FreshEnterprise;
import cn.shuangkong.support.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An enforcement outcome proposes a 黑名单 listing on its own "unless one is already pending or standing" (ADR 0084): two
 * regulators' 指令书 or 复查 of one enterprise at the same moment both found none, both inserted, and the second broke the
 * one-open-entry index; its refusal then failed the regulator's whole 签发 or 复查 with it.
 */
class BlacklistRaceTest extends PlatformTest {

    @Autowired Credit credit;
    @Autowired Accounts accounts;
    @Autowired Enterprises enterprises;
    @Autowired PlatformTransactionManager transactions;

    @Test
    void outcomes_proposing_one_enterprise_at_the_same_moment_make_one_proposal_and_each_outcome_stands() throws Exception {
        long enterprise = FreshEnterprise.create(jdbc, "黑名单并发测试").id();
        var e = enterprises.findUnscoped(enterprise).orElseThrow();
        Actor city = accounts.signedInAs("gov_city");
        long department = jdbc.sql("select department_id from user_account where username = 'gov_city'").query(Long.class).single();
        var outcome = new TransactionTemplate(transactions); // as 签发指令书 and 复查 call it: inside their own transaction
        var proposals = AtOnce.run(6, i -> outcome.execute(status -> {
            var entry = credit.proposeFor(city, department, e, Credit.Basis.REPEATED, "一年内 3 次执法检查发现问题（并发测试 " + i + "）");
            // the outcome's own work after the proposal, which a failed statement before it would have aborted
            jdbc.sql("select count(*) from blacklist_entry where enterprise_id = :e").param("e", enterprise).query(Long.class).single();
            return entry.isPresent();
        }));
        assertThat(proposals).hasSize(6).allSatisfy(p -> assertThat(p.failure()).as("every outcome stands").isNull());
        assertThat(proposals.stream().filter(p -> p.value())).as("one of them proposes").hasSize(1);
        assertThat(jdbc.sql("select count(*) from blacklist_entry where enterprise_id = :e").param("e", enterprise)
                .query(Long.class).single()).isEqualTo(1);
    }
}
