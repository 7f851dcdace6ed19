package cn.shuangkong.occupational.internal;

import static cn.shuangkong.occupational.internal.OccupationalFactors.own;

import cn.shuangkong.occupational.OccupationalTodos.Todo;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 职业健康监护 as it stands today, derived from the posts' factors, the people on the posts (organization's) and the
 * exams — never stored, so that moving a person, removing a factor or recording an exam changes it at once (ADR 0081):
 * <ul>
 * <li>缺上岗前检查: a person on a post with a factor that none of their 上岗前 exams was made against (never examined,
 * or 转岗 onto a post with a new factor);</li>
 * <li>逾期: the last 上岗前 or 在岗期间 exam is older than the shortest interval of the post's factors;</li>
 * <li>须调离: the person's latest exam found a 职业禁忌证 and their post still has one of the factors it was found against;</li>
 * <li>须诊断: a 疑似职业病 whose diagnosis is not recorded.</li>
 * </ul>
 * People who have left (离职) are no longer on a post and are left out.
 */
@Service
public class Surveillance {

    /**
     * A person on a post with factors: the factors, the last exam that starts an interval and when the next 在岗期间
     * exam is due (null before any), and what is to be done about them.
     */
    public record ExposedWorker(long employeeId, String name, long postId, String postName, List<String> factors, int intervalMonths,
                                LocalDate lastExamOn, LocalDate nextDue, List<Todo> todos) { }

    /**
     * One thing to do about one person, with why; {@code examId} names the exam it comes from (须调离, 须诊断) and
     * {@code factors} the factors it is about: those a 职业禁忌证 was found against (须调离), those no 上岗前 exam
     * covers (缺上岗前检查); empty otherwise.
     */
    public record Item(Todo todo, long employeeId, String name, String postName, String detail, Long examId, List<String> factors) {
        public String todoLabel() {
            return todo.label;
        }
    }

    /** An enterprise's standing: its exposed people and how many of each thing to do. */
    public record Standing(long enterpriseId, String enterpriseName, List<ExposedWorker> exposed, List<Item> todos) {
        public long count(Todo todo) {
            return todos.stream().filter(i -> i.todo() == todo).count();
        }
    }

    /** A line of a regulator's overview. */
    public record EnterpriseSummary(long enterpriseId, String enterpriseName, int exposed, long missingPrePlacement, long overdue,
                                    long mustMove, long mustDiagnose) { }

    private final OccupationalFactors factors;
    private final HealthExams exams;
    private final OrgStructure org;
    private final Enterprises enterprises;
    private final Clock clock;

    Surveillance(OccupationalFactors factors, HealthExams exams, OrgStructure org, Enterprises enterprises, Clock clock) {
        this.factors = factors;
        this.exams = exams;
        this.org = org;
        this.enterprises = enterprises;
        this.clock = clock;
    }

