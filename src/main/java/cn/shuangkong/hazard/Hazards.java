package cn.shuangkong.hazard;

import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.access.AccessFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.shared.PlatformTime;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.shared.Window;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** 隐患 as stored; every read takes the caller's {@link Jurisdiction} and filters in SQL through the enterprise. */
@Repository
public class Hazards {

    /** A hazard in a list, with the names a person reads instead of ids and usernames. */
    public record Row(Hazard hazard, String enterpriseName, String finderName, String responsibleName) { }

    /** Filters of the register; null means "any". {@code assignee} keeps "my hazards to rectify". */
    public record Query(HazardState state, HazardLevel level, HazardSource source, Boolean overdue, Long enterpriseId,
                        String assignee, Boolean supervised, LocalDate foundFrom, LocalDate foundTo) {
        public static Query all() {
            return new Query(null, null, null, null, null, null, null, null, null);
        }

        public static Query of(HazardState state, HazardLevel level, HazardSource source, Boolean overdue) {
            return new Query(state, level, source, overdue, null, null, null, null, null);
        }

        public Query forEnterprise(long id) {
            return new Query(state, level, source, overdue, id, assignee, supervised, foundFrom, foundTo);
        }

        public Query foundBetween(LocalDate from, LocalDate to) {
            return new Query(state, level, source, overdue, enterpriseId, assignee, supervised, from, to);
        }
    }

    /*
     * Enterprises and accounts are the owners' relations (ADR 0041 part C), composed under the aliases the scope filter
     * and the names use; PostgreSQL folds them into these statements, so each stays one statement with the same plan.
     */
    private static final String ENTERPRISES = "(" + OrganizationFacts.enterprises() + ")", ACCOUNTS = "(" + AccessFacts.accounts() + ")";

    private static final String SELECT = """
            select h.*, e.name as enterprise_name, f.display_name as finder_name, r.display_name as responsible_name
              from hazard h
              join %1$s e on e.id = h.enterprise_id
              left join %2$s f on f.username = h.found_by
              left join %2$s r on r.username = h.responsible
            """.formatted(ENTERPRISES, ACCOUNTS);

    private static final String COUNT = "select count(*) from hazard h join " + ENTERPRISES + " e on e.id = h.enterprise_id";

    // Built once: composing the relations per call would allocate and hash a new statement text every time.
    private static final String POINT_OF_MEASURE = "select p.id from (" + RiskFacts.measures() + ") m join (" + RiskFacts.points()
            + ") p on p.id = m.risk_point_id where m.id = :m and p.enterprise_id = :e",
            NAME_IN_ENTERPRISE = "select display_name from " + ACCOUNTS + " a where enterprise_id = :e and username = :u and enabled";

    private final JdbcClient jdbc;

