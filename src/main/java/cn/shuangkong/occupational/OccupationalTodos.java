package cn.shuangkong.occupational;

import cn.shuangkong.occupational.internal.Compliance;
import cn.shuangkong.occupational.internal.Surveillance;
import cn.shuangkong.shared.Jurisdiction;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * 职业健康's to-dos as other modules read them — the alert rules that remind the enterprise of 缺上岗前检查, 逾期 and
 * 须调离 (ADR 0081), and of 未申报, 须变更申报, 检测超标 and 检测逾期 (ADR 0083). They are derived from the posts' factors, the people on the posts and the exams at the moment of
 * asking, never stored, so that a reminder built on them clears when its source does.
 */
@Service
public class OccupationalTodos {

    /** The four things to do, in the order the list shows them. */
    public enum Todo {
        MUST_MOVE("须调离"), MUST_DIAGNOSE("须诊断"), MISSING_PRE_PLACEMENT("缺上岗前检查"), OVERDUE("逾期");

        public final String label;

        Todo(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }
    }

    /**
     * One thing to do about one person: what, about whom and where, why in words, the factors it concerns, and
     * {@code situation}, which names it so that a changed situation is a new one — the post (缺上岗前检查: the same post
     * lacking another factor is the same situation), the day it fell due (逾期: a later exam moves it), the exam that
     * found the 职业禁忌证 (须调离) or the 疑似职业病 (须诊断).
     */
    public record Due(Todo todo, long enterpriseId, String enterpriseName, long employeeId, String name, String postName, String detail,
                      List<String> factors, String situation) { }

    /** The enterprise's own obligations of 申报 and 检测 (ADR 0083), in the order the list shows them. */
    public enum Obligation {
        DETECTION_EXCEEDED("检测超标"), REDECLARE("须变更申报"), UNDECLARED("未申报"), DETECTION_OVERDUE("检测逾期");

        public final String label;

        Obligation(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }
    }

    /**
     * One obligation of one enterprise: what, about what (a factor at a post, or the enterprise's declaration), why in
     * words, by when (null when the platform cannot know the day it arose), and {@code situation}, which names it so
     * that a changed situation is a new one — the filing it departs from, the result that exceeded, the day it fell due.
     */
    public record Owed(Obligation what, long enterpriseId, String enterpriseName, String about, String detail, LocalDate due,
                       String situation) {
        public String label() {
            return what.label;
        }
    }

    private final Surveillance surveillance;
    private final Compliance compliance;

    OccupationalTodos(Surveillance surveillance, Compliance compliance) {
        this.surveillance = surveillance;
        this.compliance = compliance;
    }

    /** The obligations of 申报 and 检测 of every enterprise in scope with records, in a fixed number of statements. */
    public List<Owed> owedIn(Jurisdiction scope) {
        return compliance.standings(scope).stream().flatMap(s -> s.owed().stream()).toList();
    }

    /** The obligations of one enterprise (already resolved by the caller). */
    public List<Owed> owedOf(long enterpriseId) {
        return owedIn(Jurisdiction.enterprise(enterpriseId, ""));
    }

    /** The to-dos of every enterprise in scope with occupational-health records, in a fixed number of statements. */
    public List<Due> in(Jurisdiction scope) {
        return dues(surveillance.standings(scope));
    }

    /** The to-dos of one enterprise (already resolved by the caller, e.g. the enterprise of a change it was told of). */
    public List<Due> of(long enterpriseId) {
        return in(Jurisdiction.enterprise(enterpriseId, ""));
    }

    private static List<Due> dues(List<Surveillance.Standing> standings) {
        List<Due> out = new ArrayList<>();
        for (Surveillance.Standing s : standings) {
            Map<Long, Surveillance.ExposedWorker> exposed = s.exposed().stream()
                    .collect(Collectors.toMap(Surveillance.ExposedWorker::employeeId, Function.identity()));
            for (Surveillance.Item i : s.todos()) {
                var worker = exposed.get(i.employeeId());
                String situation = switch (i.todo()) {
                    case MISSING_PRE_PLACEMENT -> "post:" + worker.postId();
                    case OVERDUE -> "due:" + worker.nextDue();
                    case MUST_MOVE, MUST_DIAGNOSE -> "exam:" + i.examId();
                };
                out.add(new Due(i.todo(), s.enterpriseId(), s.enterpriseName(), i.employeeId(), i.name(), i.postName(), i.detail(), i.factors(),
                        situation));
            }
        }
        return out;
    }
}