    /** The standing of an enterprise in the caller's scope, or 404. */
    public Standing standing(Jurisdiction scope, long enterpriseId) {
        var e = enterprises.find(scope, enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        return standings(Map.of(e.id(), e.name())).get(0);
    }

    /** Every enterprise in scope with occupational-health records, worst first. */
    public List<EnterpriseSummary> overview(Jurisdiction scope) {
        List<EnterpriseSummary> out = new ArrayList<>();
        for (Standing s : standings(scope)) {
            out.add(new EnterpriseSummary(s.enterpriseId(), s.enterpriseName(), s.exposed().size(), s.count(Todo.MISSING_PRE_PLACEMENT),
                    s.count(Todo.OVERDUE), s.count(Todo.MUST_MOVE), s.count(Todo.MUST_DIAGNOSE)));
        }
        out.sort(Comparator.comparingLong((EnterpriseSummary s) -> -(s.mustMove() + s.mustDiagnose() + s.missingPrePlacement() + s.overdue()))
                .thenComparing(EnterpriseSummary::enterpriseName));
        return out;
    }

    /** The standing of every enterprise in scope with occupational-health records, by id: five statements in all. */
    public List<Standing> standings(Jurisdiction scope) {
        return standings(factors.enterprisesWithRecords(scope));
    }

    /**
     * 调岗 for 须调离: moves one of the actor's employees to another post of the enterprise (or none), through the
     * organization module, which lets only those who keep the enterprise's structure do it (ADR 0082); the 须调离
     * follows by itself if the new post has none of the factors.
     */
    @Transactional
    public void move(Actor me, Long employeeId, Long postId) {
        long enterpriseId = own(me);
        if (employeeId == null) throw DomainException.invalid("employeeId", "请选择人员");
        if (org.employees(enterpriseId).stream().noneMatch(e -> e.id() == employeeId)) throw DomainException.notFound("员工");
        if (postId != null && org.units(enterpriseId).stream().noneMatch(u -> u.id() == postId && OrgStructure.Tier.POST.name().equals(u.tier()))) {
            throw DomainException.notFound("岗位");
        }
        org.moveEmployee(me, enterpriseId, employeeId, postId);
    }

    /**
     * The standings of enterprises already resolved (id to name), in their order. Whatever their number, four statements
     * read everything the rules need — the factors, the intervals set, the exams, and (through organization's API) the
     * people still employed who are on a post with factors or have an exam — and {@link #assess} judges each person:
     * one enterprise's page and a province's overview go through the same rules.
     */
    List<Standing> standings(Map<Long, String> enterpriseNames) {
        if (enterpriseNames.isEmpty()) return List.of();
        LocalDate today = LocalDate.now(clock);
        Set<Long> ids = enterpriseNames.keySet();
        Map<Long, List<OccupationalFactors.Factor>> byPost = factors.of(ids).stream()
                .collect(Collectors.groupingBy(OccupationalFactors.Factor::postId, LinkedHashMap::new, Collectors.toList()));
        Map<Long, Map<String, Integer>> months = factors.intervalsSet(ids);
        Map<Long, List<HealthExams.Exam>> examsOf = exams.of(ids).stream()
                .collect(Collectors.groupingBy(HealthExams.Exam::employeeId, LinkedHashMap::new, Collectors.toList()));
        Map<Long, List<OrgStructure.Employee>> peopleOf = org.current(ids, byPost.keySet(), examsOf.keySet()).stream()
                .collect(Collectors.groupingBy(OrgStructure.Employee::enterpriseId));
        List<Standing> out = new ArrayList<>();
        enterpriseNames.forEach((enterpriseId, name) -> {
            List<ExposedWorker> exposed = new ArrayList<>();
            List<Item> todos = new ArrayList<>();
            for (OrgStructure.Employee person : peopleOf.getOrDefault(enterpriseId, List.of())) {
                List<OccupationalFactors.Factor> here = person.postId() == null ? List.of() : byPost.getOrDefault(person.postId(), List.of());
                assess(person, here, examsOf.getOrDefault(person.id(), List.of()), months.getOrDefault(enterpriseId, Map.of()), today,
                        exposed, todos);
            }
            todos.sort(Comparator.comparing(Item::todo).thenComparing(Item::postName, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparingLong(Item::employeeId));
            out.add(new Standing(enterpriseId, name, List.copyOf(exposed), List.copyOf(todos)));
        });
        return out;
    }

    /**
     * The rules for one person still employed: {@code here} the factors of their post now, {@code own} their exams
     * oldest first, {@code months} the intervals their enterprise has set. Adds what is to be done to {@code todos}
     * and, when the post has factors, the person to {@code exposed}.
     */
    private static void assess(OrgStructure.Employee person, List<OccupationalFactors.Factor> here, List<HealthExams.Exam> own,
                               Map<String, Integer> months, LocalDate today, List<ExposedWorker> exposed, List<Item> todos) {
        Set<String> hereNames = here.stream().map(OccupationalFactors.Factor::name).collect(Collectors.toCollection(TreeSet::new));
        List<Todo> mine = new ArrayList<>();
        HealthExams.Exam latest = own.isEmpty() ? null : own.get(own.size() - 1);
        if (latest != null && HealthExams.Conclusion.CONTRAINDICATION.name().equals(latest.conclusion())) {
            Set<String> against = new HashSet<>(latest.factors());
            against.retainAll(hereNames);
            if (!against.isEmpty()) {
                mine.add(Todo.MUST_MOVE);
                todos.add(new Item(Todo.MUST_MOVE, person.id(), person.name(), person.postName(),
                        "职业禁忌证（" + latest.examinedOn() + "）：" + String.join("、", new TreeSet<>(against)), latest.id(),
                        List.copyOf(new TreeSet<>(latest.factors()))));
            }
        }
        for (HealthExams.Exam x : own) {
            if (x.awaitsDiagnosis()) {
                mine.add(Todo.MUST_DIAGNOSE);
                todos.add(new Item(Todo.MUST_DIAGNOSE, person.id(), person.name(), person.postName(),
                        "疑似职业病（" + x.examinedOn() + "，" + x.institution() + "）", x.id(), List.of()));
            }
        }
        if (here.isEmpty()) return;
        int interval = hereNames.stream().mapToInt(n -> months.getOrDefault(n, OccupationalFactors.DEFAULT_INTERVAL_MONTHS)).min()
                .orElse(OccupationalFactors.DEFAULT_INTERVAL_MONTHS);
        LocalDate last = own.stream().filter(x -> HealthExams.Kind.valueOf(x.kind()).startsInterval())
                .map(HealthExams.Exam::examinedOn).max(Comparator.naturalOrder()).orElse(null);
        LocalDate due = last == null ? null : last.plusMonths(interval);
        // GBZ 188's 上岗前 exam is for new hires and for those 转岗 onto the work: each records the factors of its day,
        // and together they must cover every factor of the post now, so a move onto a post with a new factor asks again
        List<HealthExams.Exam> prePlacement = own.stream().filter(x -> HealthExams.Kind.PRE_PLACEMENT.name().equals(x.kind())).toList();
        Set<String> uncovered = new TreeSet<>(hereNames);
        prePlacement.forEach(x -> uncovered.removeAll(x.factors()));
        if (!uncovered.isEmpty()) {
            mine.add(Todo.MISSING_PRE_PLACEMENT);
            todos.add(new Item(Todo.MISSING_PRE_PLACEMENT, person.id(), person.name(), person.postName(), prePlacement.isEmpty()
                    ? "接触 " + String.join("、", hereNames) + "，无上岗前职业健康检查记录"
                    : "上岗前职业健康检查未涵盖 " + String.join("、", uncovered) + "（转岗到接触新危害因素的岗位须重新检查）",
                    null, List.copyOf(uncovered)));
        }
        if (due != null && today.isAfter(due)) {
            mine.add(Todo.OVERDUE);
            todos.add(new Item(Todo.OVERDUE, person.id(), person.name(), person.postName(),
                    "应于 " + due + " 前进行在岗期间检查（每 " + interval + " 个月）", null, List.of()));
        }
        exposed.add(new ExposedWorker(person.id(), person.name(), person.postId(), person.postName(), List.copyOf(hereNames), interval,
                last, due, List.copyOf(mine)));
    }
}
