package cn.shuangkong.risk;

import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Rows;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * 安全风险研判与承诺公告: the principal's signed daily judgement, as fields (ADR 0031) — which 风险分析单元 run, stop
 * or are under maintenance (per unit, as the national model reports it), how many 特殊作业 of each kind and level
 * (动火 by 特级 / 一级 / 二级) are in progress, 检维修, 开停车, 试生产, contractors on site, the state of each 重大危险源 and
 * the overall risk level — published at the gate and to the regulators. When the permit module is present
 * ({@link SpecialWorkToday}) the counts start from the permits and a commitment that states fewer than are open is
 * refused; regulators see missing, late and contradicted commitments. Commitments signed before the fields existed keep
 * what they held (the planned kinds and the judgement) and are shown so.
 */
@Service
public class DailyCommitments {

    /** The state of a 风险分析单元 for the day. */
    public enum UnitState {
        RUNNING("运行"), STOPPED("停产"), MAINTENANCE("检维修");
        public final String label;
        UnitState(String label) { this.label = label; }
    }

    /** 特殊作业 planned for the day. */
    public enum SpecialOp {
        HOT_WORK("动火"), CONFINED_SPACE("受限空间"), HEIGHT("高处"), LIFTING("吊装"), TEMPORARY_POWER("临时用电"),
        BLIND_PLATE("盲板抽堵"), EARTHWORK("动土"), ROAD_BREAKING("断路");
        public final String label;
        SpecialOp(String label) { this.label = label; }
    }

    /** 动火 is stated by level, as GB 30871-2022 grades it; every other kind as one count. */
    public static final List<String> HOT_WORK_LEVELS = List.of("特级", "一级", "二级");

    /** One 风险分析单元 and its state; commitments signed before units existed carry no riskUnitId. */
    public record UnitLine(long riskPointId, Long riskUnitId, String name, UnitState state) {
        /** The form field of this line: per unit, or per point for the old records. */
        public String field() {
            return "unit-" + (riskUnitId != null ? riskUnitId : riskPointId);
        }
    }

    /** How many 特殊作业 of one kind (and, for 动火, one level) are in progress today. */
    public record WorkCount(SpecialOp kind, String level, int count) {
        public String field() {
            return "work-" + kind.name() + (level == null ? "" : "-" + level);
        }

        public String label() {
            return level == null ? kind.label : level + kind.label;
        }

        boolean sameLine(WorkCount o) {
            return kind == o.kind && java.util.Objects.equals(level, o.level);
        }
    }

    /** A 重大危险源 (a risk point registered as one) and whether it runs normally today; abnormal needs a note. */
    public record SourceState(long riskPointId, String name, boolean normal, String note) {
        public String field() {
            return "source-" + riskPointId;
        }
    }

    public record Commitment(long enterpriseId, LocalDate day, List<UnitLine> units, List<SpecialOp> specialOps, int contractors,
                             String judgement, String signerName, Instant signedAt, List<WorkCount> work, Integer maintenanceJobs,
                             Boolean startStop, Boolean trialProduction, List<SourceState> majorSources, RiskLevel riskLevel) {
        /** Signed with the fields; false for the commitments signed before them. */
        public boolean structured() {
            return work != null;
        }

        public int specialWorkTotal() {
            return structured() ? work.stream().mapToInt(WorkCount::count).sum() : specialOps.size();
        }
    }

    /** A row of the regulators' list: one enterprise, published or not. */
    public record Standing(long enterpriseId, String enterpriseName, String regionName, Instant signedAt) {
        public boolean published() {
            return signedAt != null;
        }
    }

    /**
     * What a regulator sees of one enterprise's day: its commitment (null when missing), whether it was signed after
     * the hour ({@code shuangkong.commitment.late-after}), and where it states fewer special jobs than the permits
     * opened that day (read again on every view, so a permit opened after signing shows).
     */
    public record Review(long enterpriseId, String enterpriseName, String regionName, Commitment commitment, boolean late,
                         List<String> contradictions) {
        public boolean published() {
            return commitment != null;
        }
    }

