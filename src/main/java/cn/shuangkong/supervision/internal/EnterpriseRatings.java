package cn.shuangkong.supervision.internal;

import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.exchange.ExchangeFacts;
import cn.shuangkong.hazard.HazardFacts;
import cn.shuangkong.inspection.InspectionFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.quality.QualityScores;
import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.supervision.internal.RatingFormula.Factor;
import cn.shuangkong.supervision.internal.RatingFormula.Inputs;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * 企业整体风险等级: computes each enterprise's rating with the configured {@link RatingFormula}, keeps the current one
 * in {@code enterprise_rating} and every change in its history, and answers other modules' questions about ratings.
 */
@Service
@EnableConfigurationProperties(SupervisionProperties.class)
public class EnterpriseRatings {

    /** The current rating of an enterprise with the factors that set it. */
    public record Rating(long enterpriseId, String enterpriseName, String regionName, String industryCode, int score,
                         RatingLevel level, List<Factor> factors, Instant computedAt, String reason, boolean blacklisted) {
        /** The factors that gave the most points, for a one-line "why" in lists. */
        public List<Factor> topFactors() {
            return factors.stream().filter(f -> f.points() > 0)
                    .sorted(java.util.Comparator.comparingInt(Factor::points).reversed()).limit(3).toList();
        }

        /** What the rating rests on when it reads what lower platforms reported (ADR 0055), else null. */
        public String reportedBasis() {
            return factors.stream().filter(f -> "reported".equals(f.code())).map(Factor::value).findFirst().orElse(null);
        }
    }

    /** One change of score or level. */
    public record Change(int score, RatingLevel level, List<Factor> factors, Instant computedAt, String reason) { }

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final SupervisionProperties settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final QualityScores quality;
    private final boolean qualityFeeds;

    EnterpriseRatings(JdbcClient jdbc, SupervisionProperties settings, ApplicationEventPublisher events,
                      Clock clock, QualityScores quality) {
        this.jdbc = jdbc;
        this.quality = quality;
        this.qualityFeeds = settings.rating().qualityMax() > 0;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    public RatingFormula formula() {
        return settings.rating();
    }

    /** The current level of an enterprise, for modules that only need the colour; empty until first computed. */
    public Optional<RatingLevel> levelOf(long enterpriseId) {
        return jdbc.sql("select level from enterprise_rating where enterprise_id = :e").param("e", enterpriseId)
                .query(String.class).optional().map(RatingLevel::valueOf);
    }

    /** The rating of one enterprise in the caller's scope. */
    public Optional<Rating> current(Jurisdiction scope, long enterpriseId) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where e.id = :id and " + f.sql()).params(f.params()).param("id", enterpriseId)
                .param("today", java.time.LocalDate.now(clock)).query(this::map).optional();
    }

    /** A rating with the changes that led to it, newest first. */
    public record Rated(Rating rating, List<Change> history) { }

    /** The rating of one enterprise in the caller's scope with its history; empty when out of scope or not rated yet. */
    public Optional<Rated> withHistory(Jurisdiction scope, long enterpriseId) {
        return current(scope, enterpriseId).map(r -> new Rated(r, history(enterpriseId)));
    }

