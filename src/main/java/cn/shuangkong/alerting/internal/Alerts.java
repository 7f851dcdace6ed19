package cn.shuangkong.alerting.internal;

import cn.shuangkong.access.PermissionHolders;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.alerting.internal.AlertRules.Rule;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.Window;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The alert centre: raises an alert once per rule and subject (a rule that finds the same thing again only refreshes
 * the open alert's evidence, and one a person closed is not raised again), tells the enterprise and its 属地 regulators,
 * and takes each alert through 确认, 处理 and 关闭 — closing needs a note. An alert whose condition has cleared closes
 * itself as 自动解除, naming the fact that cleared it. Every read is scoped by {@link Jurisdiction}; every change is audited.
 */
@Service
public class Alerts {

    /** Where an alert stands. */
    public enum Status {
        OPEN("待确认"), ACKNOWLEDGED("已确认"), HANDLING("处理中"), CLOSED("已关闭");
        public final String label;
        Status(String label) { this.label = label; }
        public String label() { return label; }
    }

    /** An alert as lists and the detail page show it. */
    public record Alert(long id, String ruleCode, String ruleName, String category, String subjectKey, long enterpriseId,
                        String enterpriseName, String regionCode, String regionName, String severity, String title,
                        String evidence, String link, Status status, Instant raisedAt, Instant lastSeenAt,
                        String acknowledgedBy, Instant acknowledgedAt, String closedBy, Instant closedAt, String closingNote,
                        boolean autoResolved) {
        public List<String> evidenceLines() {
            return evidence.lines().toList();
        }

        public String severityLabel() {
            return Alerts.severityLabel(severity);
        }

        public boolean closed() {
            return status == Status.CLOSED;
        }

        /** 自动解除 for an alert whose condition cleared by itself, else the status's own label. */
        public String statusLabel() {
            return autoResolved ? AUTO_RESOLVED : status.label;
        }
    }

    /** An alert not yet closed, as a rule's re-evaluation sees it. */
    public record OpenAlert(long id, String subjectKey, long enterpriseId, Instant raisedAt) { }

    static final String AUTO_RESOLVED = "自动解除";

    /** One step of an alert's life: raised, acknowledged, a handling note, closed. */
    public record Action(String action, String note, String actor, String actorName, Instant at) { }

    /** List filters; all optional. {@code open} true keeps the alerts not yet closed. */
    public record Query(Boolean open, String ruleCode, String category, Long enterpriseId, String text) { }

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * Every enterprise as organization publishes it (ADR 0041): the jurisdiction's filter over alias {@code e} applies to
     * the relation's columns, and PostgreSQL folds the relation into each query as if it named the table.
     */
    static final String ENTERPRISES = "(" + OrganizationFacts.enterprises(Jurisdiction.platform().enterpriseFilter("e")) + ")";

    private static final String SELECT = """
            select a.id, a.rule_code, ru.name as rule_name, ru.category, a.subject_key, a.enterprise_id,
                   e.name as enterprise_name, a.region_code, rg.name as region_name, a.severity, a.title, a.evidence,
                   a.link, a.status, a.raised_at, a.last_seen_at, a.acknowledged_by, a.acknowledged_at, a.closed_by,
                   a.closed_at, a.closing_note, a.auto_resolved
              from alert a join alert_rule ru on ru.code = a.rule_code
              join %s e on e.id = a.enterprise_id join (%s) rg on rg.code = e.region_code
            """.formatted(ENTERPRISES, OrganizationFacts.regions());

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final PermissionHolders holders;

    Alerts(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock, PermissionHolders holders) {
        this.jdbc = jdbc;
        this.holders = holders;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Raises the finding as an alert unless one is open for the same rule and subject, in which case that alert's
     * evidence is brought up to date. Returns true when a new alert was raised.
     */
    @Transactional
    public boolean raise(Rule rule, Finding f) {
        return raise(rule, f, new HashMap<>());
    }

    /**
     * Several findings of one rule in one transaction, as {@link #raise} one by one, but each enterprise's recipients
     * looked up once: the sensor alarms of a burst (ADR 0051). Returns how many new alerts were raised.
     */
    @Transactional
    public int raiseAll(Rule rule, List<Finding> findings) {
        Map<Long, List<String>> recipients = new HashMap<>();
        int raised = 0;
        for (Finding f : findings) {
            if (raise(rule, f, recipients)) raised++;
        }
        return raised;
    }

    private boolean raise(Rule rule, Finding f, Map<Long, List<String>> recipientsByEnterprise) {
        Instant now = clock.instant();
        // A closed alert stays closed: subjects name the situation (the record, the hazard and its deadline, the month),
        // so a new situation is a new subject, and what someone closed with a note does not come back by itself. One that
        // closed itself because the condition cleared comes back as a new alert when the condition does.
        if (jdbc.sql("select exists(select 1 from alert where rule_code = :r and subject_key = :s and status = 'CLOSED' and not auto_resolved)")
                .param("r", rule.code()).param("s", f.subjectKey()).query(Boolean.class).single()) {
            return false;
        }
        String title = f.title().length() > 200 ? f.title().substring(0, 199) + "…" : f.title();
        // The enterprise's region comes with the insert, from organization's relation. xmax = 0 only on a row this
        // statement inserted: how an upsert tells a new alert from a refreshed one.
        record Upserted(long id, boolean inserted, String regionCode) { }
        Upserted row = jdbc.sql("""
                insert into alert (rule_code, subject_key, enterprise_id, region_code, severity, title, evidence, link,
                                   raised_at, last_seen_at)
                select :rule, :subject, e.id, e.region_code, :sev, :title, :evidence, :link, :now, :now from %s e where e.id = :e
                on conflict (rule_code, subject_key) where status <> 'CLOSED'
                do update set evidence = excluded.evidence, title = excluded.title, last_seen_at = excluded.last_seen_at
                returning id, (xmax = 0) as inserted, region_code
                """.formatted(ENTERPRISES)).param("rule", rule.code()).param("subject", f.subjectKey()).param("e", f.enterpriseId())
                .param("sev", rule.severity()).param("title", title)
                .param("evidence", String.join("\n", f.evidence())).param("link", f.link())
                .param("now", Timestamp.from(now)).query(Upserted.class).single();
        if (!row.inserted()) return false;
        long id = row.id();
        String region = row.regionCode();
        act(id, "RAISED", "预警规则「" + rule.name() + "」触发", "system", "系统", now);
        List<String> recipients = recipientsByEnterprise.computeIfAbsent(f.enterpriseId(), e -> recipients(rule, e));
        // one statement for all recipients (ADR 0045): a burst of sensor alarms makes its alerts in one transaction (ADR 0051)
        jdbc.sql("insert into alert_notice (alert_id, username, created_at) select :a, u, :t from unnest(:u::text[]) as u on conflict do nothing")
                .param("a", id).param("u", new LinkedHashSet<>(recipients).toArray(String[]::new)).param("t", Timestamp.from(now)).update();
        events.publishEvent(new StateChanged("触发预警", "alert", String.valueOf(id),
                rule.name() + "：" + title + "（通知 " + recipients.size() + " 人）", f.enterpriseId(), region));
        return true;
    }

    public PageResult<Alert> search(Jurisdiction scope, Query q, PageResult.Request page) {
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        String where = where(scope, q, params);
        long total = jdbc.sql("select count(*) from (" + SELECT + where + ") c").params(params).query(Long.class).single();
        List<Alert> items = jdbc.sql(SELECT + where + """
                 order by (a.status = 'CLOSED'), case a.severity when 'HIGH' then 0 when 'MEDIUM' then 1 else 2 end,
                          a.raised_at desc, a.id desc limit :lim offset :off
                """).params(params).param("lim", page.size()).param("off", page.offset()).query(Alert.class).list();
        return new PageResult<>(items, total, page.page(), page.size());
    }

    /** The same filters read as a mirror reads them: in (updated_at, id) order, after a cursor (ADR 0027). */
    public Window.Slice<Alert> changes(Jurisdiction scope, Query q, Window window) {
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        return window.read(jdbc, SELECT, "a", where(scope, q, params), params,
                new org.springframework.jdbc.core.SimplePropertyRowMapper<>(Alert.class));
    }

    private static String where(Jurisdiction scope, Query q, Map<String, Object> params) {
        var f = scope.enterpriseFilter("e");
        StringBuilder where = new StringBuilder(" where " + f.sql() + regulatorsOnly(scope, "ru"));
        params.putAll(f.params());
        if (q.open() != null) where.append(q.open() ? " and a.status <> 'CLOSED'" : " and a.status = 'CLOSED'");
        if (q.ruleCode() != null && !q.ruleCode().isBlank()) {
            where.append(" and a.rule_code = :rule");
            params.put("rule", q.ruleCode());
        }
        if (q.category() != null && !q.category().isBlank()) {
            where.append(" and ru.category = :cat");
            params.put("cat", q.category());
        }
        if (q.enterpriseId() != null) {
            where.append(" and a.enterprise_id = :ent");
            params.put("ent", q.enterpriseId());
        }
        if (q.text() != null && !q.text().isBlank()) {
            where.append(" and (a.title like :text or e.name like :text)");
            params.put("text", "%" + q.text().strip() + "%");
        }
        return where.toString();
    }

    public Optional<Alert> find(Jurisdiction scope, long id) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where a.id = :id and " + f.sql() + regulatorsOnly(scope, "ru")).params(f.params()).param("id", id)
                .query(Alert.class).optional();
    }

    /** An alert's detail read as one (ADR 0076): the alert in the caller's scope, else a 404, then its timeline. */
    public record Detail(Alert alert, List<Action> timeline) { }

    public Detail detail(Jurisdiction scope, long id) {
        return new Detail(find(scope, id).orElseThrow(() -> DomainException.notFound("预警")), timeline(id));
    }

    /** The detail as its reader opens it on the page: their notice of it is read from now on. */
    public Detail open(Actor me, long id) {
        var detail = detail(me.jurisdiction(), id);
        markRead(me.username(), id);
        return detail;
    }

    public List<Action> timeline(long alertId) {
        return jdbc.sql("select action, note, actor, actor_name, at from alert_action where alert_id = :a order by at, id")
                .param("a", alertId).query(Action.class).list();
    }

    /** Open alerts by rule within a scope, for the alert centre's summary tiles. */
    public Map<String, Long> openByRule(Jurisdiction scope) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("select a.rule_code, count(*) as n from alert a join " + ENTERPRISES + " e on e.id = a.enterprise_id"
                        + " join alert_rule ru on ru.code = a.rule_code where a.status <> 'CLOSED' and "
                        + f.sql() + regulatorsOnly(scope, "ru") + " group by a.rule_code").params(f.params())
                .query(Rows.pairs(String.class, Long.class));
    }

    /** 确认: someone responsible has seen the alert. */
    @Transactional
    public Alert acknowledge(Actor me, long id) {
        Alert a = editable(me, id, "alerting:alert:handle");
        if (a.status() != Status.OPEN) throw DomainException.conflict("该预警已" + a.status().label + "，无需再次确认");
        jdbc.sql("update alert set status = 'ACKNOWLEDGED', acknowledged_by = :u, acknowledged_at = :t where id = :id")
                .param("u", me.username()).param("t", Timestamp.from(clock.instant())).param("id", id).update();
        return changed(me, a, "ACKNOWLEDGED", null, "确认预警");
    }

    /** 处理: what was done about it, in words; may be written more than once while the alert is open. */
    @Transactional
    public Alert handle(Actor me, long id, String note) {
        Alert a = editable(me, id, "alerting:alert:handle");
        String n = required(note, "处理预警须填写处理情况");
        jdbc.sql("update alert set status = 'HANDLING', acknowledged_by = coalesce(acknowledged_by, :u),"
                        + " acknowledged_at = coalesce(acknowledged_at, :t) where id = :id")
                .param("u", me.username()).param("t", Timestamp.from(clock.instant())).param("id", id).update();
        return changed(me, a, "HANDLING", n, "处理预警");
    }

    /** 关闭: only with a note saying why the alert may close. */
    @Transactional
    public Alert close(Actor me, long id, String note) {
        Alert a = editable(me, id, "alerting:alert:close");
        String n = required(note, "关闭预警须填写关闭说明（处理结果或关闭理由）");
        jdbc.sql("update alert set status = 'CLOSED', closed_by = :u, closed_at = :t, closing_note = :n where id = :id")
                .param("u", me.username()).param("t", Timestamp.from(clock.instant())).param("n", n).param("id", id).update();
        return changed(me, a, "CLOSED", n, "关闭预警");
    }

    /** Alerts about referrals between departments are for regulators (and the platform) only. */
    private static String regulatorsOnly(Jurisdiction scope, String rule) {
        return scope.kind() == Jurisdiction.Kind.REGULATOR || scope.isPlatform() ? "" : " and " + rule + ".category <> 'REFERRAL'";
    }

    /** The alerts of a rule not yet closed, for its re-evaluation. */
    public List<OpenAlert> openOf(String ruleCode) {
        return jdbc.sql("select id, subject_key, enterprise_id, raised_at from alert where rule_code = :r and status <> 'CLOSED' order by id")
                .param("r", ruleCode).query(OpenAlert.class).list();
    }

    /** The alerts of a rule not yet closed whose subject starts with {@code prefix} (one hazard's, whatever its deadline). */
    public List<OpenAlert> openAbout(String ruleCode, String prefix) {
        return jdbc.sql("select id, subject_key, enterprise_id, raised_at from alert where rule_code = :r and status <> 'CLOSED'"
                        + " and starts_with(subject_key, :p) order by id")
                .param("r", ruleCode).param("p", prefix).query(OpenAlert.class).list();
    }

    /** The alerts of a rule not yet closed about one enterprise (its own change re-checks them). */
    public List<OpenAlert> openOf(String ruleCode, long enterpriseId) {
        return jdbc.sql("select id, subject_key, enterprise_id, raised_at from alert where rule_code = :r and status <> 'CLOSED'"
                        + " and enterprise_id = :e order by id")
                .param("r", ruleCode).param("e", enterpriseId).query(OpenAlert.class).list();
    }

    /** Of the given subjects, the alerts of a rule not yet closed. */
    public List<OpenAlert> openOf(String ruleCode, java.util.Collection<String> subjectKeys) {
        return jdbc.sql("select id, subject_key, enterprise_id, raised_at from alert where rule_code = :r and status <> 'CLOSED'"
                        + " and subject_key = any(:s) order by id")
                .param("r", ruleCode).param("s", subjectKeys.toArray(String[]::new)).query(OpenAlert.class).list();
    }

    /**
     * 自动解除: the alert's condition has cleared, so it closes itself, recording the fact that cleared it (e.g.
     * "报警已于 … 消除"). Returns false when it was already closed (another run or a person got there first).
     */
    @Transactional
    public boolean resolve(long id, String fact) {
        Instant now = clock.instant();
        String note = (AUTO_RESOLVED + "：" + fact);
        if (note.length() > 1000) note = note.substring(0, 999) + "…";
        int changed = jdbc.sql("""
                update alert set status = 'CLOSED', closed_by = 'system', closed_at = :t, closing_note = :n, auto_resolved = true
                 where id = :id and status <> 'CLOSED'
                """).param("t", Timestamp.from(now)).param("n", note).param("id", id).update();
        if (changed == 0) return false;
        act(id, "AUTO_RESOLVED", fact, "system", "系统", now);
        Alert a = find(Jurisdiction.platform(), id).orElseThrow();
        events.publishEvent(new StateChanged("自动解除预警", "alert", String.valueOf(id), a.title() + "：" + fact,
                a.enterpriseId(), a.regionCode()));
        return true;
    }

    private Alert editable(Actor me, long id, String permission) {
        // Every change starts here: the row is held until it commits, so that two at once (two closings, a closing
        // and a handling) are taken in turn and the second judged on what the first left.
        jdbc.sql("select id from alert where id = :id for update").param("id", id).query(Long.class).optional();
        Alert a = find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("预警"));
        if (!me.can(permission)) {
            throw new DomainException(HttpStatus.FORBIDDEN, permission.endsWith("close")
                    ? "只有监管部门可以关闭预警" : "您没有处理预警的权限", null);
        }
        if (a.closed()) throw DomainException.conflict("该预警已关闭，不能再更改");
        return a;
    }

    private static String required(String note, String message) {
        if (note == null || note.isBlank()) throw DomainException.invalid("note", message);
        String n = note.strip();
        if (n.length() > 1000) throw DomainException.invalid("note", "说明不能超过 1000 字");
        return n;
    }

    private Alert changed(Actor me, Alert before, String action, String note, String verb) {
        act(before.id(), action, note, me.username(), me.displayName(), clock.instant());
        Alert after = find(Jurisdiction.platform(), before.id()).orElseThrow();
        events.publishEvent(new StateChanged(verb, "alert", String.valueOf(before.id()),
                before.title() + "：" + before.status().label + " → " + after.status().label + (note == null ? "" : "；" + note),
                before.enterpriseId(), before.regionCode()));
        return after;
    }

    private void act(long alertId, String action, String note, String actor, String actorName, Instant at) {
        jdbc.sql("insert into alert_action (alert_id, action, note, actor, actor_name, at) values (:a, :ac, :n, :u, :un, :t)")
                .param("a", alertId).param("ac", action).param("n", note).param("u", actor).param("un", actorName)
                .param("t", Timestamp.from(at)).update();
    }

    public long unread(String username) {
        return jdbc.sql("select count(*) from alert_notice n join alert a on a.id = n.alert_id where n.username = :u"
                + " and n.read_at is null and a.status <> 'CLOSED'").param("u", username).query(Long.class).single();
    }

    public void markRead(String username, long alertId) {
        jdbc.sql("update alert_notice set read_at = :t where username = :u and alert_id = :a and read_at is null")
                .param("t", Timestamp.from(clock.instant())).param("u", username).param("a", alertId).update();
    }

    public boolean notified(String username, long alertId) {
        return jdbc.sql("select count(*) from alert_notice where username = :u and alert_id = :a")
                .param("u", username).param("a", alertId).query(Long.class).single() > 0;
    }

    /** Who is told of the rule's alert about the enterprise. */
    private List<String> recipients(Rule rule, long enterpriseId) {
        // a referral between departments is the regulators' business: the enterprise is not told of it
        List<String> recipients = new ArrayList<>(rule.category().equals("REFERRAL") ? List.of()
                : rule.category().equals("FORMALITY") ? principalsOf(enterpriseId) : managersOf(enterpriseId));
        recipients.addAll(regulatorsOf(enterpriseId));
        return List.copyOf(recipients);
    }

    private List<String> managersOf(long enterpriseId) {
        return holders.ofEnterprise(enterpriseId, "alerting:alert:handle");
    }

    /** 走过场 goes to the enterprise's principal; where no principal has an account, to its safety managers. */
    private List<String> principalsOf(long enterpriseId) {
        List<String> principals = holders.ofEnterpriseInRole(enterpriseId, "ENTERPRISE_PRINCIPAL");
        return principals.isEmpty() ? managersOf(enterpriseId) : principals;
    }

    /** Regulator accounts able to close alerts whose department's region and industries cover the enterprise. */
    private List<String> regulatorsOf(long enterpriseId) {
        return holders.regulatorsOf(enterpriseId, "alerting:alert:close");
    }

    static String severityLabel(String severity) {
        return switch (severity) {
            case "HIGH" -> "高";
            case "MEDIUM" -> "中";
            default -> "低";
        };
    }

    public static String format(Instant t) {
        return t == null ? "—" : MINUTES.withZone(PlatformTime.zone()).format(t);
    }

    public static String formatSeconds(Instant t) {
        return t == null ? "—" : SECONDS.withZone(PlatformTime.zone()).format(t);
    }

    static String formatDay(Instant t) {
        return t.atZone(PlatformTime.zone()).toLocalDate().toString();
    }
}
