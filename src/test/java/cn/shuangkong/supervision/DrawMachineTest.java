package cn.shuangkong.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.shared.DomainException;
import cn.shuangkong.supervision.internal.DrawMachine.Candidate;
import cn.shuangkong.supervision.internal.DrawMachine.Conflict;
import cn.shuangkong.supervision.internal.DrawMachine.Inspector;
import cn.shuangkong.supervision.internal.DrawMachine.Pick;
import cn.shuangkong.supervision.internal.DrawMachine;
import cn.shuangkong.supervision.internal.RatingLevel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 双随机: the same seed and lists give the same draw; red enterprises come up more often; conflicts are avoided. */
class DrawMachineTest {

    private static final List<Candidate> POOL = pool();
    private static final List<Inspector> STAFF = List.of(new Inspector(1, "周卫东"), new Inspector(2, "陈海峰"),
            new Inspector(3, "李建国"), new Inspector(4, "王秀英"), new Inspector(5, "张志强"));

    /** 5 red (weight 8) and 25 blue (weight 1) enterprises. */
    private static List<Candidate> pool() {
        List<Candidate> out = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            boolean red = i <= 5;
            out.add(new Candidate(100 + i, "企业" + i, red ? RatingLevel.RED : RatingLevel.BLUE, red ? 8 : 1));
        }
        return out;
    }

    private static List<String> summary(List<Pick> picks) {
        return picks.stream().map(p -> p.enterprise().id() + ":" + p.team().stream().map(Inspector::id).toList()).toList();
    }

    @Test
    void the_same_seed_and_lists_give_the_same_draw_whatever_order_the_lists_come_in() {
        var first = DrawMachine.draw(20260315L, POOL, 6, STAFF, 2, List.of());
        List<Candidate> shuffledPool = new ArrayList<>(POOL);
        Collections.shuffle(shuffledPool, new java.util.Random(7));
        List<Inspector> shuffledStaff = new ArrayList<>(STAFF);
        Collections.reverse(shuffledStaff);
        var again = DrawMachine.draw(20260315L, shuffledPool, 6, shuffledStaff, 2, List.of());
        assertThat(summary(again)).isEqualTo(summary(first));
        assertThat(first).hasSize(6).allSatisfy(p -> assertThat(p.team()).hasSize(2).doesNotHaveDuplicates());
        assertThat(first.stream().map(p -> p.enterprise().id()).distinct()).hasSize(6);

        var otherSeed = DrawMachine.draw(20260316L, POOL, 6, STAFF, 2, List.of());
        assertThat(summary(otherSeed)).isNotEqualTo(summary(first));
    }

    @Test
    void over_many_seeded_draws_red_enterprises_are_picked_far_more_often_than_blue_ones() {
        long redPicks = 0, bluePicks = 0;
        for (long seed = 1; seed <= 2000; seed++) {
            for (Pick p : DrawMachine.draw(seed, POOL, 3, STAFF, 1, List.of())) {
                if (p.enterprise().level() == RatingLevel.RED) redPicks++; else bluePicks++;
            }
        }
        double perRed = redPicks / 5.0, perBlue = bluePicks / 25.0;
        // Weight 8 against 1: a red enterprise should come up several times as often as a blue one.
        assertThat(perRed / perBlue).isGreaterThan(4.0);
        assertThat(bluePicks).as("blue ones still get drawn").isGreaterThan(0);
    }

    @Test
    void an_enforcer_with_a_conflict_is_never_sent_to_that_enterprise() {
        Candidate only = POOL.get(0);
        var conflicts = List.of(new Conflict(1, only.id(), "申报关系：配偶在该企业任职"), new Conflict(2, only.id(), "上次抽取已检查该企业"));
        for (long seed = 1; seed <= 200; seed++) {
            Pick p = DrawMachine.draw(seed, List.of(only), 1, STAFF, 2, conflicts).get(0);
            assertThat(p.team().stream().map(Inspector::id)).doesNotContain(1L, 2L);
            assertThat(p.avoided()).containsEntry("周卫东", "申报关系：配偶在该企业任职").containsKey("陈海峰");
        }
    }

    @Test
    void a_draw_without_enough_eligible_enforcers_says_so_in_chinese() {
        Candidate only = POOL.get(0);
        var conflicts = STAFF.stream().skip(1).map(i -> new Conflict(i.id(), only.id(), "申报关系：亲属")).toList();
        assertThatThrownBy(() -> DrawMachine.draw(1, List.of(only), 1, STAFF, 2, conflicts))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("没有足够的可抽取执法人员").hasMessageContaining("企业1").hasMessageContaining("可抽取 1 名");
        assertThatThrownBy(() -> DrawMachine.draw(1, POOL, 3, List.of(), 2, List.of()))
                .hasMessageContaining("尚未登记执法人员");
    }
}
