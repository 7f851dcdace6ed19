package cn.shuangkong.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.supervision.internal.EnterpriseRatings;
import cn.shuangkong.support.PlatformTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A recompute writes its ratings and their history as one statement each (ADR 0053), not one per enterprise: every
 * rating is written, a history row only where the score or level moved and in enterprise order as single inserts took
 * their ids, and the level read model that the statement's trigger keeps (V226) follows each rating.
 */
class RatingWritesTest extends PlatformTest {

    @Autowired
    EnterpriseRatings ratings;

    record Saved(long enterpriseId, int score, String level) { }

    @Test
    void a_recompute_of_several_enterprises_writes_each_rating_its_history_in_order_and_the_level_facts() {
        List<Saved> rated = jdbc.sql("select enterprise_id, score, level from enterprise_rating where score > 0 order by enterprise_id limit 3")
                .query(Saved.class).list();
        assertThat(rated).hasSize(3);
        rated.forEach(r -> OwedRatings.awaitRecomputed(jdbc, r.enterpriseId()));
        // what their inputs give at this clock (a stored rating was computed at whatever clock other tests had set)
        Map<Long, String> now = new LinkedHashMap<>();
        rated.forEach(r -> now.put(r.enterpriseId(), "写入测试：对齐"));
        ratings.recompute(now);
        rated = jdbc.sql("select enterprise_id, score, level from enterprise_rating where enterprise_id = any(:ids) order by enterprise_id")
                .param("ids", rated.stream().map(Saved::enterpriseId).toArray(Long[]::new)).query(Saved.class).list();
        // a rating that no longer says what its inputs give: the recompute must move it back and record the move
        Long[] ids = rated.stream().map(Saved::enterpriseId).toArray(Long[]::new);
        jdbc.sql("update enterprise_rating set score = 0, level = 'BLUE' where enterprise_id = any(:ids)").param("ids", ids).update();
        long lastHistory = jdbc.sql("select coalesce(max(id), 0) from enterprise_rating_history").query(Long.class).single();

        Map<Long, String> reasons = new LinkedHashMap<>(); // asked for in reverse: written in enterprise order all the same
        for (int i = rated.size() - 1; i >= 0; i--) reasons.put(rated.get(i).enterpriseId(), "写入测试");
        ratings.recompute(reasons);

        assertThat(jdbc.sql("select enterprise_id, score, level from enterprise_rating where enterprise_id = any(:ids) order by enterprise_id")
                .param("ids", ids).query(Saved.class).list()).isEqualTo(rated);
        assertThat(jdbc.sql("select enterprise_id, score, level from enterprise_rating_history where id > :last and reason = '写入测试' order by id")
                .param("last", lastHistory).query(Saved.class).list()).isEqualTo(rated);
        assertThat(jdbc.sql("""
                select count(*) from enterprise_level_facts f join enterprise_rating r on r.enterprise_id = f.enterprise_id
                 where f.enterprise_id = any(:ids)
                   and f.level = case r.level when 'RED' then 1 when 'ORANGE' then 2 when 'YELLOW' then 3 when 'BLUE' then 4 end
                """).param("ids", ids).query(Long.class).single()).isEqualTo(rated.size());

        // nothing moved this time: no history row, the same ratings
        ratings.recompute(reasons);
        assertThat(jdbc.sql("select count(*) from enterprise_rating_history where id > :last and reason = '写入测试'")
                .param("last", lastHistory).query(Long.class).single()).isEqualTo(rated.size());
    }
}
