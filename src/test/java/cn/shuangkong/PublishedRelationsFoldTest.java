package cn.shuangkong;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.access.AccessFacts;
import cn.shuangkong.files.FileFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.support.PlatformTest;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The owners' row-level relations cost their readers nothing (ADR 0041): composed into a query as {@code (relation) x},
 * PostgreSQL pulls them up, so the plan is the one the reader had when it named the owner's table itself. A relation
 * that stops folding (an aggregate, a {@code distinct}, a {@code limit} added to it) would put a Subquery Scan into
 * every reader's plan; this says so here rather than in a benchmark.
 */
class PublishedRelationsFoldTest extends PlatformTest {

    /** A relation, the table (with the relation's own alias) it stands for, and a key the readers look rows up by. */
    record Relation(String sql, String table, String key) { }

    @Test
    void each_relation_plans_as_its_table() {
        List<Relation> relations = List.of(
                new Relation(OrganizationFacts.enterprises(), "enterprise e", "e.id"),
                new Relation(OrganizationFacts.employees(), "employee em", "em.id"),
                new Relation(OrganizationFacts.regions(), "region", "code"),
                new Relation(OrganizationFacts.departments(), "department d", "d.id"),
                new Relation(RiskFacts.points(), "risk_point p", "p.id"),
                new Relation(RiskFacts.measures(), "control_measure m", "m.id"),
                new Relation(AccessFacts.accounts(), "user_account u", "u.username"),
                new Relation(FileFacts.files(), "stored_file f", "f.id"));
        assertThat(relations).isNotEmpty().allSatisfy(r -> {
            String column = r.key().substring(r.key().indexOf('.') + 1);
            String value = column.equals("id") ? "1" : "'1'";
            String composed = plan("select x.%s from (%s) x where x.%1$s = %s".formatted(column, r.sql(), value));
            assertThat(composed).as(r.table()).doesNotContain("Subquery Scan")
                    .isEqualTo(plan("select %s from %s where %1$s = %s".formatted(r.key(), r.table(), value)));
        });
    }

    @Test
    void a_reader_joining_enterprises_in_its_scope_keeps_its_plan() {
        String composed = plan("""
                select t.id from inspection_task t join (%s) e on e.id = t.enterprise_id
                 where e.region_code like '3212%%' and e.status = 'OPERATING' order by t.due_at desc limit 30"""
                .formatted(OrganizationFacts.enterprises()));
        assertThat(composed).doesNotContain("Subquery Scan").isEqualTo(plan("""
                select t.id from inspection_task t join enterprise e on e.id = t.enterprise_id
                 where e.region_code like '3212%' and e.status = 'OPERATING' order by t.due_at desc limit 30"""));
    }

    @Test
    void a_relation_on_the_outer_side_of_a_left_join_folds_too() {
        // points() carries a correlated count; on the nullable side of a join it must still be pulled up
        String composed = plan("select a.id, p.name from alarm a left join (%s) p on p.id = a.risk_point_id where a.id = 1"
                .formatted(RiskFacts.points()));
        assertThat(composed).doesNotContain("Subquery Scan").isEqualTo(
                plan("select a.id, p.name from alarm a left join risk_point p on p.id = a.risk_point_id where a.id = 1"));
    }

    @Test
    void the_hazard_register_and_a_notice_mail_keep_their_plans() {
        // hazard's list joins the enterprises in scope and two accounts (finder, responsible) for their names; the
        // baseline names the tables under the aliases the folded relations show (the second account's is numbered)
        String list = plan("""
                select h.id, e.name, f.display_name, r.display_name from hazard h join (%s) e on e.id = h.enterprise_id
                  left join (%s) f on f.username = h.found_by left join (%2$s) r on r.username = h.responsible
                 where e.region_code like '3212%%' order by h.overdue desc, h.level desc, h.found_at desc, h.id desc limit 20"""
                .formatted(OrganizationFacts.enterprises(), AccessFacts.accounts()));
        assertThat(list).doesNotContain("Subquery Scan").isEqualTo(plan("""
                select h.id, e.name, u.display_name, u_1.display_name from hazard h join enterprise e on e.id = h.enterprise_id
                  left join user_account u on u.username = h.found_by left join user_account u_1 on u_1.username = h.responsible
                 where e.region_code like '3212%' order by h.overdue desc, h.level desc, h.found_at desc, h.id desc limit 20"""));
        // a notice's address: the account's own, else its employee's
        String mail = plan("""
                select coalesce(nullif(a.email, ''), nullif(e.email, '')) from (%s) a left join (%s) e on e.id = a.employee_id
                 where a.username = 'admin' and a.enabled""".formatted(AccessFacts.accounts(), OrganizationFacts.employees()));
        assertThat(mail).doesNotContain("Subquery Scan").isEqualTo(plan("""
                select coalesce(nullif(u.email, ''), nullif(em.email, '')) from user_account u left join employee em on em.id = u.employee_id
                 where u.username = 'admin' and u.enabled"""));
    }

    private String plan(String sql) {
        return jdbc.sql("explain (costs off) " + sql).query(String.class).list().stream().collect(Collectors.joining("\n"));
    }
}
