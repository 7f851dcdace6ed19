package cn.shuangkong.occupational.internal;

import cn.shuangkong.occupational.OccupationalTodos.Obligation;
import cn.shuangkong.occupational.OccupationalTodos.Owed;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Where an enterprise stands on 申报 and 检测 today (ADR 0083), derived from its factors, the people on its posts, its
 * latest declaration and its detection results — never stored, so that a filing or a conforming result clears it:
 * <ul>
 * <li>未申报: it has factors and has never filed;</li>
 * <li>须变更申报: today's factors or people exposed differ materially from the latest filing — a factor added to or
 * gone from a post, or the people exposed to a factor changed by a fifth or more — due 30 days after the change when the
 * platform knows its day (a factor added: the day it was entered);</li>
 * <li>检测超标: the latest result of a factor at a post is above its limit (until a later result conforms);</li>
 * <li>检测逾期: no result of a factor at a post within 12 months (counted from the factor's entry before the first).</li>
 * </ul>
 */
@Service
public class Compliance {

    /** Days a 变更申报 is due after the change (《职业病危害项目申报办法》 第八条). */
    public static final int REDECLARE_DAYS = 30;
    /** Months within which each factor at each post is detected again (《工作场所职业卫生管理规定》: at least yearly). */
    public static final int DETECTION_MONTHS = 12;

    /** One enterprise's standing: its latest filing, what differs from it, and what it owes. */
    public record Standing(long enterpriseId, String enterpriseName, Optional<Declarations.Filing> latest, List<String> changes,
                           List<Owed> owed) {
        public long count(Obligation what) {
            return owed.stream().filter(o -> o.what() == what).count();
        }

        /** 未申报 and 须变更申报: what the declaration section lists. */
        public List<Owed> declaring() {
            return owed.stream().filter(o -> o.what() == Obligation.UNDECLARED || o.what() == Obligation.REDECLARE).toList();
        }

        /** 检测超标 and 检测逾期: what the detection section lists. */
        public List<Owed> detecting() {
            return owed.stream().filter(o -> o.what() == Obligation.DETECTION_EXCEEDED || o.what() == Obligation.DETECTION_OVERDUE).toList();
        }
    }

    private final JdbcClient jdbc;
    private final OccupationalFactors factors;
    private final Declarations declarations;
    private final Detections detections;
    private final cn.shuangkong.organization.Enterprises enterprises;
    private final Clock clock;

    Compliance(JdbcClient jdbc, OccupationalFactors factors, Declarations declarations, Detections detections,
               cn.shuangkong.organization.Enterprises enterprises, Clock clock) {
        this.jdbc = jdbc;
        this.factors = factors;
        this.declarations = declarations;
        this.detections = detections;
        this.enterprises = enterprises;
        this.clock = clock;
    }

    /** The standing of an enterprise in the caller's scope, or 404. */
    public Standing standing(Jurisdiction scope, long enterpriseId) {
        var e = enterprises.find(scope, enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        return standings(Map.of(e.id(), e.name())).get(0);
    }

    /** Every enterprise in scope with a factor, a filing or a result, by id: five statements whatever their number. */
    public List<Standing> standings(Jurisdiction scope) {
        var f = scope.enterpriseFilter("e");
        Map<Long, String> names = new LinkedHashMap<>();
        jdbc.sql("""
                select e.id, e.name from (%s) e
                 where (exists (select 1 from occupational_factor f where f.enterprise_id = e.id)
                        or exists (select 1 from occupational_declaration d where d.enterprise_id = e.id)
                        or exists (select 1 from occupational_detection t where t.enterprise_id = e.id)) and %s
                 order by e.id
                """.formatted(OrganizationFacts.enterprises(), f.sql())).params(f.params())
                .query(rs -> {
                    names.put(rs.getLong(1), rs.getString(2));
                });
        return standings(names);
    }

    List<Standing> standings(Map<Long, String> names) {
        if (names.isEmpty()) return List.of();
        LocalDate today = LocalDate.now(clock);
        var all = factors.of(names.keySet());
        Map<Long, Declarations.Who> who = new LinkedHashMap<>();
        names.forEach((id, name) -> who.put(id, new Declarations.Who(name, null, null, null, null)));
        Map<Long, Declarations.Content> now = declarations.contents(who, all, false);
        Map<Long, Declarations.Latest> filed = declarations.latest(names.keySet());
        Map<String, Detections.Detection> lastResult = new HashMap<>();
        for (var d : detections.latest(names.keySet())) lastResult.put(d.postId() + ":" + d.factorName(), d);
        Map<Long, List<OccupationalFactors.Factor>> factorsOf = all.stream()
                .collect(Collectors.groupingBy(OccupationalFactors.Factor::enterpriseId, LinkedHashMap::new, Collectors.toList()));
        List<Standing> out = new ArrayList<>();
        names.forEach((id, name) -> {
            List<OccupationalFactors.Factor> mine = factorsOf.getOrDefault(id, List.of());
            List<Owed> owed = new ArrayList<>();
            var latest = Optional.ofNullable(filed.get(id));
            List<String> changes = latest.map(l -> changes(l.content(), now.get(id))).orElse(List.of());
            if (latest.isEmpty() && !mine.isEmpty()) {
                LocalDate since = mine.stream().map(f -> day(f)).min(Comparator.naturalOrder()).orElseThrow();
                owed.add(new Owed(Obligation.UNDECLARED, id, name, "职业病危害项目申报", "登记了 " + mine.stream().map(
                        OccupationalFactors.Factor::name).distinct().count() + " 种职业病危害因素，尚未申报", since.plusDays(REDECLARE_DAYS), "never"));
            }
            if (latest.isPresent() && !changes.isEmpty()) {
                var l = latest.get();
                var filedKeys = l.content().posts().stream().flatMap(p -> p.factors().stream().map(x -> p.postId() + ":" + x.name()))
                        .collect(Collectors.toSet());
                LocalDate since = mine.stream().filter(f -> !filedKeys.contains(f.postId() + ":" + f.name())).map(f -> day(f))
                        .filter(d -> !d.isBefore(LocalDate.ofInstant(l.filing().filedAt(), clock.getZone())))
                        .min(Comparator.naturalOrder()).orElse(null);
                owed.add(new Owed(Obligation.REDECLARE, id, name, "职业病危害项目申报", "与 " + LocalDate.ofInstant(l.filing().filedAt(),
                        clock.getZone()) + " 的" + l.filing().kindLabel() + "相比：" + String.join("；", changes),
                        since == null ? null : since.plusDays(REDECLARE_DAYS), "filing:" + l.filing().id()));
            }
            for (var f : mine) {
                var last = lastResult.get(f.postId() + ":" + f.name());
                String about = f.postName() + " · " + f.name();
                if (last != null && last.exceeds()) {
                    owed.add(new Owed(Obligation.DETECTION_EXCEEDED, id, name, about, last.detectedOn() + " 检测 "
                            + plain(last.measured()) + " " + last.unit() + "，超过 " + last.limitKindLabel() + " " + plain(last.limitValue()) + " "
                            + last.unit() + "（" + last.organisation() + "，报告 " + last.reportNo() + "）", null,
                            "post:" + f.postId() + ":factor:" + f.name() + ":result:" + last.id()));
                }
                LocalDate due = (last == null ? day(f) : last.detectedOn()).plusMonths(DETECTION_MONTHS);
                if (today.isAfter(due)) {
                    owed.add(new Owed(Obligation.DETECTION_OVERDUE, id, name, about, last == null
                            ? "登记后 " + DETECTION_MONTHS + " 个月内没有检测结果"
                            : "上次检测 " + last.detectedOn() + "，应于 " + due + " 前再次检测", due,
                            "post:" + f.postId() + ":factor:" + f.name() + ":due:" + due));
                }
            }
            owed.sort(Comparator.comparing(Owed::what).thenComparing(Owed::about));
            out.add(new Standing(id, name, latest.map(Declarations.Latest::filing), changes, List.copyOf(owed)));
        });
        return out;
    }

    /**
     * What differs materially between a filed content and today's: each factor added to or gone from a post, and each
     * factor whose people exposed changed by a fifth or more of the number filed (any change from or to none).
     */
    static List<String> changes(Declarations.Content filed, Declarations.Content now) {
        List<String> out = new ArrayList<>();
        Map<String, String> before = keyed(filed), after = keyed(now);
        after.forEach((k, label) -> {
            if (!before.containsKey(k)) out.add("新增 " + label);
        });
        before.forEach((k, label) -> {
            if (!after.containsKey(k)) out.add("不再有 " + label);
        });
        Map<String, Integer> was = totals(filed), is = totals(now);
        for (String factor : new TreeSet<>(was.keySet())) {
            if (!is.containsKey(factor)) continue;
            int a = was.get(factor), b = is.get(factor);
            if (a == b) continue;
            if (a == 0 || b == 0 || Math.abs(b - a) * 5 >= a) out.add(factor + " 接害人数 " + a + " → " + b);
        }
        return out;
    }

    private static Map<String, String> keyed(Declarations.Content c) {
        Map<String, String> out = new TreeMap<>();
        for (var p : c.posts()) for (var f : p.factors()) out.put(p.postId() + ":" + f.name(), p.post() + "：" + f.name());
        return out;
    }

    private static Map<String, Integer> totals(Declarations.Content c) {
        return c.factors().stream().collect(Collectors.toMap(Declarations.FactorTotal::name, Declarations.FactorTotal::exposed));
    }

    private LocalDate day(OccupationalFactors.Factor f) {
        return LocalDate.ofInstant(f.createdAt(), clock.getZone());
    }

    private static String plain(java.math.BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
