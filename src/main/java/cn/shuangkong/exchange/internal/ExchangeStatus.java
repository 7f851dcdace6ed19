package cn.shuangkong.exchange.internal;

import cn.shuangkong.exchange.ExchangeFacts;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Rows;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the 数据上报 page shows and does: per enterprise in the viewer's scope, what is pending, held back, waiting,
 * accepted and rejected and why; re-send; a fresh check of an enterprise's records; the reconciliation of counts with
 * the receiver; and, on a receiving platform, what its senders reported.
 */
@Service
public class ExchangeStatus {

    /** One enterprise's upload at a glance. */
    public record Summary(long enterpriseId, String enterpriseName, long pending, long held, long waiting, long accepted,
                          long rejected, Instant lastAnswerAt) {
        public long total() {
            return pending + held + waiting + accepted + rejected;
        }
    }

    /** One record as the page lists it. */
    public record Row(String entity, String uuid, String name, boolean deleted, String status, String error, int attempts,
                      Instant nextAttemptAt, Instant sentAt, Instant answeredAt) {
        public String entityName() {
            return ExchangeModel.ENTITY_NAMES.get(entity);
        }

        public String statusLabel() {
            return STATUS_LABELS.get(status);
        }
    }

    /** Per entity: the records here (not deleted), those the receiver has accepted, and the receiver's own count. */
    public record Reconciliation(String entity, String entityName, long here, long accepted, Long receiver) {
        public boolean matches() {
            return receiver != null && receiver == here && accepted == here;
        }
    }

    /**
     * A sender's enterprise as a receiving platform sees it; {@code counted} is false when the enterprise keeps its own
     * register here, whose records count instead (ADR 0044).
     */
    public record Received(String senderName, String creditCode, String enterpriseName, long objects, long units, long events,
                           long measures, long tasks, long records, long hazards, long openHazards, long closedHazards,
                           Instant lastAt, boolean counted) { }

    public static final Map<String, String> STATUS_LABELS = Map.of("PENDING", "待上报", "HELD", "校验未通过", "WAITING",
            "等待上级记录", "SENT", "已发送", "ACCEPTED", "已接收", "REJECTED", "被拒收");

    private final JdbcClient jdbc;
    private final Enterprises enterprises;
    private final ExchangeSync sync;
    private final ExchangeUploader uploader;
    private final ApplicationEventPublisher events;

    ExchangeStatus(JdbcClient jdbc, Enterprises enterprises, ExchangeSync sync, ExchangeUploader uploader,
                   ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.enterprises = enterprises;
        this.sync = sync;
        this.uploader = uploader;
        this.events = events;
    }

    public List<Summary> summaries(Actor me) {
        var f = me.jurisdiction().enterpriseFilter("e");
        return jdbc.sql("""
                select e.id as enterprise_id, e.name as enterprise_name,
                       count(*) filter (where r.status = 'PENDING') as pending, count(*) filter (where r.status = 'HELD') as held,
                       count(*) filter (where r.status = 'WAITING') as waiting, count(*) filter (where r.status = 'ACCEPTED') as accepted,
                       count(*) filter (where r.status = 'REJECTED') as rejected, max(r.answered_at) as last_answer_at
                  from exchange_record r join enterprise e on e.id = r.enterprise_id
                 where\s""" + f.sql() + " group by e.id, e.name order by e.name").params(f.params()).query(Summary.class).list();
    }

