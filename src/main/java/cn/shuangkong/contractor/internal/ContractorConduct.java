package cn.shuangkong.contractor.internal;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Ref;
import cn.shuangkong.shared.Refs;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How a contractor behaves on the site: violations with points, the yearly evaluation (the checklist's marks less the
 * year's violation points: 合格 / 基本合格 / 不合格), and the enterprise's contractor blacklist, which
 * {@link cn.shuangkong.contractor.Contractors#requireAdmissible} refuses new work to. Listing and lifting are both
 * signed by the signed-in person and audited; a lifted entry stays in the history.
 */
@Service
public class ContractorConduct {

    /** The evaluation checklist: each item's most marks; together 100. */
    public enum CheckItem {
        QUALIFICATION("资质与人员持证", 20), MANAGEMENT("安全管理制度与人员配备", 20), SITE("现场作业安全与作业票执行", 30),
        EQUIPMENT("机具设备与劳动防护用品", 15), COOPERATION("服从管理与应急配合", 15);

        public final String label;
        public final int most;

        CheckItem(String label, int most) {
            this.label = label;
            this.most = most;
        }

        public String getLabel() {
            return label;
        }

        public int getMost() {
            return most;
        }
    }

    public enum Result {
        QUALIFIED("合格"), BASIC("基本合格"), UNQUALIFIED("不合格");

        public final String label;

        Result(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }
    }

    public record Violation(long id, long contractorId, LocalDate occurredOn, String description, String jobReference, String foundBy,
                            int points, String createdBy) { }

    public record Evaluation(long id, long contractorId, int year, String checklist, int checklistScore, int deducted, int score,
                             String result, String evaluatedBy) {
        public String resultLabel() {
            return Result.valueOf(result).label;
        }
    }

    /** A blacklist entry; {@code liftedOn} is set once lifted. Regulators read these across their scope. */
    public record BlacklistEntry(long id, long contractorId, String contractorName, String creditCode, String enterpriseName,
                                 String reason, LocalDate listedOn, String listedBy, LocalDate liftedOn, String liftedBy,
                                 String liftReason) { }

    public record ViolationDraft(LocalDate occurredOn, String description, String jobReference, String foundBy, Integer points) { }

    private final JdbcClient jdbc;
    private final Refs refs;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int qualifiedScore;
    private final int basicScore;

    ContractorConduct(JdbcClient jdbc, Refs refs, ApplicationEventPublisher events, Clock clock,
                      @Value("${shuangkong.contractor.qualified-score:85}") int qualifiedScore,
                      @Value("${shuangkong.contractor.basic-score:70}") int basicScore) {
        this.jdbc = jdbc;
        this.refs = refs;
        this.events = events;
        this.clock = clock;
        this.qualifiedScore = qualifiedScore;
        this.basicScore = basicScore;
    }

    /** The result a score earns: at least the qualified score 合格, at least the basic score 基本合格, else 不合格. */
    public Result resultOf(int score) {
        return score >= qualifiedScore ? Result.QUALIFIED : score >= basicScore ? Result.BASIC : Result.UNQUALIFIED;
    }

    public List<Violation> violations(long contractorId) {
        return jdbc.sql("""
                select id, contractor_id, occurred_on, description, job_reference, found_by, points, created_by
                  from contractor_violation where contractor_id = :c order by occurred_on desc, id desc
                """).param("c", contractorId).query(Violation.class).list();
    }

    public List<Evaluation> evaluations(long contractorId) {
        return jdbc.sql("""
                select id, contractor_id, year, checklist, checklist_score, deducted, score, result, evaluated_by
                  from contractor_evaluation where contractor_id = :c order by year desc
                """).param("c", contractorId).query(Evaluation.class).list();
    }

    public List<BlacklistEntry> blacklistOf(long contractorId) {
        return jdbc.sql(BLACKLIST + " where b.contractor_id = :c order by b.listed_at desc").param("c", contractorId)
                .query(BlacklistEntry.class).list();
    }

    /** The contractor blacklist entries of the enterprises in scope, those in force first: what regulators read. */
    public List<BlacklistEntry> blacklist(Jurisdiction scope) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(BLACKLIST + " where " + f.sql() + " order by b.lifted_on nulls first, b.listed_on desc, b.id desc")
                .params(f.params()).query(BlacklistEntry.class).list();
    }

    private static final String BLACKLIST = """
            select b.id, b.contractor_id, c.name as contractor_name, c.credit_code, e.name as enterprise_name, b.reason, b.listed_on,
                   b.listed_by, b.lifted_on, b.lifted_by, b.lift_reason
              from contractor_blacklist b join contractor c on c.id = b.contractor_id join (%s) e on e.id = b.enterprise_id
            """.formatted(OrganizationFacts.enterprises());

    @Transactional
    public long recordViolation(Actor me, long contractorId, ViolationDraft d) {
        Ref ref = own(me, contractorId);
        Map<String, String> errors = new LinkedHashMap<>();
        if (d.occurredOn() == null) errors.put("occurredOn", "请填写违章日期");
        else if (d.occurredOn().isAfter(LocalDate.now(clock))) errors.put("occurredOn", "违章日期不能晚于今天");
        Fields.text(errors, "description", d.description(), "违章情况", 300);
        if (d.jobReference() != null && d.jobReference().strip().length() > 60) errors.put("jobReference", "作业票号或作业不能超过 60 个字");
        Fields.text(errors, "foundBy", d.foundBy(), "发现人", 40);
        if (d.points() == null) errors.put("points", "请填写扣分");
        else if (d.points() < 1 || d.points() > 100) errors.put("points", "扣分须在 1 到 100 之间");
        Fields.refuse(errors);
        String job = d.jobReference() == null || d.jobReference().isBlank() ? null : d.jobReference().strip();
        long id = jdbc.sql("""
                insert into contractor_violation (contractor_id, enterprise_id, occurred_on, description, job_reference, found_by, points,
                                                  created_by, created_at)
                values (:c, :e, :o, :d, :j, :f, :p, :by, :t) returning id
                """).param("c", contractorId).param("e", ref.enterpriseId()).param("o", d.occurredOn()).param("d", d.description().strip())
                .param("j", job).param("f", d.foundBy().strip()).param("p", d.points()).param("by", me.displayName())
                .param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        events.publishEvent(new StateChanged("记录承包商违章", "contractor_violation", String.valueOf(id),
                d.occurredOn() + " " + d.description().strip() + (job == null ? "" : "（" + job + "）") + "，扣 " + d.points() + " 分",
                ref.enterpriseId(), null));
        return id;
    }

    /**
     * The yearly evaluation: every checklist item marked within its most, the year's violation points taken off,
     * the result from the score. One per contractor and year; the year may not lie ahead.
     */
    @Transactional
    public long evaluate(Actor me, long contractorId, Integer year, Map<String, Integer> marks) {
        Ref ref = own(me, contractorId);
        Map<String, String> errors = new LinkedHashMap<>();
        int thisYear = LocalDate.now(clock).getYear();
        if (year == null) errors.put("year", "请填写评价年度");
        else if (year > thisYear || year < 2000) errors.put("year", "评价年度须在 2000 年到今年之间");
        Map<String, Integer> given = marks == null ? Map.of() : marks;
        for (String key : given.keySet()) {
            if (Arrays.stream(CheckItem.values()).noneMatch(i -> i.name().equals(key))) errors.put("marks", "评价项目「" + key + "」不存在");
        }
        int checklistScore = 0;
        for (CheckItem item : CheckItem.values()) {
            Integer m = given.get(item.name());
            if (m == null) errors.put("mark_" + item.name(), "请为「" + item.label + "」打分");
            else if (m < 0 || m > item.most) errors.put("mark_" + item.name(), "「" + item.label + "」的得分须在 0 到 " + item.most + " 之间");
            else checklistScore += m;
        }
        Fields.refuse(errors);
        int deducted = jdbc.sql("""
                select coalesce(sum(points), 0) from contractor_violation
                 where contractor_id = :c and occurred_on >= make_date(:y, 1, 1) and occurred_on < make_date(:y + 1, 1, 1)
                """).param("c", contractorId).param("y", year).query(Integer.class).single();
        int score = Math.max(0, checklistScore - deducted);
        Result result = resultOf(score);
        String checklist = Arrays.stream(CheckItem.values()).map(i -> i.name() + "=" + given.get(i.name())).collect(Collectors.joining(";"));
        long id;
        try {
            id = jdbc.sql("""
                    insert into contractor_evaluation (contractor_id, enterprise_id, year, checklist, checklist_score, deducted, score,
                                                       result, evaluated_by, evaluated_at)
                    values (:c, :e, :y, :l, :cs, :d, :s, :r, :by, :t) returning id
                    """).param("c", contractorId).param("e", ref.enterpriseId()).param("y", year).param("l", checklist)
                    .param("cs", checklistScore).param("d", deducted).param("s", score).param("r", result.name())
                    .param("by", me.displayName()).param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw DomainException.conflict(year + " 年度已评价该承包商");
        }
        events.publishEvent(new StateChanged("承包商年度评价", "contractor_evaluation", String.valueOf(id),
                year + " 年度：检查表 " + checklistScore + " 分，违章扣 " + deducted + " 分，得分 " + score + "，" + result.label,
                ref.enterpriseId(), null));
        return id;
    }

    /** Puts the contractor on the enterprise's contractor blacklist from today: no new work until lifted. */
    @Transactional
    public long blacklist(Actor me, long contractorId, String reason) {
        Ref ref = own(me, contractorId);
        String why = reason(reason, "reason", "列入黑名单的原因");
        long id;
        try {
            id = jdbc.sql("""
                    insert into contractor_blacklist (contractor_id, enterprise_id, reason, listed_on, listed_by, listed_at)
                    values (:c, :e, :r, :d, :by, :t) returning id
                    """).param("c", contractorId).param("e", ref.enterpriseId()).param("r", why).param("d", LocalDate.now(clock))
                    .param("by", me.displayName()).param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw DomainException.conflict("该承包商已在黑名单中");
        }
        events.publishEvent(new StateChanged("承包商列入黑名单", "contractor_blacklist", String.valueOf(id), why, ref.enterpriseId(), null));
        return id;
    }

    /** Lifts the contractor's blacklist entry in force, with the reason; the entry stays in the history. */
    @Transactional
    public void lift(Actor me, long contractorId, String reason) {
        Ref ref = own(me, contractorId);
        String why = reason(reason, "reason", "移出黑名单的原因");
        Long id = jdbc.sql("""
                update contractor_blacklist set lifted_on = :d, lifted_by = :by, lift_reason = :r
                 where contractor_id = :c and lifted_on is null returning id
                """).param("d", LocalDate.now(clock)).param("by", me.displayName()).param("r", why).param("c", contractorId)
                .query(Long.class).optional().orElseThrow(() -> DomainException.conflict("该承包商不在黑名单中"));
        events.publishEvent(new StateChanged("承包商移出黑名单", "contractor_blacklist", String.valueOf(id), why, ref.enterpriseId(), null));
    }

    /** The contractor, resolved in scope and written only by its own enterprise's accounts. */
    Ref own(Actor me, long contractorId) {
        ContractorRegister.ownEnterprise(me);
        return refs.resolve(me, ContractorRefs.CONTRACTOR, contractorId);
    }

    private static String reason(String value, String field, String label) {
        Map<String, String> errors = new LinkedHashMap<>();
        Fields.text(errors, field, value, label, 300);
        Fields.refuse(errors);
        return value.strip();
    }
}
