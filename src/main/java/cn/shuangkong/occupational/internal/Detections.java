package cn.shuangkong.occupational.internal;

import static cn.shuangkong.occupational.internal.OccupationalFactors.own;
import static cn.shuangkong.occupational.internal.OccupationalFactors.refuse;
import static cn.shuangkong.occupational.internal.OccupationalFactors.text;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.shared.StateChanged;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 职业病危害因素定期检测 (ADR 0083): each result of a detection of one factor at one post — the day, the organisation
 * that tested, the report, what was measured against which 职业接触限值. Whether it exceeds is derived (measured above
 * the limit), never typed, so that a result and its judgement cannot disagree.
 */
@Service
public class Detections {

    /** The kinds of 职业接触限值 of GBZ 2.1 / 2.2 (for noise the 8 h equivalent level), and other (e.g. a WBGT index). */
    public enum LimitKind {
        TWA("PC-TWA"), STEL("PC-STEL"), MAC("MAC"), PE("峰接触浓度"), LEX("8 h 等效声级"), OTHER("其他限值");

        public final String label;

        LimitKind(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }
    }

    public record Detection(long id, long enterpriseId, long postId, String postName, String factorName, LocalDate detectedOn,
                            String organisation, String reportNo, String limitKind, BigDecimal measured, BigDecimal limitValue, String unit) {
        /** 超标: the measured value is above the limit. */
        public boolean exceeds() {
            return measured.compareTo(limitValue) > 0;
        }

        public String limitKindLabel() {
            return LimitKind.valueOf(limitKind).label;
        }

        public String resultLabel() {
            return exceeds() ? "超标" : "符合";
        }
    }

    /** A result as entered: {@code factorId} names the factor at its post (the result keeps the post and the name). */
    public record Draft(Long factorId, LocalDate detectedOn, String organisation, String reportNo, LimitKind limitKind,
                        BigDecimal measured, BigDecimal limitValue, String unit) { }

    private static final String SELECT = """
            select t.id, t.enterprise_id, t.post_id, u.name as post_name, t.factor_name, t.detected_on, t.organisation, t.report_no,
                   t.limit_kind, t.measured, t.limit_value, t.unit
              from occupational_detection t join (%s) u on u.id = t.post_id join (%s) e on e.id = t.enterprise_id
            """.formatted(OrganizationFacts.orgUnits(), OrganizationFacts.enterprises());

    private final JdbcClient jdbc;
    private final OccupationalFactors factors;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Detections(JdbcClient jdbc, OccupationalFactors factors, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.factors = factors;
        this.events = events;
        this.clock = clock;
    }

    /** Results in scope, newest first; {@code enterpriseId} narrows to one enterprise. */
    public List<Detection> list(Jurisdiction scope, Long enterpriseId) {
        var f = scope.enterpriseFilter("e").narrowedTo("t.enterprise_id", enterpriseId);
        Map<String, Object> params = f.params();
        String where = " where " + f.sql();
        return jdbc.sql(SELECT + where + " order by t.detected_on desc, t.id desc limit 1000").params(params).query(Rows.of(Detection.class)).list();
    }

    /** The latest result of each factor at each post of several enterprises, in one statement: what the rules read. */
    List<Detection> latest(Collection<Long> enterpriseIds) {
        if (enterpriseIds.isEmpty()) return List.of();
        return jdbc.sql(SELECT.replaceFirst("select t\\.id,", "select distinct on (t.post_id, t.factor_name) t.id,")
                        + " where t.enterprise_id = any(:ents) order by t.post_id, t.factor_name, t.detected_on desc, t.id desc")
                .param("ents", enterpriseIds.toArray(Long[]::new)).query(Rows.of(Detection.class)).list();
    }

    /** Records a result for a factor declared at a post of the actor's own enterprise. */
    @Transactional
    public long record(Actor me, Draft d) {
        long enterpriseId = own(me);
        Map<String, String> errors = new LinkedHashMap<>();
        OccupationalFactors.Factor factor = null;
        if (d.factorId() == null) errors.put("factorId", "请选择岗位的危害因素");
        else factor = factors.find(me, d.factorId());
        if (d.detectedOn() == null) errors.put("detectedOn", "请填写检测日期");
        else if (d.detectedOn().isAfter(LocalDate.now(clock))) errors.put("detectedOn", "检测日期不能晚于今天");
        text(errors, "organisation", d.organisation(), "检测机构", 80);
        text(errors, "reportNo", d.reportNo(), "检测报告编号", 60);
        if (d.limitKind() == null) errors.put("limitKind", "请选择限值类型");
        number(errors, "measured", d.measured(), "检测结果", false);
        number(errors, "limitValue", d.limitValue(), "职业接触限值", true);
        text(errors, "unit", d.unit(), "单位", 20);
        refuse(errors);
        long id = jdbc.sql("""
                insert into occupational_detection (enterprise_id, post_id, factor_name, detected_on, organisation, report_no, limit_kind,
                                                    measured, limit_value, unit, created_by, created_at)
                values (:e, :p, :f, :d, :o, :r, :k, :m, :l, :u, :by, :t) returning id
                """).param("e", enterpriseId).param("p", factor.postId()).param("f", factor.name()).param("d", d.detectedOn())
                .param("o", d.organisation().strip()).param("r", d.reportNo().strip()).param("k", d.limitKind().name())
                .param("m", d.measured()).param("l", d.limitValue()).param("u", d.unit().strip()).param("by", me.username())
                .param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        boolean exceeds = d.measured().compareTo(d.limitValue()) > 0;
        events.publishEvent(new StateChanged("登记职业病危害因素检测结果", "occupational_detection", String.valueOf(id),
                factor.postName() + " " + factor.name() + "（" + d.detectedOn() + "，" + d.organisation().strip() + "，报告 " + d.reportNo().strip()
                        + "）：" + d.measured().stripTrailingZeros().toPlainString() + " " + d.unit().strip() + "，" + d.limitKind().label + " "
                        + d.limitValue().stripTrailingZeros().toPlainString() + "，" + (exceeds ? "超标" : "符合"), enterpriseId, null));
        return id;
    }

    private static void number(Map<String, String> errors, String field, BigDecimal value, String label, boolean positive) {
        if (value == null) errors.put(field, "请填写" + label);
        else if (value.signum() < 0 || positive && value.signum() == 0) errors.put(field, label + (positive ? "须大于 0" : "不能小于 0"));
        else if (value.precision() - value.scale() > 10 || value.scale() > 4) errors.put(field, label + "最多 10 位整数、4 位小数");
    }
}
