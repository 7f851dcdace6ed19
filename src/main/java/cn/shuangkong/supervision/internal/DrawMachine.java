package cn.shuangkong.supervision.internal;

import cn.shuangkong.shared.DomainException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The 双随机 draw as a pure function of a seed and two candidate lists, so that anyone holding the recorded seed and
 * lists can redo it and get the same result. Enterprises are sampled without replacement with probability proportional
 * to their weight (Efraimidis–Spirakis: each gets the key −ln(u)/w, the smallest keys win); then for each picked
 * enterprise, in pick order, the enforcers without a conflict of interest are shuffled and the first ones form its team.
 * {@link Random} is specified by the Java Language Specification, so a seed gives the same numbers on every JVM.
 */
public final class DrawMachine {

    /** An enterprise in the pool with its rating and weight. */
    public record Candidate(long id, String name, RatingLevel level, int weight) { }

    /** An enforcer who may be drawn. */
    public record Inspector(long id, String name) { }

    /** A reason why an enforcer must not inspect an enterprise (回避). */
    public record Conflict(long inspectorId, long enterpriseId, String reason) { }

    /** One picked enterprise with its team and who was left out for it. */
    public record Pick(Candidate enterprise, List<Inspector> team, Map<String, String> avoided) { }

    private DrawMachine() { }

    public static List<Pick> draw(long seed, List<Candidate> pool, int count, List<Inspector> inspectors, int perTeam,
                                  List<Conflict> conflicts) {
        if (count < 1) throw DomainException.invalid("count", "抽取企业数至少为 1");
        if (pool.isEmpty()) throw DomainException.invalid("count", "候选企业为空，无法抽取");
        if (inspectors.isEmpty()) throw DomainException.invalid("inspectors", "本部门尚未登记执法人员，无法抽取检查人员");
        var random = new Random(seed);
        List<Candidate> sorted = pool.stream().sorted(Comparator.comparingLong(Candidate::id)).toList();
        record Keyed(Candidate c, double key) { }
        List<Keyed> keyed = new ArrayList<>();
        for (Candidate c : sorted) {
            double u = random.nextDouble();
            keyed.add(new Keyed(c, -Math.log(1 - u) / Math.max(1, c.weight())));
        }
        keyed.sort(Comparator.comparingDouble(Keyed::key).thenComparingLong(k -> k.c().id()));
        List<Inspector> staff = inspectors.stream().sorted(Comparator.comparingLong(Inspector::id)).toList();
        List<Pick> picks = new ArrayList<>();
        for (Keyed k : keyed.subList(0, Math.min(count, keyed.size()))) {
            Candidate c = k.c();
            Map<String, String> avoided = new LinkedHashMap<>();
            List<Inspector> eligible = new ArrayList<>();
            for (Inspector i : staff) {
                String reason = conflicts.stream().filter(x -> x.inspectorId() == i.id() && x.enterpriseId() == c.id())
                        .map(Conflict::reason).findFirst().orElse(null);
                if (reason == null) eligible.add(i); else avoided.put(i.name(), reason);
            }
            if (eligible.size() < perTeam) {
                throw DomainException.invalid("inspectors", "没有足够的可抽取执法人员：" + c.name() + " 需要 " + perTeam + " 名，"
                        + "本部门 " + staff.size() + " 名执法人员中可抽取 " + eligible.size() + " 名"
                        + (avoided.isEmpty() ? "" : "（回避：" + String.join("；", avoided.entrySet().stream()
                                .map(e -> e.getKey() + " " + e.getValue()).toList()) + "）") + "。请增加执法人员或减少每组人数。");
            }
            for (int i = eligible.size() - 1; i > 0; i--) { // Fisher–Yates
                int j = random.nextInt(i + 1);
                Inspector t = eligible.get(i);
                eligible.set(i, eligible.get(j));
                eligible.set(j, t);
            }
            picks.add(new Pick(c, List.copyOf(eligible.subList(0, perTeam)), avoided));
        }
        return picks;
    }
}