    Hazards(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public PageResult<Row> search(Jurisdiction scope, Query q, PageResult.Request page) {
        Map<String, Object> params = new HashMap<>();
        String where = where(scope, q, params);
        long total = jdbc.sql(COUNT + where)
                .params(params).query(Long.class).single();
        params.put("limit", page.size());
        params.put("offset", page.offset());
        List<Row> items = jdbc.sql(SELECT + where + " order by h.overdue desc, h.level desc, h.found_at desc, h.id desc limit :limit offset :offset")
                .params(params).query(ROW).list();
        return new PageResult<>(items, total, page.page(), page.size());
    }

    /** The same filters read as a mirror reads them: in (updated_at, id) order, after a cursor (ADR 0027). */
    public Window.Slice<Row> changes(Jurisdiction scope, Query q, Window window) {
        Map<String, Object> params = new HashMap<>(window.params());
        String where = where(scope, q, params) + window.where("h");
        return window.slice(jdbc.sql(window.select(SELECT, "h") + where + window.orderAndLimit("h"))
                .params(params).query(window.rows(ROW)).list());
    }

    private static String where(Jurisdiction scope, Query q, Map<String, Object> params) {
        var filter = scope.enterpriseFilter("e");
        params.putAll(filter.params());
        StringBuilder where = new StringBuilder(" where ").append(filter.sql());
        if (q.state() != null) {
            where.append(" and h.state = :state");
            params.put("state", q.state().name());
        }
        if (q.level() != null) {
            where.append(" and h.level = :level");
            params.put("level", q.level().name());
        }
        if (q.source() != null) {
            where.append(" and h.source = :source");
            params.put("source", q.source().name());
        }
        if (q.overdue() != null) {
            where.append(q.overdue() ? " and h.overdue" : " and not h.overdue");
        }
        if (q.enterpriseId() != null) {
            where.append(" and h.enterprise_id = :ent");
            params.put("ent", q.enterpriseId());
        }
        if (q.assignee() != null) {
            where.append(" and h.responsible = :assignee and h.state = 'RECTIFYING'");
            params.put("assignee", q.assignee());
        }
        if (q.foundFrom() != null) {
            where.append(" and h.found_at >= :from");
            params.put("from", Timestamp.from(q.foundFrom().atStartOfDay(PlatformTime.zone()).toInstant()));
        }
        if (q.foundTo() != null) {
            where.append(" and h.found_at < :to");
            params.put("to", Timestamp.from(q.foundTo().plusDays(1).atStartOfDay(PlatformTime.zone()).toInstant()));
        }
        if (q.supervised() != null) {
            where.append(q.supervised() ? " and h.supervised" : " and not h.supervised");
        }
        return where.toString();
    }

    public Optional<Row> find(Jurisdiction scope, long id) {
        var filter = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where h.id = :id and " + filter.sql())
                .params(filter.params()).param("id", id).query(ROW).optional();
    }

    /** A hazard locked for a change, with what the change and its answer need of its enterprise and its finder. */
    record Locked(Hazard hazard, String enterpriseName, String regionCode, String finderName) { }

    /**
     * Locks the row for the rest of the transaction, so that two people cannot move one hazard at the same time; the
     * enterprise's name and region and the finder's name come with it, so the step need not read them again.
     */
    private static final String LOCK = """
            select h.*, e.name as enterprise_name, e.region_code as enterprise_region, f.display_name as finder_name
              from hazard h join %s e on e.id = h.enterprise_id left join %s f on f.username = h.found_by
             where h.id = :id""".formatted(ENTERPRISES, ACCOUNTS);

    Optional<Locked> lock(Jurisdiction scope, long id) {
        var filter = scope.enterpriseFilter("e");
        return jdbc.sql(LOCK + " and " + filter.sql() + " for update of h")
                .params(filter.params()).param("id", id)
                .query((rs, n) -> {
                    LockedNames names = LOCKED_NAMES.mapRow(rs, n);
                    return new Locked(hazard(STORED.mapRow(rs, n)), names.enterpriseName(), names.enterpriseRegion(), names.finderName());
                }).optional();
    }

    /**
     * Registrations of one client key take turns until the first commits (ADR 0084): a phone resending while its first
     * report was still saving once found no hazard of the key, inserted a second and broke the key's unique index (a
     * raw conflict). The resend now waits, then {@link #byClientKey} finds the first's hazard. All keys of a batch in one
     * statement (a patrol's findings are written set-based, ADR 0045); blank keys (none given) are skipped.
     */
    void takeTurnsOn(long enterpriseId, java.util.List<String> clientKeys) {
        TransactionLocks.waitForAll(jdbc, clientKeys.stream().filter(k -> k != null && !k.isBlank())
                .map(k -> "hazard-client-key:" + enterpriseId + ":" + k.strip()).toList());
    }

    Optional<Hazard> byClientKey(long enterpriseId, String clientKey) {
        return jdbc.sql("select * from hazard where enterprise_id = :e and client_key = :k")
                .param("e", enterpriseId).param("k", clientKey).query(HAZARD).optional();
    }

    /** An earlier hazard of the same kind: a stored one (its id), or one of the same batch before it (its index). */
    record Earlier(Long id, Integer sibling) { }

    /** An earlier hazard of the n-th of a batch, as {@link #earlierOf} selects it. */
    private record EarlierOfNth(int n, Long id, Integer sibling) { }

    private static final RowMapper<EarlierOfNth> EARLIER = Rows.of(EarlierOfNth.class);

    /**
     * For each hazard of a batch about to be registered in this order, the earlier hazards of the same kind (同类隐患)
     * at its risk point within {@link Hazard#RECURRENCE_WINDOW} before it was found, newest first — stored ones and the
     * batch's own earlier ones, as registering them one by one would have seen (rejected reports do not count; a
     * hazard of no risk point has none). The same kind: the same failed control measure, or the same hazard item of the
     * same type — the same 判定标准 item, or the same finding by its title. A broad type alone is not a kind: an
     * eye-wash station without water is no repeat of a bypassed interlock, though both are 物的不安全状态. One query for
     * the batch.
     */
    List<List<Earlier>> earlierOf(long enterpriseId, List<Hazard> batch) {
        List<List<Earlier>> out = new java.util.ArrayList<>();
        batch.forEach(h -> out.add(new java.util.ArrayList<>()));
        if (batch.stream().allMatch(h -> h.riskPointId == null)) return out;
        int n = batch.size();
        jdbc.sql("""
                with c as (select * from unnest(cast(:n as int[]), cast(:rp as bigint[]), cast(:type as varchar[]), cast(:m as bigint[]),
                                                cast(:c as varchar[]), cast(:t as varchar[]), cast(:found as timestamptz[]))
                                      as c(n, risk_point_id, type, measure_id, criterion_code, title, found_at)
                            where risk_point_id is not null),
                pool as (select h.id, cast(null as int) as n, h.risk_point_id, h.type, h.measure_id, h.criterion_code, h.title, h.found_at
                           from hazard h
                          where h.enterprise_id = :e and h.risk_point_id in (select risk_point_id from c) and h.state <> 'REJECTED'
                         union all
                         select null, n, risk_point_id, type, measure_id, criterion_code, title, found_at from c)
                select c.n, p.id, p.n as sibling from c join pool p
                    on p.risk_point_id = c.risk_point_id and (p.n is null or p.n < c.n)
                   and p.found_at >= c.found_at - make_interval(secs => :window) and p.found_at <= c.found_at
                   and (p.measure_id = c.measure_id
                        or (p.type = c.type and (p.criterion_code = c.criterion_code
                            or regexp_replace(p.title, '\\s', '', 'g') = regexp_replace(c.title, '\\s', '', 'g'))))
                 order by c.n, p.found_at desc, p.n desc nulls last, p.id desc
                """).param("e", enterpriseId)
                .param("n", java.util.stream.IntStream.range(0, n).boxed().toArray(Integer[]::new))
                .param("rp", batch.stream().map(h -> h.riskPointId).toArray(Long[]::new))
                .param("type", batch.stream().map(h -> h.type.name()).toArray(String[]::new))
                .param("m", batch.stream().map(h -> h.measureId).toArray(Long[]::new))
                .param("c", batch.stream().map(h -> h.criterionCode).toArray(String[]::new))
                .param("t", batch.stream().map(h -> h.title).toArray(String[]::new))
                // as text, which PostgreSQL reads to the microsecond as it reads a bound timestamp
                .param("found", batch.stream().map(h -> h.foundAt.toString()).toArray(String[]::new))
                .param("window", Hazard.RECURRENCE_WINDOW.toSeconds())
                .query(EARLIER).list()
                .forEach(e -> out.get(e.n()).add(new Earlier(e.id(), e.sibling())));
        return out;
    }

    /** The risk point of a control measure of the enterprise, if the measure is one of its own. */
    java.util.Optional<Long> riskPointOfMeasure(long enterpriseId, long measureId) {
        return jdbc.sql(POINT_OF_MEASURE)
                .param("m", measureId).param("e", enterpriseId).query(Long.class).optional();
    }

    private static final String COLUMNS = """
                enterprise_id, source, level, criterion_code, criterion_text, major_reason, type,
                risk_point_id, measure_id, title, description, location, found_by, found_at, client_key, state, repeat_of,
                earlier_in_window, created_at, updated_at""";

    private static final String VALUES = """
                (:enterpriseId, :source, :level, :criterionCode, :criterionText, :majorReason, :type,
                 :riskPointId, :measureId, :title, :description, :location, :foundBy, :foundAt, :clientKey, :state, :repeatOf,
                 :earlierInWindow, :now, :now)""";

    private static final java.util.regex.Pattern PARAMETER = java.util.regex.Pattern.compile(":(\\w+)");

    /**
     * Inserts a new hazard and answers the row as stored, with the names a person reads, as {@link #find} would after
     * the commit (the registration's answer without reading the hazard again, as the steps do since ADR 0038).
     */
    Row insert(Hazard h, String enterpriseName, Instant now) {
        return insertAll(List.of(h), enterpriseName, now).get(0);
    }

    /**
     * Inserts new hazards of one enterprise in one statement, in this order — so the read models' statement triggers on
     * {@code hazard} (V165, cascading into V225/V274) run once for all of them — and answers their rows as
     * {@link #insert} does, in the same order.
     */
    List<Row> insertAll(List<Hazard> batch, String enterpriseName, Instant now) {
        StringBuilder values = new StringBuilder();
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            String suffix = "_" + i;
            values.append(i == 0 ? "" : ",").append(PARAMETER.matcher(VALUES).replaceAll(":$1" + suffix));
            fields(batch.get(i)).forEach((name, value) -> params.put(name + suffix, value));
            params.put("now" + suffix, Timestamp.from(now));
        }
        List<Row> rows = jdbc.sql("""
                with i as (insert into hazard (%2$s) values %3$s returning *)
                select i.*, cast(:enterpriseName as text) as enterprise_name, f.display_name as finder_name, r.display_name as responsible_name
                  from i left join %1$s f on f.username = i.found_by left join %1$s r on r.username = i.responsible
                 order by i.id""".formatted(ACCOUNTS, COLUMNS, values))
                .params(params).param("enterpriseName", enterpriseName)
                .query(ROW).list();
        // identities are drawn in the order of the values, so the n-th row by id is the n-th hazard given
        for (int i = 0; i < batch.size(); i++) batch.get(i).id = rows.get(i).hazard().id();
        return rows;
    }

