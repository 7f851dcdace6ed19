package cn.shuangkong.quality.internal;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.hazard.Hazards;
import cn.shuangkong.inspection.InspectionTasks;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.quality.QualityScores;
import cn.shuangkong.quality.internal.RuleBook.Hit;
import cn.shuangkong.risk.RiskFilings;
import cn.shuangkong.risk.RiskSheets;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.shared.TransactionLocks;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the enabled 数据质量 rules over an enterprise's data and brings its findings up to date: new ones are opened,
 * those that no longer hold are resolved, and the score (100 minus each rule's points off, capped per rule) is kept in
 * {@code quality_score}. A change of findings is audited as one record per enterprise and run.
 */
@Service
public class QualityChecks {

    private static final Logger log = LoggerFactory.getLogger(QualityChecks.class);
    static final String ENTITY = "quality";

    /** The outcome of checking one enterprise. */
    public record Outcome(long enterpriseId, int score, int open, int opened, int resolved) { }

    private final JdbcClient jdbc;
    private final QualityRules rules;
    private final RiskSheets sheets;
    private final RiskFilings filings;
    private final OrgStructure structure;
    private final Hazards hazards;
    private final InspectionTasks tasks;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final QualityScores scores;
    private final TransactionTemplate eachEnterprise;

    QualityChecks(JdbcClient jdbc, QualityRules rules, RiskSheets sheets, RiskFilings filings, OrgStructure structure,
                  Hazards hazards, InspectionTasks tasks, ApplicationEventPublisher events, Clock clock, QualityScores scores,
                  PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.sheets = sheets;
        this.filings = filings;
        this.structure = structure;
        this.hazards = hazards;
        this.tasks = tasks;
        this.events = events;
        this.clock = clock;
        this.scores = scores;
        // joins a caller's transaction (the demo load checks the whole city in one), else one per enterprise (nightly)
        this.eachEnterprise = new TransactionTemplate(transactions);
        rules.all().stream().filter(r -> !RuleBook.RULES.containsKey(r.code()))
                .forEach(r -> log.warn("数据质量规则 {} has no logic in RuleBook and finds nothing", r.code()));
    }

    /** 立即检查: a person checks an enterprise in their scope now (an enterprise outside it is a 404, nothing run). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Outcome check(Actor me, long enterpriseId) {
        scores.of(me.jurisdiction(), enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        return run(enterpriseId, me.displayName() + " 立即检查", rules.all());
    }

    /** Checks one enterprise in a transaction of its own (callers are triggers running after their change committed). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Outcome check(long enterpriseId, String reason) {
        return run(enterpriseId, reason, rules.all());
    }

    /** Checks every enterprise (nightly, and when the demo city is loaded); returns how many. */
    public int checkAll(String reason) {
        List<Long> ids = jdbc.sql("select e.id from (%s) e order by e.id".formatted(OrganizationFacts.enterprises())).query(Long.class).list();
        List<QualityRules.Rule> ruleRows = rules.all();
        for (long id : ids) {
            try {
                // the rules are read once for the whole city; each enterprise's findings, score and audit record commit
                // together (or with the caller's transaction)
                eachEnterprise.executeWithoutResult(status -> run(id, reason, ruleRows));
            } catch (RuntimeException e) {
                log.warn("数据质量检查失败 enterprise {}: {}", id, e.toString());
            }
        }
        return ids.size();
    }

    private Outcome run(long enterpriseId, String reason, List<QualityRules.Rule> ruleRows) {
        // One check of an enterprise at a time, cluster-wide: the check after a change (debounced) and the demo load's or
        // the nightly run over the city otherwise both found the same finding missing and both inserted it; the second
        // broke the open-finding unique index, which aborted the demo load's one transaction and failed the start-up.
        // The second now waits, then reads what the first committed and finds nothing new.
        TransactionLocks.waitFor(jdbc, "quality-check:" + enterpriseId);
        Instant now = clock.instant();
        var facts = new RegisterFacts(enterpriseId, LocalDate.ofInstant(now, clock.getZone()), clock.getZone(), sheets, filings, structure, hazards, tasks);
        Map<String, QualityRules.Rule> enabled = new LinkedHashMap<>();
        ruleRows.stream().filter(QualityRules.Rule::enabled).forEach(r -> enabled.put(r.code(), r));
        Map<String, List<Hit>> found = new LinkedHashMap<>();
        enabled.forEach((code, rule) -> {
            var logic = RuleBook.RULES.get(code);
            found.put(code, logic == null ? List.of() : logic.apply(rule, facts));
        });

        record Open(long id, String rule, String type, long recordId, String message) { }
        List<Open> open = jdbc.sql("""
                select id, rule_code as rule, record_type as type, record_id, message from quality_finding
                 where enterprise_id = :e and resolved_at is null
                """).param("e", enterpriseId).query(Rows.of(Open.class)).list();
        Map<String, Open> byKey = new HashMap<>();
        open.forEach(o -> byKey.put(o.rule() + "|" + o.type() + "|" + o.recordId(), o));

        int opened = 0;
        List<String> openedNames = new ArrayList<>();
        Timestamp at = Timestamp.from(now);
        for (var entry : found.entrySet()) {
            for (Hit h : entry.getValue()) {
                Open existing = byKey.remove(entry.getKey() + "|" + h.recordType() + "|" + h.recordId());
                if (existing != null) {
                    jdbc.sql("update quality_finding set message = :m, record_name = :n, link = :l, checked_at = :t where id = :id")
                            .param("m", cut(h.message(), 600)).param("n", cut(h.recordName(), 300)).param("l", h.link())
                            .param("t", at).param("id", existing.id()).update();
                    continue;
                }
                jdbc.sql("""
                        insert into quality_finding (enterprise_id, rule_code, record_type, record_id, record_name, link, message,
                                                     found_at, checked_at)
                        values (:e, :r, :type, :id, :n, :l, :m, :t, :t)
                        """).param("e", enterpriseId).param("r", entry.getKey()).param("type", h.recordType())
                        .param("id", h.recordId()).param("n", cut(h.recordName(), 300)).param("l", h.link())
                        .param("m", cut(h.message(), 600)).param("t", at).update();
                opened++;
                openedNames.add(enabled.get(entry.getKey()).name() + "：" + h.recordName());
            }
        }
        // what was open and was not found again no longer holds (or its rule was switched off)
        List<Long> gone = byKey.values().stream().map(Open::id).toList();
        if (!gone.isEmpty()) {
            jdbc.sql("update quality_finding set resolved_at = :t where id = any(:ids)").param("t", at)
                    .param("ids", gone.toArray(Long[]::new)).update();
        }
        int score = 100;
        int openCount = 0;
        for (var entry : found.entrySet()) {
            score -= enabled.get(entry.getKey()).deduction(entry.getValue().size());
            openCount += entry.getValue().size();
        }
        score = Math.max(0, score);
        Integer before = jdbc.sql("select score from quality_score where enterprise_id = :e").param("e", enterpriseId)
                .query(Integer.class).optional().orElse(null);
        jdbc.sql("""
                insert into quality_score (enterprise_id, score, open_findings, checked_at) values (:e, :s, :n, :t)
                on conflict (enterprise_id) do update set score = excluded.score, open_findings = excluded.open_findings,
                    checked_at = excluded.checked_at
                """).param("e", enterpriseId).param("s", score).param("n", openCount).param("t", at).update();
        if (opened > 0 || !gone.isEmpty() || before == null || before != score) {
            // one audit record per run that changed something; the enterprise's rating follows from it
            events.publishEvent(new StateChanged("数据质量检查", ENTITY, String.valueOf(enterpriseId),
                    cut("得分 " + (before == null ? "—" : before) + " → " + score + "；新增 " + opened + " 项、解除 " + gone.size()
                            + " 项" + (openedNames.isEmpty() ? "" : "（" + String.join("；", openedNames) + "）") + "；" + reason, 1000),
                    enterpriseId, null));
        }
        return new Outcome(enterpriseId, score, openCount, opened, gone.size());
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }
}