    public Enterprise enterprise(Actor me, long enterpriseId) {
        return enterprises.find(me.jurisdiction(), enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
    }

    public List<Row> records(Actor me, long enterpriseId, String status) {
        enterprise(me, enterpriseId);
        if (status != null && !status.isBlank() && !STATUS_LABELS.containsKey(status)) {
            throw DomainException.invalid("status", "未知的上报状态：" + status);
        }
        return jdbc.sql("""
                select entity, uuid, coalesce(payload->>'riskAnalysisObjectName', payload->>'riskUnitName', payload->>'riskEventName',
                              payload->>'riskMeasureDesc', payload->>'troubleshootContent', payload->>'checkTime', payload->>'dangerName') as name,
                       deleted, status, error, attempts, next_attempt_at, sent_at, answered_at
                  from exchange_record
                 where enterprise_id = :e and (cast(:s as text) is null or status = :s)
                 order by case status when 'REJECTED' then 0 when 'HELD' then 1 when 'WAITING' then 2 when 'PENDING' then 3 else 4 end,
                          array_position(array['object','unit','event','measure','task','record','hazard'], entity), platform_id
                 limit 500
                """).param("e", enterpriseId).param("s", status == null || status.isBlank() ? null : status).query(Row.class).list();
    }

    /** Rebuilds the enterprise's records now (as a change would) and returns how many became pending. */
    @Transactional
    public int check(Actor me, long enterpriseId) {
        Enterprise e = enterprise(me, enterpriseId);
        int pending = sync.sync(enterpriseId);
        events.publishEvent(new StateChanged("核对上报数据", "exchange_record", String.valueOf(enterpriseId),
                e.name() + "：" + pending + " 条待上报", e.id(), e.regionCode()));
        return pending;
    }

    /** Puts rejected, held-back and waiting records (or one of them, by UUID) back in line; returns how many. */
    @Transactional
    public int resend(Actor me, long enterpriseId, String uuid) {
        Enterprise e = enterprise(me, enterpriseId);
        int n = jdbc.sql("""
                update exchange_record set status = 'PENDING', attempts = 0, next_attempt_at = null, error = null
                 where enterprise_id = :e and status in ('REJECTED', 'HELD', 'WAITING') and (cast(:u as text) is null or uuid = :u)
                """).param("e", enterpriseId).param("u", uuid == null || uuid.isBlank() ? null : uuid.strip()).update();
        if (uuid != null && !uuid.isBlank() && n == 0) throw DomainException.notFound("可重新上报的记录");
        events.publishEvent(new StateChanged("重新上报", "exchange_record", uuid == null || uuid.isBlank() ? String.valueOf(enterpriseId) : uuid.strip(),
                e.name() + "：" + n + " 条重新排队上报", e.id(), e.regionCode()));
        return n;
    }

    public List<Reconciliation> reconcile(Actor me, long enterpriseId) {
        Enterprise e = enterprise(me, enterpriseId);
        Map<String, Long> receiver = uploader.receiverCounts(e.creditCode());
        Map<String, long[]> here = new LinkedHashMap<>();
        ExchangeModel.ENTITIES.forEach(x -> here.put(x, new long[2]));
        record Counted(String entity, long sent, long accepted) { }
        jdbc.sql("""
                select entity, count(*) filter (where not deleted) as sent,
                       count(*) filter (where not deleted and status = 'ACCEPTED') as accepted
                  from exchange_record where enterprise_id = :e group by entity
                """).param("e", enterpriseId).query(Rows.of(Counted.class)).list()
                .forEach(c -> here.put(c.entity(), new long[] {c.sent(), c.accepted()}));
        return here.entrySet().stream().map(x -> new Reconciliation(x.getKey(), ExchangeModel.ENTITY_NAMES.get(x.getKey()),
                x.getValue()[0], x.getValue()[1], receiver.get(x.getKey()))).toList();
    }

    /** On a receiving platform: what each sender reported for the enterprises in the viewer's scope. */
    public List<Received> received(Actor me) {
        var f = me.jurisdiction().enterpriseFilter("e");
        return jdbc.sql("""
                select s.name as sender_name, r.tyshxydm as credit_code, e.name as enterprise_name,
                       count(*) filter (where r.entity = 'object') as objects, count(*) filter (where r.entity = 'unit') as units,
                       count(*) filter (where r.entity = 'event') as events, count(*) filter (where r.entity = 'measure') as measures,
                       count(*) filter (where r.entity = 'task') as tasks, count(*) filter (where r.entity = 'record') as records,
                       count(*) filter (where r.entity = 'hazard') as hazards,
                       count(*) filter (where r.entity = 'hazard' and r.payload->>'dangerState' in ('0', '1')) as open_hazards,
                       count(*) filter (where r.entity = 'hazard' and r.payload->>'dangerState' = '9') as closed_hazards,
                       max(r.updated_at) as last_at, %s as counted
                  from exchange_received r join exchange_sender s on s.id = r.sender_id join enterprise e on e.id = r.enterprise_id
                 where not r.deleted and\s""".formatted(ExchangeFacts.counted("e.id")) + f.sql()
                + " group by s.name, r.tyshxydm, e.id, e.name order by e.name")
                .params(f.params()).query(Received.class).list();
    }
}
