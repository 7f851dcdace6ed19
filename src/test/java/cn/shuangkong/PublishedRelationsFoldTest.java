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

    private String plan(String sql) {
        return jdbc.sql("explain (costs off) " + sql).query(String.class).list().stream().collect(Collectors.joining("\n"));
    }
}