    void update(Hazard h, Instant now) {
        jdbc.sql("update hazard set " + SET + " where id = :id").params(fields(h)).param("id", h.id).param("now", Timestamp.from(now)).update();
    }

    /**
     * Saves a locked hazard's change and answers the row as stored — the database stamps updated_at and keeps times
     * to the microsecond and amounts to the cent — with the names a person reads, as {@link #find} would after the
     * commit (ADR 0038: the step's answer without reading the hazard again).
     */
    Row update(Locked locked, Instant now) {
        Hazard h = locked.hazard();
        return jdbc.sql(UPDATE_RETURNING)
                .params(fields(h)).param("id", h.id).param("now", Timestamp.from(now))
                .param("enterpriseName", locked.enterpriseName()).param("finderName", locked.finderName())
                .query(ROW).single();
    }

    private static final String SET = """
            level = :level, criterion_code = :criterionCode, criterion_text = :criterionText,
                major_reason = :majorReason, type = :type, state = :state, reject_reason = :rejectReason,
                responsible = :responsible, measures = :measures, funds = :funds, deadline = :deadline,
                contingency_plan = :contingencyPlan, fixed_on_spot = :fixedOnSpot, rectified_by = :rectifiedBy,
                rectified_at = :rectifiedAt, rectification_note = :rectificationNote, accepted_by = :acceptedBy,
                accepted_at = :acceptedAt, acceptance_opinion = :acceptanceOpinion,
                extension_deadline = :extensionDeadline, extension_reason = :extensionReason,
                extension_requested_by = :extensionRequestedBy, overdue = :overdue, reminded = :reminded,
                escalated_at = :escalatedAt, supervised = :supervised, supervision_doc_no = :supervisionDocNo,
                supervision_level = :supervisionLevel, supervision_deadline = :supervisionDeadline,
                supervised_by = :supervisedBy, supervision_department_id = :supervisionDepartmentId, closed_at = :closedAt, updated_at = :now
            """;