    /**
     * One enterprise's 承诺公告 page for a day: its commitment (null when none was published) and what the form offers —
     * its units, the special work the permits know of, the contractors on site and its 重大危险源.
     */
    public record Notice(Enterprise enterprise, LocalDate day, Commitment commitment, List<UnitLine> units, List<WorkCount> work,
                         Integer onSite, List<SourceState> sources) { }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<SpecialWorkToday> permits;
    private final ObjectProvider<ContractorsOnSite> register;
    private final LocalTime lateAfter;
    private final Enterprises enterprises;

    DailyCommitments(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events, ObjectProvider<SpecialWorkToday> permits,
                     ObjectProvider<ContractorsOnSite> register, @Value("${shuangkong.commitment.late-after:10:00}") String lateAfter,
                     Enterprises enterprises) {
        this.enterprises = enterprises;
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
        this.permits = permits;
        this.register = register;
        this.lateAfter = LocalTime.parse(lateAfter);
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** The hour after which a day's commitment counts as late. */
    public LocalTime lateAfter() {
        return lateAfter;
    }

    /** The 承诺公告 of an enterprise in the caller's scope on a day, else a 404. */
    public Notice notice(Jurisdiction scope, long enterpriseId, LocalDate day) {
        var enterprise = enterprises.find(scope, enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        return new Notice(enterprise, day, of(enterpriseId, day).orElse(null), unitsOf(enterpriseId), workOf(enterpriseId, day),
                contractorsOnSite(enterpriseId, day), majorSourcesOf(enterpriseId));
    }

    private static final RowMapper<UnitLine> UNIT_LINES = Rows.of(UnitLine.class);

    private static final RowMapper<SourceState> SOURCE_STATES = Rows.of(SourceState.class);

    /** The enterprise's 风险分析单元 with their risk points, for the form. */
    public List<UnitLine> unitsOf(long enterpriseId) {
        return jdbc.sql("""
                select p.id as risk_point_id, u.id as risk_unit_id,
                       p.code || ' ' || p.name || case when u.name <> p.name then ' / ' || u.name else '' end as name,
                       'RUNNING' as state
                  from risk_unit u join risk_point p on p.id = u.risk_point_id
                 where p.enterprise_id = :e order by p.code, u.id
                """).param("e", enterpriseId).query(UNIT_LINES).list();
    }

    /** The enterprise's 重大危险源, each normal until the principal says otherwise. */
    List<SourceState> majorSourcesOf(long enterpriseId) {
        return jdbc.sql("""
                select id as risk_point_id, code || ' ' || name as name, true as normal, cast(null as text) as note
                  from risk_point where enterprise_id = :e and major_hazard_source order by code""")
                .param("e", enterpriseId).query(SOURCE_STATES).list();
    }

    /** Whether the permits can be read (the permit module is deployed). */
    public boolean permitsAvailable() {
        return permits.getIfAvailable() != null;
    }

    /**
     * The lines of the form, counted from the permits open that day when they can be read, else all zero: 动火 by
     * level, then each other kind. A level the permits name that is not one of {@link #HOT_WORK_LEVELS} gets a line.
     */
    List<WorkCount> workOf(long enterpriseId, LocalDate day) {
        List<WorkCount> lines = new ArrayList<>();
        for (SpecialOp kind : SpecialOp.values()) {
            if (kind == SpecialOp.HOT_WORK) HOT_WORK_LEVELS.forEach(l -> lines.add(new WorkCount(kind, l, 0)));
            else lines.add(new WorkCount(kind, null, 0));
        }
        SpecialWorkToday source = permits.getIfAvailable();
        if (source == null) return lines;
        for (SpecialWorkToday.OpenWork w : source.openOn(enterpriseId, day)) {
            WorkCount open = new WorkCount(w.kind(), w.kind() == SpecialOp.HOT_WORK ? w.level() : null, w.count());
            int i = indexOf(lines, open);
            if (i < 0) lines.add(open);
            else lines.set(i, new WorkCount(open.kind(), open.level(), lines.get(i).count() + open.count()));
        }
        return lines;
    }

    /**
     * The contractor people on site on {@code day} by the contractor register, to start the form's 承包商在场 from;
     * null when the register cannot be read (the contractor module is not deployed). Read as a notice's {@code onSite}.
     */
    private Integer contractorsOnSite(long enterpriseId, LocalDate day) {
        ContractorsOnSite source = register.getIfAvailable();
        return source == null ? null : source.peopleOnSite(enterpriseId, day);
    }

    private static int indexOf(List<WorkCount> lines, WorkCount line) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).sameLine(line)) return i;
        return -1;
    }

    /** Where {@code stated} counts fewer jobs than {@code open}, in words: "特级动火：承诺 0 项，作业票 1 项". */
    static List<String> contradictions(List<WorkCount> stated, List<WorkCount> open) {
        List<String> found = new ArrayList<>();
        for (WorkCount o : open) {
            int i = indexOf(stated, o);
            int said = i < 0 ? 0 : stated.get(i).count();
            if (o.count() > said) found.add(o.label() + "：承诺 " + said + " 项，作业票 " + o.count() + " 项");
        }
        return found;
    }

    /**
     * Signs and publishes today's commitment from the form's fields (named as {@link UnitLine#field},
     * {@link WorkCount#field}, {@link SourceState#field} and its {@code -note}, and maintenanceJobs, startStop,
     * trialProduction, contractors, riskLevel, judgement). Only the enterprise's 主要负责人 signs; a second one the same
     * day is refused, so what was published stays; counts below the open permits are refused.
     */
    @Transactional
    public void publish(Actor principal, Map<String, String> form) {
        Long enterprise = principal.enterpriseId();
        if (enterprise == null || !principal.can(SIGN)) {
            throw new DomainException(HttpStatus.FORBIDDEN, "只有本企业主要负责人可以签署承诺公告", null);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        List<UnitLine> units = new ArrayList<>();
        for (UnitLine u : unitsOf(enterprise)) {
            UnitState s = option(UnitState.class, form.get(u.field()));
            if (s == null) errors.put(u.field(), "请选择 " + u.name() + " 的运行状态");
            else units.add(new UnitLine(u.riskPointId(), u.riskUnitId(), u.name(), s));
        }
        LocalDate day = today();
        List<WorkCount> open = workOf(enterprise, day);
        List<WorkCount> work = new ArrayList<>();
        for (WorkCount line : open) {
            Integer n = count(form.get(line.field()));
            if (n == null) errors.put(line.field(), "请填写今日" + line.label() + "作业数（没有填 0）");
            else work.add(new WorkCount(line.kind(), line.level(), n));
        }
        Integer maintenance = count(form.get("maintenanceJobs"));
        if (maintenance == null) errors.put("maintenanceJobs", "请填写今日检维修作业数（没有填 0）");
        Boolean startStop = yesNo(form.get("startStop")), trial = yesNo(form.get("trialProduction"));
        if (startStop == null) errors.put("startStop", "请选择今日是否开停车");
        if (trial == null) errors.put("trialProduction", "请选择今日是否试生产");
        List<SourceState> sources = new ArrayList<>();
        for (SourceState s : majorSourcesOf(enterprise)) {
            String state = form.get(s.field()), note = blankToNull(form.get(s.field() + "-note"));
            if (!"NORMAL".equals(state) && !"ABNORMAL".equals(state)) errors.put(s.field(), "请选择 " + s.name() + " 的运行状态");
            else if ("ABNORMAL".equals(state) && note == null) errors.put(s.field() + "-note", "请写明 " + s.name() + " 的异常情况");
            else if (note != null && note.length() > 200) errors.put(s.field() + "-note", "异常说明不能超过 200 字");
            else sources.add(new SourceState(s.riskPointId(), s.name(), "NORMAL".equals(state), "NORMAL".equals(state) ? null : note));
        }
        Integer contractors = count(form.get("contractors"));
        if (contractors == null) errors.put("contractors", "请填写在厂承包商人数（没有填 0）");
        RiskLevel level = option(RiskLevel.class, form.get("riskLevel"));
        if (level == null) errors.put("riskLevel", "请选择今日企业整体安全风险等级");
        String judgement = blankToNull(form.get("judgement"));
        if (judgement == null) errors.put("judgement", "请填写研判结论");
        else if (judgement.length() > 1000) errors.put("judgement", "研判结论不能超过 1000 字");
        if (!errors.isEmpty()) throw new DomainException(HttpStatus.BAD_REQUEST, String.join("；", errors.values()), errors);
        boolean checked = permitsAvailable();
        List<String> against = checked ? contradictions(work, open) : List.of();
        if (!against.isEmpty()) {
            throw new DomainException(HttpStatus.CONFLICT, "承诺的特殊作业少于今日已开出的作业票，不能签署：" + String.join("；", against), null);
        }
        List<SpecialOp> ops = work.stream().filter(w -> w.count() > 0).map(WorkCount::kind).distinct().toList();
        int n = jdbc.sql("""
                insert into daily_commitment (enterprise_id, day, unit_states, special_ops, contractors, judgement, signed_by, signer_name,
                                              signed_at, special_work, maintenance_jobs, start_stop, trial_production, major_sources,
                                              risk_level, permits_checked)
                values (:e, :d, cast(:units as jsonb), :ops, :c, :j, :u, :n, :t, cast(:work as jsonb), :m, :ss, :tp,
                        cast(:sources as jsonb), :level, :checked)
                on conflict (enterprise_id, day) do nothing
                """).param("e", enterprise).param("d", day).param("units", JSON.writeValueAsString(units))
                .param("ops", ops.stream().map(Enum::name).toArray(String[]::new)).param("c", contractors)
                .param("j", judgement).param("u", principal.username()).param("n", principal.displayName())
                .param("t", java.sql.Timestamp.from(clock.instant())).param("work", JSON.writeValueAsString(work))
                .param("m", maintenance).param("ss", startStop).param("tp", trial).param("sources", JSON.writeValueAsString(sources))
                .param("level", level.name()).param("checked", checked).update();
        if (n == 0) throw DomainException.conflict("今天的承诺公告已经发布，不能重复发布");
        long running = units.stream().filter(u -> u.state() == UnitState.RUNNING).count();
        long abnormal = sources.stream().filter(s -> !s.normal()).count();
        events.publishEvent(new StateChanged("发布安全承诺公告", "daily_commitment", enterprise + "/" + day,
                day + "：" + running + "/" + units.size() + " 个风险分析单元运行，特殊作业 " + work.stream().mapToInt(WorkCount::count).sum()
                        + " 项，检维修 " + maintenance + " 项，承包商 " + contractors + " 人，重大危险源异常 " + abnormal + " 个，风险等级 " + level.label,
                enterprise, null));
    }

    /** The permission only the 主要负责人 role holds: the one that signs the register's 备案, and this. */
    static final String SIGN = "risk:filing:submit";

    private static <E extends Enum<E>> E option(Class<E> type, String value) {
        if (value == null) return null;
        for (E e : type.getEnumConstants()) if (e.name().equals(value)) return e;
        return null;
    }

    /** A count typed on the form: a whole number from 0 to 9999, else null. */
    private static Integer count(String value) {
        if (value == null || !value.strip().matches("\\d{1,4}")) return null;
        return Integer.parseInt(value.strip());
    }

    private static Boolean yesNo(String value) {
        return "true".equals(value) ? Boolean.TRUE : "false".equals(value) ? Boolean.FALSE : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public Optional<Commitment> of(long enterpriseId, LocalDate day) {
        return jdbc.sql("select * from daily_commitment where enterprise_id = :e and day = :d").param("e", enterpriseId).param("d", day)
                .query((rs, i) -> read(rs)).optional();
    }

    /** By hand: the units, the special work and the sources are JSON. */
    private static Commitment read(java.sql.ResultSet rs) throws java.sql.SQLException {
        String work = rs.getString("special_work"), sources = rs.getString("major_sources"), level = rs.getString("risk_level");
        return new Commitment(rs.getLong("enterprise_id"), rs.getDate("day").toLocalDate(),
                List.of(JSON.readValue(rs.getString("unit_states"), UnitLine[].class)),
                java.util.Arrays.stream((String[]) rs.getArray("special_ops").getArray()).map(SpecialOp::valueOf).toList(),
                rs.getInt("contractors"), rs.getString("judgement"), rs.getString("signer_name"),
                rs.getTimestamp("signed_at").toInstant(),
                work == null ? null : List.of(JSON.readValue(work, WorkCount[].class)),
                (Integer) rs.getObject("maintenance_jobs"), (Boolean) rs.getObject("start_stop"),
                (Boolean) rs.getObject("trial_production"),
                sources == null ? null : List.of(JSON.readValue(sources, SourceState[].class)),
                level == null ? null : RiskLevel.valueOf(level));
    }

    /** The days from {@code from} to {@code to} (both included) on which the enterprise published its 承诺公告. */
    public java.util.Set<LocalDate> publishedDays(long enterpriseId, LocalDate from, LocalDate to) {
        return new java.util.TreeSet<>(jdbc.sql("select day from daily_commitment where enterprise_id = :e and day between :f and :t")
                .param("e", enterpriseId).param("f", from).param("t", to).query(LocalDate.class).list());
    }

    /** Every enterprise with a risk register in the scope, and whether it published for the day: missed days show. */
    public List<Standing> standings(Jurisdiction scope, LocalDate day) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                select e.id as enterprise_id, e.name as enterprise_name, r.name as region_name, c.signed_at
                  from (%s) e join (%s) r on r.code = e.region_code
                  left join daily_commitment c on c.enterprise_id = e.id and c.day = :d
                 where e.status = 'OPERATING' and exists (select 1 from risk_point p where p.enterprise_id = e.id) and
                """.formatted(OrganizationFacts.enterprises(), OrganizationFacts.regions()) + " " + f.sql() + " order by c.signed_at nulls first, e.id")
                .params(f.params()).param("d", day).query(Standing.class).list();
    }

    /**
     * The regulators' view of the day in the scope: every enterprise of {@link #standings}, missing first, then those
     * whose commitment the permits contradict, then late ones. Contradictions are checked against the permits as they
     * are now, so a 特级动火 opened after signing shows; commitments signed before the fields are not checked.
     */
    public List<Review> reviews(Jurisdiction scope, LocalDate day) {
        java.time.ZoneId zone = clock.getZone();   // the platform zone (shuangkong.time-zone)
        Instant deadline = day.atTime(lateAfter).atZone(zone).toInstant();
        List<Review> rows = new ArrayList<>();
        for (Standing s : standings(scope, day)) {
            Commitment c = s.published() ? of(s.enterpriseId(), day).orElse(null) : null;
            List<String> against = c != null && c.structured() && permitsAvailable()
                    ? contradictions(c.work(), workOf(s.enterpriseId(), day)) : List.of();
            rows.add(new Review(s.enterpriseId(), s.enterpriseName(), s.regionName(), c, c != null && c.signedAt().isAfter(deadline), against));
        }
        rows.sort(java.util.Comparator.comparingInt((Review r) -> r.published() ? r.contradictions().isEmpty() ? r.late() ? 2 : 3 : 1 : 0));
        return rows;
    }
}
