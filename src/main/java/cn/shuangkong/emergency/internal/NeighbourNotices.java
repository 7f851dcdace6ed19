package cn.shuangkong.emergency.internal;

import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 相邻单位告知: an enterprise notifies its 重大/较大 (level 1-2) risks to the enterprises around it — those within the
 * configured distance of its coordinates, or declared neighbours — and each neighbour acknowledges. The record of
 * what went to whom and when is visible to the regulators of either side.
 */
@Service
public class NeighbourNotices {

    /** An enterprise that counts as a neighbour, with its distance (null without coordinates) and whether declared. */
    public record Neighbour(long id, String name, Integer distanceM, boolean declared) { }

    /** A level 1-2 risk point that may be notified. */
    public record NotifiableRisk(long id, String code, String name, int level) {
        public RiskLevel riskLevel() {
            return RiskLevel.of(level);
        }
    }

    public record Notice(long id, long enterpriseId, String enterpriseName, long neighbourId, String neighbourName,
                         long riskPointId, String riskPointName, int riskLevel, Integer distanceM, String content,
                         Instant notifiedAt, String notifiedBy, Instant acknowledgedAt, String acknowledgedBy, String ackNote) {
        public RiskLevel level() {
            return RiskLevel.of(riskLevel);
        }

        public boolean acknowledged() {
            return acknowledgedAt != null;
        }
    }

    public record NoticeDraft(Long riskPointId, List<Long> neighbourIds, String content) { }

    private static final String NOTICE = """
            select n.id, n.enterprise_id, e.name as enterprise_name, n.neighbour_id, ne.name as neighbour_name,
                   n.risk_point_id, rp.name as risk_point_name, n.risk_level, n.distance_m, n.content, n.notified_at,
                   n.notified_by, n.acknowledged_at, n.acknowledged_by, n.ack_note
              from neighbour_notice n
              join (%1$s) e on e.id = n.enterprise_id
              join (%1$s) ne on ne.id = n.neighbour_id
              join (%2$s) rp on rp.id = n.risk_point_id
            """.formatted(OrganizationFacts.enterprises(), RiskFacts.points());

    private final JdbcClient jdbc;
    private final Owners owners;
    private final EmergencyReminders reminders;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int radiusM;

    NeighbourNotices(JdbcClient jdbc, Owners owners, EmergencyReminders reminders, ApplicationEventPublisher events, Clock clock,
                     @Value("${shuangkong.emergency.neighbour-radius-m:3000}") int radiusM) {
        this.jdbc = jdbc;
        this.owners = owners;
        this.reminders = reminders;
        this.events = events;
        this.clock = clock;
        this.radiusM = radiusM;
    }

    public int radiusM() {
        return radiusM;
    }

    /** The enterprise's neighbours: within the radius or declared, nearest first. */
    public List<Neighbour> neighbours(long enterpriseId) {
        return jdbc.sql("""
                select id, name, distance_m, declared from (
                  select n.id, n.name,
                         case when e.latitude is null or n.latitude is null then null else
                           round(12742000 * asin(sqrt(power(sin(radians(n.latitude - e.latitude) / 2), 2)
                             + cos(radians(e.latitude)) * cos(radians(n.latitude)) * power(sin(radians(n.longitude - e.longitude) / 2), 2))))::int
                         end as distance_m,
                         exists (select 1 from enterprise_neighbour d where (d.enterprise_id = e.id and d.neighbour_id = n.id)
                                                                        or (d.enterprise_id = n.id and d.neighbour_id = e.id)) as declared
                    from (%1$s) e join (%1$s) n on n.id <> e.id
                   where e.id = :e) c
                 where declared or distance_m <= :radius
                 order by distance_m nulls last, name
                """.formatted(OrganizationFacts.enterprises())).param("e", enterpriseId).param("radius", radiusM).query(Neighbour.class).list();
    }

    /** The enterprise's risk points graded 重大 or 较大, the ones to notify. */
    public List<NotifiableRisk> notifiable(long enterpriseId) {
        return jdbc.sql("select p.id, p.code, p.name, p.level from (%s) p where p.enterprise_id = :e and p.level in (1, 2) order by p.level, p.code"
                        .formatted(RiskFacts.points()))
                .param("e", enterpriseId).query(NotifiableRisk.class).list();
    }

    /** Declares a neighbour by its 统一社会信用代码, which the enterprise knows from the neighbour itself. */
    @Transactional
    public void declareByCreditCode(Actor me, String creditCode) {
        String code = creditCode == null ? "" : creditCode.strip().toUpperCase();
        if (code.isEmpty()) throw DomainException.invalid("creditCode", "请填写相邻单位的统一社会信用代码");
        Long id = jdbc.sql("select e.id from (%s) e where e.credit_code = :c".formatted(OrganizationFacts.enterprises())).param("c", code).query(Long.class).optional()
                .orElseThrow(() -> DomainException.invalid("creditCode", "平台上没有统一社会信用代码为 " + code + " 的企业"));
        declare(me, id);
    }

    /** Declares another enterprise a neighbour (e.g. across a shared wall without coordinates). */
    @Transactional
    public void declare(Actor me, long neighbourId) {
        var owner = owners.own(me);
        if (neighbourId == owner.id()) throw DomainException.invalid("neighbourId", "不能把本企业声明为相邻单位");
        var neighbour = jdbc.sql("select e.name from (%s) e where e.id = :n".formatted(OrganizationFacts.enterprises())).param("n", neighbourId).query(String.class).optional()
                .orElseThrow(() -> DomainException.invalid("neighbourId", "相邻单位不存在"));
        jdbc.sql("insert into enterprise_neighbour (enterprise_id, neighbour_id) values (:e, :n) on conflict do nothing")
                .param("e", owner.id()).param("n", neighbourId).update();
        events.publishEvent(new StateChanged("声明相邻单位", "enterprise", String.valueOf(owner.id()), neighbour, owner.id(), owner.regionCode()));
    }

