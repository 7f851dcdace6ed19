package cn.shuangkong.occupational;

import cn.shuangkong.occupational.internal.Surveillance;
import cn.shuangkong.shared.Jurisdiction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * 职业健康监护's to-dos as other modules read them — the alert rules that remind the enterprise of 缺上岗前检查, 逾期 and
 * 须调离 (ADR 0081). They are derived from the posts' factors, the people on the posts and the exams at the moment of
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

    private final Surveillance surveillance;

    OccupationalTodos(Surveillance surveillance) {
        this.surveillance = surveillance;
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