    // The enterprise's and the finder's names are the locked row's, given back as columns so that one mapper reads the row.
    private static final String UPDATE_RETURNING = "with u as (update hazard set " + SET + " where id = :id returning *)"
            + " select u.*, cast(:enterpriseName as text) as enterprise_name, cast(:finderName as text) as finder_name,"
            + " r.display_name as responsible_name from u left join " + ACCOUNTS + " r on r.username = u.responsible";

    /** A hazard that an inspection traced to a failed control measure, as 数据质量 reads it. */
    public record FailedMeasure(long hazardId, String title, long riskPointId, long measureId, Instant foundAt) { }

    /** The enterprise's hazards that name a failed control measure (rejected ones excluded), oldest first. */
    public List<FailedMeasure> failedMeasures(long enterpriseId) {
        return jdbc.sql("""
                select id as hazard_id, title, risk_point_id, measure_id, found_at from hazard
                 where enterprise_id = :e and measure_id is not null and risk_point_id is not null and state <> 'REJECTED'
                 order by found_at, id
                """).param("e", enterpriseId).query(FailedMeasure.class).list();
    }

    /** How many hazards the enterprise registered (found) since a moment, whatever became of them. */
    public long foundSince(long enterpriseId, Instant since) {
        return jdbc.sql("select count(*) from hazard where enterprise_id = :e and found_at >= :t")
                .param("e", enterpriseId).param("t", Timestamp.from(since)).query(Long.class).single();
    }