    /** Notifies one level 1-2 risk point to the chosen neighbours, one record each, and tells their managers. */
    @Transactional
    public List<Long> notifyNeighbours(Actor me, NoticeDraft d) {
        var owner = owners.own(me);
        Fields check = Fields.check();
        check.require(d.riskPointId(), "riskPointId", "请选择要告知的风险点");
        NotifiableRisk risk = null;
        if (d.riskPointId() != null) {
            var found = jdbc.sql("select p.id, p.code, p.name, p.level from (%s) p where p.id = :p and p.enterprise_id = :e and p.level is not null"
                            .formatted(RiskFacts.points()))
                    .param("p", d.riskPointId()).param("e", owner.id()).query(NotifiableRisk.class).optional();
            if (found.isEmpty()) check.fail("riskPointId", "风险点须是本企业已评价的风险点");
            else if (found.get().level() > 2) check.fail("riskPointId", "只有重大风险、较大风险需要告知相邻单位");
            else risk = found.get();
        }
        List<Long> ids = new ArrayList<>(d.neighbourIds() == null ? List.of() : new LinkedHashSet<>(d.neighbourIds()));
        ids.remove(null);
        Map<Long, Neighbour> neighbours = neighbours(owner.id()).stream().collect(Collectors.toMap(Neighbour::id, Function.identity()));
        check.rule(!ids.isEmpty(), "neighbourIds", "请选择至少一家相邻单位");
        check.rule(neighbours.keySet().containsAll(ids), "neighbourIds",
                "只能告知 " + radiusM + " 米范围内或已声明的相邻单位");
        String content = check.text("content", d.content(), "告知内容", 2000, true);
        check.done();
        Timestamp now = Timestamp.from(clock.instant());
        List<Long> created = new ArrayList<>();
        for (long n : ids) {
            long id = jdbc.sql("""
                    insert into neighbour_notice (enterprise_id, neighbour_id, risk_point_id, risk_level, distance_m, content, notified_at, notified_by)
                    values (:e, :n, :p, :l, :d, :c, :t, :by) returning id
                    """).param("e", owner.id()).param("n", n).param("p", risk.id()).param("l", risk.level())
                    .param("d", neighbours.get(n).distanceM()).param("c", content).param("t", now).param("by", me.username())
                    .query(Long.class).single();
            created.add(id);
            reminders.send(reminders.managersOf(n), cn.shuangkong.hazard.Notices.Kind.NEIGHBOUR_NOTICE,
                    owner.name() + " 告知其" + risk.riskLevel().label + "「" + risk.name() + "」，请查阅并确认", "/emergency/neighbours#notice-" + id);
        }
        events.publishEvent(new StateChanged("相邻单位告知", "risk_point", String.valueOf(risk.id()),
                risk.riskLevel().label + "「" + risk.name() + "」告知 " + ids.size() + " 家相邻单位", owner.id(), owner.regionCode()));
        return created;
    }

    /** The neighbour confirms it has received the notice. */
    @Transactional
    public void acknowledge(Actor me, long noticeId, String note) {
        Notice n = find(me.jurisdiction(), noticeId).orElseThrow(() -> DomainException.notFound("告知记录"));
        if (me.enterpriseId() == null || me.enterpriseId() != n.neighbourId()) {
            throw DomainException.conflict("只有被告知的相邻单位可以确认收到");
        }
        Fields check = Fields.check();
        String text = check.text("note", note, "确认意见", 500, false);
        check.done();
        int changed = jdbc.sql("update neighbour_notice set acknowledged_at = :t, acknowledged_by = :by, ack_note = :note where id = :id and acknowledged_at is null")
                .param("t", Timestamp.from(clock.instant())).param("by", me.username()).param("note", text).param("id", noticeId).update();
        if (changed == 0) throw DomainException.conflict("该告知已确认");
        var neighbour = owners.unscoped(n.neighbourId());
        events.publishEvent(new StateChanged("确认相邻单位告知", "neighbour_notice", String.valueOf(noticeId),
                neighbour.name() + " 确认收到 " + n.enterpriseName() + " 的告知（" + n.riskPointName() + "）", neighbour.id(), neighbour.regionCode()));
    }

    /** Notices sent or received by enterprises in scope. */
    public List<Notice> list(Jurisdiction scope, Long enterpriseId) {
        var params = new java.util.HashMap<String, Object>();
        String where = " where " + eitherSide(scope, params);
        if (enterpriseId != null) {
            where += " and (n.enterprise_id = :ent or n.neighbour_id = :ent)";
            params.put("ent", enterpriseId);
        }
        return jdbc.sql(NOTICE + where + " order by n.notified_at desc, n.id desc").params(params).query(Notice.class).list();
    }

    public java.util.Optional<Notice> find(Jurisdiction scope, long id) {
        var params = new java.util.HashMap<String, Object>();
        return jdbc.sql(NOTICE + " where n.id = :id and " + eitherSide(scope, params)).params(params).param("id", id)
                .query(Notice.class).optional();
    }

    /** A notice is in scope when the notifying enterprise or the notified neighbour is. */
    private static String eitherSide(Jurisdiction scope, Map<String, Object> params) {
        var a = scope.enterpriseFilter("e");
        var b = scope.enterpriseFilter("ne");
        params.putAll(a.params());
        params.putAll(b.params());
        return "((" + a.sql() + ") or (" + b.sql() + "))";
    }
}