    /** Rated enterprises in scope, highest score first; {@code level} null for all. */
    public List<Rating> list(Jurisdiction scope, RatingLevel level) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where " + f.sql() + (level == null ? "" : " and r.level = :level")
                        + " order by r.score desc, e.id")
                .params(f.params()).param("today", java.time.LocalDate.now(clock))
                .param("level", level == null ? null : level.name()).query(this::map).list();
    }

    /** Enterprises in scope by rating level (levels without enterprises count 0). */
    public Map<RatingLevel, Long> counts(Jurisdiction scope) {
        var f = scope.enterpriseFilter("e");
        Map<RatingLevel, Long> out = new EnumMap<>(RatingLevel.class);
        for (RatingLevel l : RatingLevel.values()) out.put(l, 0L);
        jdbc.sql("select r.level, count(*) as enterprises from enterprise_rating r join (" + OrganizationFacts.enterprises()
                        + ") e on e.id = r.enterprise_id where " + f.sql() + " group by r.level").params(f.params())
                .query(LEVEL_COUNTS).list().forEach(c -> out.put(c.level(), c.enterprises()));
        return out;
    }

    /** The changes of an enterprise's rating, newest first (the caller has checked scope). */
    public List<Change> history(long enterpriseId) {
        return jdbc.sql("select score, level, factors::text, computed_at, reason from enterprise_rating_history"
                        + " where enterprise_id = :e order by computed_at desc, id desc limit 50")
                .param("e", enterpriseId)
                // by hand: the factors are JSON, read with the rating's own reader
                .query((rs, n) -> new Change(rs.getInt(1), RatingLevel.valueOf(rs.getString(2)), factors(rs.getString(3)),
                        rs.getTimestamp(4).toInstant(), rs.getString(5))).list();
    }

    /**
     * Recomputes run one at a time (this transaction-scoped advisory lock, "SHKRATE"), so that a recompute that read
     * older data never saves after one that read newer: the owed-rating worker tries it and skips its run when it is
     * held, a full recompute waits for it.
     */
    static final long RECOMPUTE_LOCK = 0x5348_4B52_4154_4500L;

    /** Takes the recompute lock for the caller's transaction if it is free. */
    boolean tryLockRecomputes() {
        return TransactionLocks.tryTake(jdbc, RECOMPUTE_LOCK);
    }

    /**
     * Recomputes these enterprises, each with the reason that triggered it, in the caller's transaction (the worker's
     * that took the owed rows, so that they are deleted only with the new ratings).
     */
    @Transactional
    public void recompute(Map<Long, String> reasons) {
        if (!reasons.isEmpty()) compute(jdbc.sql("select e.id from (" + OrganizationFacts.enterprises() + ") e where e.id = any(:ids)")
                .param("ids", reasons.keySet().toArray(Long[]::new)).query(Long.class).list(), reasons::get);
    }

    /** Recomputes every enterprise; returns how many. The nightly job and the regulators' button call this. */
    @Transactional
    public int recomputeAll(String reason) {
        TransactionLocks.waitFor(jdbc, RECOMPUTE_LOCK);
        List<Long> ids = jdbc.sql("select e.id from (" + OrganizationFacts.enterprises() + ") e order by e.id").query(Long.class).list();
        compute(ids, id -> reason);
        return ids.size();
    }

    private void compute(List<Long> ids, java.util.function.Function<Long, String> reasonOf) {
        if (ids.isEmpty()) return;
        RatingFormula formula = settings.rating();
        Instant now = clock.instant();
        List<Object[]> inputs = new ArrayList<>();
        Map<Long, Integer> qualityScores = qualityFeeds ? quality.scoresOf(ids) : Map.of();
        // An enterprise that keeps no register here is rated from what lower platforms reported for it as well (ADR
        // 0044, 0055): the exchange module's facts, which leave out every enterprise that keeps its own register.
        jdbc.sql("""
                with ids as (select unnest(cast(:ids as bigint[])) as id)
                select e.id, e.name, e.region_code, e.industry_code, e.headcount, e.major_hazard,
                       e.hazardous_chemicals, e.dust_explosion, e.confined_space, e.ammonia_refrigeration, e.crowded_place,
                       (select count(*) from (%s) p where p.enterprise_id = e.id and p.level = 1) as major_risks,
                       oh.open_major, oh.open_hazards, oh.overdue_hazards, oh.overdue_major, t.tasks_due, t.tasks_done,
                       exists (select 1 from blacklist_entry b where b.enterprise_id = e.id and b.state = 'ACTIVE'
                                 and cast(:today as date) between b.start_date and b.end_date) as blacklisted,
                       x.enterprise_id is not null as reported, xs.sources, coalesce(x.major_risks, 0) as x_major_risks,
                       coalesce(x.major_open, 0) as x_open_major, coalesce(x.open, 0) as x_open,
                       coalesce(x.overdue, 0) as x_overdue, coalesce(x.major_overdue, 0) as x_overdue_major,
                       (select count(*) from supervision_alarm a where a.enterprise_id = e.id and a.raised_at >= :alarm_since) as alarms,
                       (select count(*) from enforcement_finding f join enforcement_inspection i on i.id = f.inspection_id
                         where i.enterprise_id = e.id and i.created_at >= :finding_since) as findings
                  from (%s) e
                  -- open hazards only, by the register's partial index of open hazards: bounded by what is open now
                  cross join lateral (select count(*) as open_hazards,
                                             count(*) filter (where h.level = 'MAJOR') as open_major,
                                             count(*) filter (where h.overdue) as overdue_hazards,
                                             count(*) filter (where h.level = 'MAJOR' and h.overdue) as overdue_major
                                        from (%s) h where h.enterprise_id = e.id
                                         and h.state not in ('CLOSED', 'REJECTED', 'PENDING_CONFIRMATION')) oh
                  -- the tasks of the window only, by the calendar's (enterprise, due time) index
                  cross join lateral (select count(*) filter (where t.status in ('DONE','OVERDUE')) as tasks_due,
                                             count(*) filter (where t.status = 'DONE') as tasks_done
                                        from (%s) t where t.enterprise_id = e.id
                                         and t.due_at between :task_since and :now) t
                  left join (%s) x on x.enterprise_id = e.id
                  left join (%s) xs on xs.enterprise_id = e.id
                 where e.id = any(:ids) order by e.id
                """.formatted(RiskFacts.points(), OrganizationFacts.enterprises(), HazardFacts.hazards(), InspectionFacts.tasks(),
                        ExchangeFacts.perEnterprise("ids"), ExchangeFacts.senders("ids")))
                .param("ids", ids.toArray(Long[]::new)).param("now", Timestamp.from(now))
                .param("today", java.time.LocalDate.ofInstant(now, clock.getZone()))
                .param("task_since", Timestamp.from(now.minus(Duration.ofDays(formula.taskDays()))))
                .param("alarm_since", Timestamp.from(now.minus(Duration.ofDays(formula.alarmDays()))))
                .param("finding_since", Timestamp.from(now.minus(Duration.ofDays(formula.findingDays()))))
                .query(FACTS).list().forEach(x -> inputs.add(new Object[] {x.id(), x.name(), x.regionCode(), x.inputs(qualityScores.get(x.id()))}));
        save(inputs, formula, reasonOf, now);
    }

    /** One enterprise's row of {@link #compute}'s select: what the formula's {@link Inputs} are made of. */
    record Facts(long id, String name, String regionCode, String industryCode, int headcount, boolean majorHazard,
                 boolean hazardousChemicals, boolean dustExplosion, boolean confinedSpace, boolean ammoniaRefrigeration,
                 boolean crowdedPlace, int majorRisks, int openMajor, int openHazards, int overdueHazards, int overdueMajor,
                 int tasksDue, int tasksDone, boolean blacklisted, boolean reported, String sources, int xMajorRisks,
                 int xOpenMajor, int xOpen, int xOverdue, int xOverdueMajor, int alarms, int findings) {

        /** The formula's inputs: the special features by name, own and reported records added up, as the 驾驶舱 adds them. */
        Inputs inputs(Integer qualityScore) {
            List<String> features = new ArrayList<>();
            if (hazardousChemicals) features.add("涉及危险化学品");
            if (dustExplosion) features.add("粉尘涉爆");
            if (confinedSpace) features.add("有限空间作业");
            if (ammoniaRefrigeration) features.add("涉氨制冷");
            if (crowdedPlace) features.add("人员密集场所");
            var reportedFacts = !reported ? null : new RatingFormula.Reported(sources, xMajorRisks, xOpenMajor, xOpen, xOverdue);
            return new Inputs(industryCode, headcount, majorHazard, features, majorRisks + xMajorRisks, openMajor + xOpenMajor,
                    openHazards + xOpen, overdueHazards + xOverdue, tasksDue, tasksDone, alarms, findings, blacklisted,
                    overdueMajor + xOverdueMajor, qualityScore, reportedFacts);
        }
    }

    private static final RowMapper<Facts> FACTS = Rows.of(Facts.class);

    record LevelCount(RatingLevel level, long enterprises) { }

    private static final RowMapper<LevelCount> LEVEL_COUNTS = Rows.of(LevelCount.class);

    /**
     * Writes the new ratings, a history row where the score or level moved and a {@link StateChanged} where the level
     * did. One round trip reads (and locks, in id order as before) the current ratings and one statement writes each
     * table, instead of three round trips per enterprise: the nightly run and the demo load rate every enterprise, and on a busy
     * machine each round trip costs a scheduling slice of both processes (issue 12 item 9).
     */
    private void save(List<Object[]> inputs, RatingFormula formula, java.util.function.Function<Long, String> reasonOf, Instant now) {
        if (inputs.isEmpty()) return;
        record Current(long enterpriseId, int score, String level) { }
        Map<Long, Current> before = new java.util.HashMap<>();
        jdbc.sql("select enterprise_id, score, level from enterprise_rating where enterprise_id = any(:ids) order by enterprise_id for update")
                .param("ids", inputs.stream().map(row -> (Long) row[0]).toArray(Long[]::new))
                .query(Rows.of(Current.class)).list().forEach(c -> before.put(c.enterpriseId(), c));
        Timestamp at = Timestamp.from(now);
        List<Object[]> ratings = new ArrayList<>(), history = new ArrayList<>();
        List<StateChanged> levelChanges = new ArrayList<>();
        for (Object[] row : inputs) {
            long id = (Long) row[0];
            var result = formula.rate((Inputs) row[3]);
            String reason = reasonOf.apply(id);
            String why = reason.length() > 100 ? reason.substring(0, 100) : reason;
            Object[] values = {id, result.score(), result.level().name(), JSON.writeValueAsString(result.factors()), at, why};
            ratings.add(values);
            Current was = before.get(id);
            if (was == null || was.score() != result.score() || !was.level().equals(result.level().name())) history.add(values);
            if (was != null && !was.level().equals(result.level().name())) {
                levelChanges.add(new StateChanged("企业风险等级变化", "enterprise-rating", String.valueOf(id),
                        row[1] + "：" + RatingLevel.valueOf(was.level()).title() + " → " + result.level().title()
                                + "（" + result.score() + " 分，" + why + "）", id, (String) row[2]));
            }
        }
        jdbc.sql(SAVE_RATINGS).params(rowParams(ratings, at)).update();
        if (!history.isEmpty()) jdbc.sql(SAVE_HISTORY).params(rowParams(history, at)).update();
        levelChanges.forEach(events::publishEvent);
    }

    /**
     * The rows to write as one statement, in the order given (the history's ids as single inserts took them). Not a JDBC
     * batch of one statement per enterprise: the read models' statement triggers on {@code enterprise_rating} (V226)
     * then run once for a recompute instead of once per enterprise — a full recompute of the demo's 64 enterprises
     * fired them 64 times, ≈ 2 ms of the database's time each (ADR 0053).
     */
    private static final String ROWS = """
            select r.enterprise_id, r.score, r.level, cast(r.factors as jsonb), cast(:at as timestamptz), r.reason
              from unnest(cast(:ids as bigint[]), cast(:scores as integer[]), cast(:levels as text[]),
                          cast(:factors as text[]), cast(:reasons as text[]))
                   with ordinality as r(enterprise_id, score, level, factors, reason, n)
             order by r.n""";
    private static final String SAVE_RATINGS = """
            insert into enterprise_rating (enterprise_id, score, level, factors, computed_at, reason)
            %s
            on conflict (enterprise_id) do update set score = excluded.score, level = excluded.level,
                factors = excluded.factors, computed_at = excluded.computed_at, reason = excluded.reason""".formatted(ROWS);
    private static final String SAVE_HISTORY = """
            insert into enterprise_rating_history (enterprise_id, score, level, factors, computed_at, reason)
            %s""".formatted(ROWS);

    /** {@link #ROWS}' parameters from rows of {enterprise id, score, level, factors as JSON, computed at, reason}. */
    private static Map<String, Object> rowParams(List<Object[]> rows, Timestamp at) {
        return Map.of("ids", rows.stream().map(r -> (Long) r[0]).toArray(Long[]::new),
                "scores", rows.stream().map(r -> (Integer) r[1]).toArray(Integer[]::new),
                "levels", rows.stream().map(r -> (String) r[2]).toArray(String[]::new),
                "factors", rows.stream().map(r -> (String) r[3]).toArray(String[]::new),
                "reasons", rows.stream().map(r -> (String) r[5]).toArray(String[]::new),
                "at", at);
    }

    private static final String SELECT = """
            select e.id, e.name, rg.name as region_name, e.industry_code, r.score, r.level, r.factors::text as factors,
                   r.computed_at, r.reason,
                   exists (select 1 from blacklist_entry b where b.enterprise_id = e.id and b.state = 'ACTIVE'
                             and :today between b.start_date and b.end_date) as blacklisted
              from enterprise_rating r join (%s) e on e.id = r.enterprise_id
              join (%s) rg on rg.code = e.region_code
            """.formatted(OrganizationFacts.enterprises(), OrganizationFacts.regions());

    /** By hand: the factors are JSON, read with the rating's own reader; the rest is as the select names it. */
    private Rating map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Rating(rs.getLong("id"), rs.getString("name"), rs.getString("region_name"), rs.getString("industry_code"),
                rs.getInt("score"), RatingLevel.valueOf(rs.getString("level")), factors(rs.getString("factors")),
                rs.getTimestamp("computed_at").toInstant(), rs.getString("reason"), rs.getBoolean("blacklisted"));
    }

    static List<Factor> factors(String json) {
        return JSON.readerForListOf(Factor.class).readValue(json);
    }
}