    /** The name of an enabled account of the enterprise; empty if the username is not one. */
    Optional<String> nameOfPersonOf(long enterpriseId, String username) {
        return jdbc.sql(NAME_IN_ENTERPRISE)
                .param("e", enterpriseId).param("u", username).query(String.class).optional();
    }

    private static Map<String, Object> fields(Hazard h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enterpriseId", h.enterpriseId);
        m.put("source", h.source.name());
        m.put("level", h.level.name());
        m.put("criterionCode", h.criterionCode);
        m.put("criterionText", h.criterionText);
        m.put("majorReason", h.majorReason);
        m.put("type", h.type.name());
        m.put("riskPointId", h.riskPointId);
        m.put("measureId", h.measureId);
        m.put("title", h.title);
        m.put("description", h.description);
        m.put("location", h.location);
        m.put("foundBy", h.foundBy);
        m.put("foundAt", ts(h.foundAt));
        m.put("clientKey", h.clientKey);
        m.put("state", h.state.name());
        m.put("rejectReason", h.rejectReason);
        m.put("responsible", h.responsible);
        m.put("measures", h.measures);
        m.put("funds", h.funds);
        m.put("deadline", h.deadline);
        m.put("contingencyPlan", h.contingencyPlan);
        m.put("fixedOnSpot", h.fixedOnSpot);
        m.put("rectifiedBy", h.rectifiedBy);
        m.put("rectifiedAt", ts(h.rectifiedAt));
        m.put("rectificationNote", h.rectificationNote);
        m.put("acceptedBy", h.acceptedBy);
        m.put("acceptedAt", ts(h.acceptedAt));
        m.put("acceptanceOpinion", h.acceptanceOpinion);
        m.put("extensionDeadline", h.extensionDeadline);
        m.put("extensionReason", h.extensionReason);
        m.put("extensionRequestedBy", h.extensionRequestedBy);
        m.put("overdue", h.overdue);
        m.put("reminded", h.reminded);
        m.put("escalatedAt", ts(h.escalatedAt));
        m.put("supervised", h.supervised);
        m.put("supervisionDocNo", h.supervisionDocNo);
        m.put("supervisionLevel", h.supervisionLevel);
        m.put("supervisionDeadline", h.supervisionDeadline);
        m.put("supervisedBy", h.supervisedBy);
        m.put("supervisionDepartmentId", h.supervisionDepartmentId);
        m.put("closedAt", ts(h.closedAt));
        m.put("repeatOf", h.repeatOf);
        m.put("earlierInWindow", h.earlierInWindow);
        return m;
    }

