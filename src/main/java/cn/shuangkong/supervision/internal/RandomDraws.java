package cn.shuangkong.supervision.internal;

import cn.shuangkong.organization.Departments.Department;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.supervision.internal.DrawMachine.Candidate;
import cn.shuangkong.supervision.internal.DrawMachine.Conflict;
import cn.shuangkong.supervision.internal.DrawMachine.Inspector;
import cn.shuangkong.supervision.internal.DrawMachine.Pick;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 双随机抽查: draws enterprises of the department's jurisdiction (weighted by rating) and enforcers of the department
 * (avoiding declared relations and whoever inspected the same enterprise in the department's previous draw). The seed,
 * the pool, the staff and the conflicts are recorded with the result, so the draw can be redone and compared.
 */
@Service
public class RandomDraws {

    public record Draw(long id, long departmentId, String departmentName, long seed, int requested, int perTeam,
                       List<Candidate> pool, List<Inspector> inspectors, List<Conflict> conflicts, String note,
                       Instant drawnAt, String drawnBy, List<PickRow> picks) { }

    public record PickRow(int seq, long enterpriseId, String enterpriseName, RatingLevel level, int weight,
                          List<Long> inspectorIds, String inspectorNames, String avoided, Long inspectionId) { }

    private static final SecureRandom SEEDS = new SecureRandom();

    private final JdbcClient jdbc;
    private final Offices offices;
    private final LawEnforcers enforcers;
    private final EnterpriseRatings ratings;
    private final SupervisionProperties settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RandomDraws(JdbcClient jdbc, Offices offices, LawEnforcers enforcers, EnterpriseRatings ratings,
                SupervisionProperties settings, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.offices = offices;
        this.enforcers = enforcers;
        this.ratings = ratings;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Draws {@code count} enterprises among the operating, rated enterprises in the actor's jurisdiction (only the
     * given levels, if any) and a team for each. Without a seed one is generated; either way it is recorded.
     */
    @Transactional
    public Draw draw(Actor me, int count, Long seed, Collection<RatingLevel> levels, String note) {
        Department d = offices.departmentOf(me);
        if (count < 1 || count > 200) throw DomainException.invalid("count", "抽取企业数须在 1–200 之间");
        if (note != null && note.length() > 200) throw DomainException.invalid("note", "说明不能超过 200 字");
        List<Candidate> pool = new ArrayList<>();
        var scope = me.jurisdiction().enterpriseFilter("e");
        var operating = new java.util.HashSet<>(jdbc.sql("select e.id from (" + OrganizationFacts.enterprises()
                        + ") e where e.status = 'OPERATING' and " + scope.sql())
                .params(scope.params()).query(Long.class).list());
        for (var r : ratings.list(me.jurisdiction(), null)) {
            if ((levels == null || levels.isEmpty() || levels.contains(r.level())) && operating.contains(r.enterpriseId())) {
                pool.add(new Candidate(r.enterpriseId(), r.enterpriseName(), r.level(), settings.drawWeights().get(r.level())));
            }
        }
        if (pool.isEmpty()) throw DomainException.invalid("levels", "所选等级下没有在营企业，无法抽取");
        List<Inspector> staff = enforcers.ofDepartment(d.id()).stream().map(f -> new Inspector(f.id(), f.name())).toList();
        if (staff.isEmpty()) throw DomainException.invalid("inspectors", "本部门尚未登记执法人员，无法抽取检查人员。请先在“执法人员”中登记。");
        List<Conflict> conflicts = conflicts(d.id());
        long s = seed != null ? seed : SEEDS.nextLong() & 0xFFFF_FFFFL; // short enough to read out and type again
        List<Pick> picks = DrawMachine.draw(s, pool, count, staff, settings.inspectorsPerTeam(), conflicts);
        Instant now = clock.instant();
        long id = jdbc.sql("""
                insert into random_draw (department_id, seed, requested, per_team, candidates, inspectors, conflicts, note, drawn_at, drawn_by)
                values (:d, :s, :n, :t, cast(:c as jsonb), cast(:i as jsonb), cast(:x as jsonb), :note, :at, :u) returning id
                """).param("d", d.id()).param("s", s).param("n", count).param("t", settings.inspectorsPerTeam())
                .param("c", EnterpriseRatings.JSON.writeValueAsString(pool))
                .param("i", EnterpriseRatings.JSON.writeValueAsString(staff))
                .param("x", EnterpriseRatings.JSON.writeValueAsString(conflicts))
                .param("note", note == null || note.isBlank() ? null : note.strip())
                .param("at", Timestamp.from(now)).param("u", me.username()).query(Long.class).single();
        int seq = 1;
        for (Pick p : picks) {
            jdbc.sql("""
                    insert into random_draw_pick (draw_id, seq, enterprise_id, enterprise_name, level, weight, inspector_ids, inspector_names, avoided)
                    values (:d, :s, :e, :n, :l, :w, :ids, :names, :avoided)
                    """).param("d", id).param("s", seq++).param("e", p.enterprise().id()).param("n", p.enterprise().name())
                    .param("l", p.enterprise().level().name()).param("w", p.enterprise().weight())
                    .param("ids", p.team().stream().map(Inspector::id).toArray(Long[]::new))
                    .param("names", String.join("、", p.team().stream().map(Inspector::name).toList()))
                    .param("avoided", p.avoided().isEmpty() ? null : truncate(String.join("；", p.avoided().entrySet().stream()
                            .map(e -> e.getKey() + "：" + e.getValue()).toList()), 500)).update();
        }
        events.publishEvent(new StateChanged("双随机抽取", "random-draw", String.valueOf(id),
                d.name() + "：种子 " + s + "，候选 " + pool.size() + " 家、执法人员 " + staff.size() + " 名，抽中 "
                        + String.join("、", picks.stream().map(p -> p.enterprise().name() + "（"
                        + String.join("、", p.team().stream().map(Inspector::name).toList()) + "）").toList()),
                null, d.regionCode()));
        return find(me.jurisdiction(), id).orElseThrow();
    }

    /** Redoes a recorded draw from its recorded seed and lists; true when it gives the recorded result. */
    public boolean replayMatches(Draw d) {
        List<Pick> again = DrawMachine.draw(d.seed(), d.pool(), d.requested(), d.inspectors(), d.perTeam(), d.conflicts());
        if (again.size() != d.picks().size()) return false;
        for (int i = 0; i < again.size(); i++) {
            if (again.get(i).enterprise().id() != d.picks().get(i).enterpriseId()) return false;
            if (!again.get(i).team().stream().map(Inspector::id).toList().equals(d.picks().get(i).inspectorIds())) return false;
        }
        return true;
    }

    /** Draws of the departments within the caller's region, newest first. */
    public List<Draw> list(Jurisdiction scope) {
        return jdbc.sql(SELECT + " where " + departmentFilter(scope) + " order by r.drawn_at desc, r.id desc limit 100")
                .param("prefix", prefix(scope)).query(this::map).list();
    }

    public Optional<Draw> find(Jurisdiction scope, long id) {
        return jdbc.sql(SELECT + " where r.id = :id and " + departmentFilter(scope)).param("id", id)
                .param("prefix", prefix(scope)).query(this::map).optional();
    }

    /** Declared relations, and the teams of the department's previous draw for the same enterprises. */
    private List<Conflict> conflicts(long departmentId) {
        List<Conflict> out = new ArrayList<>(jdbc.sql("""
                select r.enforcer_id as inspector_id, r.enterprise_id, '申报关系：' || r.relation as reason
                  from enforcer_relation r join law_enforcer f on f.id = r.enforcer_id where f.department_id = :d
                """).param("d", departmentId).query(CONFLICTS).list());
        jdbc.sql("""
                select p.enterprise_id, p.inspector_ids, r.id from random_draw_pick p join random_draw r on r.id = p.draw_id
                 where r.id = (select max(id) from random_draw where department_id = :d)
                """).param("d", departmentId).query((rs, n) -> { // by hand: a row is a conflict per inspector of its array
                    Long[] ids = (Long[]) rs.getArray(2).getArray();
                    for (Long i : ids) out.add(new Conflict(i, rs.getLong(1), "上次抽取（第 " + rs.getLong(3) + " 号）已检查该企业"));
                    return null;
                }).list();
        return out;
    }

    static String departmentFilter(Jurisdiction scope) {
        return switch (scope.kind()) {
            case PLATFORM -> "true";
            case REGULATOR -> "(select d.region_code from (" + OrganizationFacts.departments() + ") d where d.id = r.department_id) like :prefix";
            default -> "false";
        };
    }

    static String prefix(Jurisdiction scope) {
        return scope.regionPrefix() == null ? "" : scope.regionPrefix() + "%";
    }

    private static final String SELECT = """
            select r.id, r.department_id, d.name as department_name, r.seed, r.requested, r.per_team, r.candidates::text,
                   r.inspectors::text, r.conflicts::text, r.note, r.drawn_at,
                   coalesce(%s, r.drawn_by) as drawn_by
              from random_draw r join (%s) d on d.id = r.department_id
            """.formatted(Offices.nameOf("r.drawn_by"), OrganizationFacts.departments());

    private static final RowMapper<Conflict> CONFLICTS = Rows.of(Conflict.class);

    /** By hand: the pool, the staff and the conflicts are JSON, the picks a select of their own. */
    private Draw map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        long id = rs.getLong("id");
        var json = EnterpriseRatings.JSON;
        return new Draw(id, rs.getLong("department_id"), rs.getString("department_name"), rs.getLong("seed"),
                rs.getInt("requested"), rs.getInt("per_team"),
                json.readerForListOf(Candidate.class).readValue(rs.getString("candidates")),
                json.readerForListOf(Inspector.class).readValue(rs.getString("inspectors")),
                json.readerForListOf(Conflict.class).readValue(rs.getString("conflicts")),
                rs.getString("note"), rs.getTimestamp("drawn_at").toInstant(), rs.getString("drawn_by"), picks(id));
    }

    private static final RowMapper<PickRow> PICKS = Rows.of(PickRow.class);

    private List<PickRow> picks(long drawId) {
        return jdbc.sql("""
                select p.seq, p.enterprise_id, p.enterprise_name, p.level, p.weight, p.inspector_ids, p.inspector_names, p.avoided,
                       (select min(i.id) from enforcement_inspection i where i.draw_id = p.draw_id and i.enterprise_id = p.enterprise_id) as inspection_id
                  from random_draw_pick p where p.draw_id = :d order by p.seq
                """).param("d", drawId).query(PICKS).list();
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }
}
