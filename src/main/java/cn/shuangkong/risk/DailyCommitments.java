package cn.shuangkong.risk;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * 安全风险研判与承诺公告: the principal's signed daily judgement — which 风险分析单元 run, stop or are under
 * maintenance (recorded per unit, with its risk point, as the national model reports it), which special operations are planned, how many contractors are on site — published at the gate and to
 * the regulators, who also see which enterprises have not published today.
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

    /** One 风险分析单元 and its state; commitments signed before units existed carry no riskUnitId. */
    public record UnitLine(long riskPointId, Long riskUnitId, String name, UnitState state) {
        /** The form field of this line: per unit, or per point for the old records. */
        public String field() {
            return "unit-" + (riskUnitId != null ? riskUnitId : riskPointId);
        }
    }

    public record Commitment(long enterpriseId, LocalDate day, List<UnitLine> units, List<SpecialOp> specialOps, int contractors,
                             String judgement, String signerName, Instant signedAt) { }

    /** A row of the regulators' list: one enterprise, published or not. */
    public record Standing(long enterpriseId, String enterpriseName, String regionName, Instant signedAt) {
        public boolean published() {
            return signedAt != null;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    DailyCommitments(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** The enterprise's 风险分析单元 with their risk points, for the form. */
    public List<UnitLine> unitsOf(long enterpriseId) {
        return jdbc.sql("""
                select p.id, u.id, p.code || ' ' || p.name || case when u.name <> p.name then ' / ' || u.name else '' end
                  from risk_unit u join risk_point p on p.id = u.risk_point_id
                 where p.enterprise_id = :e order by p.code, u.id
                """).param("e", enterpriseId)
                .query((rs, i) -> new UnitLine(rs.getLong(1), rs.getLong(2), rs.getString(3), UnitState.RUNNING)).list();
    }

    /** Signs and publishes today's commitment; a second one the same day is refused, so what was published stays. */
    @Transactional
    public void publish(Actor principal, Map<Long, UnitState> states, List<SpecialOp> ops, Integer contractors, String judgement) {
        long enterprise = Optional.ofNullable(principal.enterpriseId())
                .orElseThrow(() -> DomainException.invalid("enterpriseId", "只有企业主要负责人可以发布承诺公告"));
        Map<String, String> errors = new LinkedHashMap<>();
        List<UnitLine> units = new ArrayList<>();
        for (UnitLine u : unitsOf(enterprise)) {
            UnitState s = states.get(u.riskUnitId());
            if (s == null) errors.put(u.field(), "请选择 " + u.name() + " 的运行状态");
            else units.add(new UnitLine(u.riskPointId(), u.riskUnitId(), u.name(), s));
        }
        if (contractors == null || contractors < 0) errors.put("contractors", "请填写在厂承包商人数（没有填 0）");
        if (judgement == null || judgement.isBlank()) errors.put("judgement", "请填写研判结论");
        if (!errors.isEmpty()) throw new DomainException(HttpStatus.BAD_REQUEST, String.join("；", errors.values()), errors);
        LocalDate day = today();
        int n = jdbc.sql("""
                insert into daily_commitment (enterprise_id, day, unit_states, special_ops, contractors, judgement, signed_by, signer_name, signed_at)
                values (:e, :d, cast(:units as jsonb), :ops, :c, :j, :u, :n, :t) on conflict (enterprise_id, day) do nothing
                """).param("e", enterprise).param("d", day).param("units", JSON.writeValueAsString(units))
                .param("ops", ops.stream().map(Enum::name).toArray(String[]::new)).param("c", contractors)
                .param("j", judgement.strip()).param("u", principal.username()).param("n", principal.displayName())
                .param("t", java.sql.Timestamp.from(clock.instant())).update();
        if (n == 0) throw DomainException.conflict("今天的承诺公告已经发布，不能重复发布");
        long running = units.stream().filter(u -> u.state() == UnitState.RUNNING).count();
        events.publishEvent(new StateChanged("发布安全承诺公告", "daily_commitment", enterprise + "/" + day,
                day + "：" + running + "/" + units.size() + " 个风险分析单元运行，特殊作业 " + ops.size() + " 项，承包商 " + contractors + " 人",
                enterprise, null));
    }

    public Optional<Commitment> of(long enterpriseId, LocalDate day) {
        return jdbc.sql("select * from daily_commitment where enterprise_id = :e and day = :d").param("e", enterpriseId).param("d", day)
                .query((rs, i) -> new Commitment(rs.getLong("enterprise_id"), rs.getDate("day").toLocalDate(),
                        List.of(JSON.readValue(rs.getString("unit_states"), UnitLine[].class)),
                        java.util.Arrays.stream((String[]) rs.getArray("special_ops").getArray()).map(SpecialOp::valueOf).toList(),
                        rs.getInt("contractors"), rs.getString("judgement"), rs.getString("signer_name"),
                        rs.getTimestamp("signed_at").toInstant())).optional();
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
                  from enterprise e join region r on r.code = e.region_code
                  left join daily_commitment c on c.enterprise_id = e.id and c.day = :d
                 where e.status = 'OPERATING' and exists (select 1 from risk_point p where p.enterprise_id = e.id) and
                """ + " " + f.sql() + " order by c.signed_at nulls first, e.id")
                .params(f.params()).param("d", day).query(Standing.class).list();
    }
}