    /** A {@code hazard} row as stored, read by the library (ADR 0078) before it becomes the aggregate. */
    private record Stored(long id, long enterpriseId, HazardSource source, HazardLevel level, String criterionCode,
                          String criterionText, String majorReason, HazardType type, Long riskPointId, Long measureId,
                          String title, String description, String location, String foundBy, Instant foundAt,
                          String clientKey, HazardState state, String rejectReason, String responsible, String measures,
                          BigDecimal funds, LocalDate deadline, String contingencyPlan, boolean fixedOnSpot,
                          String rectifiedBy, Instant rectifiedAt, String rectificationNote, String acceptedBy,
                          Instant acceptedAt, String acceptanceOpinion, LocalDate extensionDeadline,
                          String extensionReason, String extensionRequestedBy, boolean overdue, boolean reminded,
                          Instant escalatedAt, boolean supervised, String supervisionDocNo, String supervisionLevel,
                          LocalDate supervisionDeadline, String supervisedBy, Long supervisionDepartmentId,
                          Instant closedAt, Instant updatedAt, Long repeatOf, int earlierInWindow) { }

    /** The names a list shows beside a hazard. */
    private record Names(String enterpriseName, String finderName, String responsibleName) { }

    /** What {@link #lock} reads beside the hazard. */
    private record LockedNames(String enterpriseName, String enterpriseRegion, String finderName) { }

    private static final RowMapper<Stored> STORED = Rows.of(Stored.class);

    private static final RowMapper<Names> NAMES = Rows.of(Names.class);

    private static final RowMapper<LockedNames> LOCKED_NAMES = Rows.of(LockedNames.class);

    private static final RowMapper<Hazard> HAZARD = (rs, n) -> hazard(STORED.mapRow(rs, n));

    private static final RowMapper<Row> ROW = (rs, n) -> {
        Names names = NAMES.mapRow(rs, n);
        return new Row(hazard(STORED.mapRow(rs, n)), names.enterpriseName(), names.finderName(), names.responsibleName());
    };

    /** The aggregate of a stored row: its fields are package-private and have no setters, so they are copied here. */
    private static Hazard hazard(Stored s) {
        var h = new Hazard();
        h.id = s.id();
        h.enterpriseId = s.enterpriseId();
        h.source = s.source();
        h.level = s.level();
        h.criterionCode = s.criterionCode();
        h.criterionText = s.criterionText();
        h.majorReason = s.majorReason();
        h.type = s.type();
        h.riskPointId = s.riskPointId();
        h.measureId = s.measureId();
        h.title = s.title();
        h.description = s.description();
        h.location = s.location();
        h.foundBy = s.foundBy();
        h.foundAt = s.foundAt();
        h.clientKey = s.clientKey();
        h.state = s.state();
        h.rejectReason = s.rejectReason();
        h.responsible = s.responsible();
        h.measures = s.measures();
        h.funds = s.funds();
        h.deadline = s.deadline();
        h.contingencyPlan = s.contingencyPlan();
        h.fixedOnSpot = s.fixedOnSpot();
        h.rectifiedBy = s.rectifiedBy();
        h.rectifiedAt = s.rectifiedAt();
        h.rectificationNote = s.rectificationNote();
        h.acceptedBy = s.acceptedBy();
        h.acceptedAt = s.acceptedAt();
        h.acceptanceOpinion = s.acceptanceOpinion();
        h.extensionDeadline = s.extensionDeadline();
        h.extensionReason = s.extensionReason();
        h.extensionRequestedBy = s.extensionRequestedBy();
        h.overdue = s.overdue();
        h.reminded = s.reminded();
        h.escalatedAt = s.escalatedAt();
        h.supervised = s.supervised();
        h.supervisionDocNo = s.supervisionDocNo();
        h.supervisionLevel = s.supervisionLevel();
        h.supervisionDeadline = s.supervisionDeadline();
        h.supervisedBy = s.supervisedBy();
        h.supervisionDepartmentId = s.supervisionDepartmentId();
        h.closedAt = s.closedAt();
        h.updatedAt = s.updatedAt();
        h.repeatOf = s.repeatOf();
        h.earlierInWindow = s.earlierInWindow();
        return h;
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
