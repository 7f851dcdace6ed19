package cn.shuangkong.exchange.internal;

import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.hazard.Hazards;
import cn.shuangkong.inspection.Inspections;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Works off the outbox markers of one enterprise: builds its records in the national model from the owning modules'
 * APIs, gives each platform record its UUID once (kept for ever in {@code exchange_record}), and marks as pending what
 * differs from what was last built — changed records as updates of the same UUID, records gone from the platform as
 * {@code deleted = 1}. Markers are removed only if they were visible before the data was read, so a change committed
 * meanwhile is worked off next round, never lost.
 */
@Service
public class ExchangeSync {

    static final String SYSTEM = "双控平台";
    private static final int ANSWERS_PER_READ = 1000;

    private final JdbcClient jdbc;
    private final Enterprises enterprises;
    private final RiskPoints points;
    private final Hazards hazards;
    private final Inspections inspections;
    private final JsonMapper json;
    private final Clock clock;
    private final ExchangeModel model;

    public ExchangeSync(JdbcClient jdbc, Enterprises enterprises, RiskPoints points, Hazards hazards, Inspections inspections,
                 JsonMapper json, Clock clock, ExchangeModel model) {
        this.jdbc = jdbc;
        this.model = model;
        this.enterprises = enterprises;
        this.points = points;
        this.hazards = hazards;
        this.inspections = inspections;
        this.json = json;
        this.clock = clock;
    }

    List<Long> enterprisesWithMarkers() {
        return jdbc.sql("select distinct enterprise_id from exchange_outbox order by 1").query(Long.class).list();
    }

    private record Existing(String uuid, String hash, boolean deleted, String payload) { }

    /** Works off the markers of one enterprise; returns how many records became pending. */
    @Transactional
    public int sync(long enterpriseId) {
        // One builder per enterprise at a time, across instances: the scheduled round and a 立即核对 may meet.
        TransactionLocks.waitFor(jdbc, "exchange-sync:" + enterpriseId);
        List<Long> markers = jdbc.sql("select id from exchange_outbox where enterprise_id = :e").param("e", enterpriseId)
                .query(Long.class).list();
        Optional<Enterprise> found = enterprises.findUnscoped(enterpriseId);
        int pending = found.map(this::build).orElse(0);
        if (!markers.isEmpty()) {
            jdbc.sql("delete from exchange_outbox where id in (:ids)").param("ids", markers).update();
        }
        return pending;
    }

    private int build(Enterprise e) {
        record Stored(String entity, long platformId, String uuid, String hash, boolean deleted, String payload) { }
        Map<String, Existing> existing = new HashMap<>();
        jdbc.sql("""
                select entity, platform_id, uuid, payload_hash as hash, deleted, payload::text as payload
                  from exchange_record where enterprise_id = :e""")
                .param("e", e.id()).query(Rows.of(Stored.class)).list()
                .forEach(s -> existing.put(key(s.entity(), s.platformId()), new Existing(s.uuid(), s.hash(), s.deleted(), s.payload())));
        List<ModelRecord> records = snapshot(e);
        Map<String, String> uuids = new HashMap<>();
        existing.forEach((k, v) -> uuids.put(k, v.uuid()));
        for (ModelRecord r : records) uuids.computeIfAbsent(key(r.entity(), r.platformId()), k -> UUID.randomUUID().toString());

        var now = clock.instant();
        int pending = 0;
        var present = new java.util.HashSet<String>();
        for (ModelRecord r : records) {
            String k = key(r.entity(), r.platformId());
            present.add(k);
            Existing before = existing.get(k);
            Map<String, Object> payload = payload(e, uuids.get(k), r, uuids, before, now);
            String parentUuid = r.links().isEmpty() ? null : uuids.get(key(r.links().get(0).entity(), r.links().get(0).platformId()));
            String parentEntity = r.links().isEmpty() ? null : r.links().get(0).entity();
            String hash = hash(payload);
            if (before == null) {
                jdbc.sql("""
                        insert into exchange_record (entity, platform_id, uuid, enterprise_id, parent_entity, parent_uuid, payload,
                                                     payload_hash, status, error, updated_at)
                        values (:entity, :pid, :uuid, :e, :pe, :pu, cast(:payload as jsonb), :hash, :status, :error, :now)
                        """).param("status", fault(r.entity(), payload) == null ? "PENDING" : "HELD")
                        .param("error", fault(r.entity(), payload)).param("entity", r.entity()).param("pid", r.platformId()).param("uuid", uuids.get(k))
                        .param("e", e.id()).param("pe", parentEntity).param("pu", parentUuid)
                        .param("payload", json.writeValueAsString(payload)).param("hash", hash)
                        .param("now", Timestamp.from(now)).update();
                pending++;
            } else if (!hash.equals(before.hash()) || before.deleted()) {
                pending += markPending(r.entity(), r.platformId(), parentEntity, parentUuid, payload, hash, false, now);
            }
        }
        // Whatever the platform no longer holds goes up as deleted (records are immutable and read by cursor: never).
        for (var entry : existing.entrySet()) {
            Existing gone = entry.getValue();
            if (present.contains(entry.getKey()) || gone.deleted() || entry.getKey().startsWith("record:")) continue;
            Map<String, Object> payload = json.readValue(gone.payload(), new TypeReference<LinkedHashMap<String, Object>>() { });
            payload.put("deleted", "1");
            payload.put("updateBy", SYSTEM);
            payload.put("updateDate", ModelRecord.date(now));
            String[] k = entry.getKey().split(":");
            pending += markPending(k[0], Long.parseLong(k[1]), null, null, payload, hash(payload), true, now);
        }
        return pending;
    }

    private int markPending(String entity, long platformId, String parentEntity, String parentUuid, Map<String, Object> payload,
                            String hash, boolean deleted, java.time.Instant now) {
        return jdbc.sql("""
                update exchange_record set payload = cast(:payload as jsonb), payload_hash = :hash, deleted = :deleted,
                       parent_entity = coalesce(:pe, parent_entity), parent_uuid = coalesce(:pu, parent_uuid),
                       status = :status, error = :error, attempts = 0, next_attempt_at = null, updated_at = :now
                 where entity = :entity and platform_id = :pid
                """).param("status", fault(entity, payload) == null ? "PENDING" : "HELD").param("error", fault(entity, payload))
                .param("payload", json.writeValueAsString(payload)).param("hash", hash).param("deleted", deleted)
                .param("pe", parentEntity).param("pu", parentUuid).param("now", Timestamp.from(now))
                .param("entity", entity).param("pid", platformId).update();
    }

    /** Every fault of the record against the model, joined, or null: a record that breaks it is held back at once. */
    private String fault(String entity, Map<String, Object> payload) {
        var faults = model.check(entity, payload);
        return faults.isEmpty() ? null : String.join("；", faults.values());
    }

    /** The enterprise's records, parents first; inspection answers only those not mapped yet. */
    List<ModelRecord> snapshot(Enterprise e) {
        List<ModelRecord> all = new ArrayList<>();
        Map<Long, String> pointCodes = new HashMap<>();
        for (RiskPoints.Point p : points.ofEnterprise(e.id())) {
            pointCodes.put(p.id(), p.code());
            all.add(ObjectMapper.map(p));
            points.units(p.id()).forEach(u -> all.add(UnitMapper.map(p, u)));
            points.events(p.id()).forEach(v -> all.add(EventMapper.map(v)));
            for (RiskPoints.Measure m : points.measures(p.id())) {
                all.add(MeasureMapper.map(m));
                all.add(TaskMapper.map(m));
            }
        }
        long after = jdbc.sql("select coalesce(max(platform_id), 0) from exchange_record where enterprise_id = :e and entity = 'record'")
                .param("e", e.id()).query(Long.class).single();
        List<Inspections.AnswerFact> answers;
        do {
            answers = inspections.answersAfter(e.id(), after, ANSWERS_PER_READ);
            answers.forEach(a -> all.add(RecordMapper.map(a)));
            if (!answers.isEmpty()) after = answers.get(answers.size() - 1).id();
        } while (answers.size() == ANSWERS_PER_READ);
        var scope = Jurisdiction.enterprise(e.id(), e.name());
        int page = 1;
        PageResult<Hazards.Row> rows;
        do {
            rows = hazards.search(scope, Hazards.Query.all().forEnterprise(e.id()), new PageResult.Request(page++, 500));
            for (Hazards.Row row : rows.items()) {
                if (HazardMapper.reported(row.hazard())) {
                    all.add(HazardMapper.map(row, pointCodes.get(row.hazard().riskPointId()), null));
                }
            }
        } while (rows.items().size() == 500);
        return all;
    }

    /** The record as sent: the common fields first, parents named by UUID, then the entity's own fields. */
    private Map<String, Object> payload(Enterprise e, String uuid, ModelRecord r, Map<String, String> uuids, Existing before,
                                        java.time.Instant now) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", uuid);
        p.put("companyCode", companyCode(e.creditCode()));
        p.put("tyshxydm", e.creditCode());
        p.put("deleted", "0");
        String firstBuilt = null;
        if (before != null) {
            Object d = json.readValue(before.payload(), new TypeReference<Map<String, Object>>() { }).get("createDate");
            firstBuilt = d == null ? null : d.toString();
        }
        p.put("createBy", SYSTEM);
        p.put("createDate", firstBuilt != null ? firstBuilt : ModelRecord.date(now));
        p.put("updateBy", SYSTEM);
        for (ModelRecord.Link link : r.links()) {
            if (link.uuidField() != null) p.put(link.uuidField(), uuids.get(key(link.entity(), link.platformId())));
        }
        p.putAll(r.fields());
        p.put("updateDate", ModelRecord.date(now));
        return p;
    }

    /**
     * The 9-digit 企业编码: the 主体标识码 (组织机构代码) that GB 32100-2015 puts in characters 9–17 of the 18-character
     * credit code. A province that assigns codes of its own would replace this one function.
     */
    public static String companyCode(String creditCode) {
        return creditCode == null || creditCode.length() != 18 ? null : creditCode.substring(8, 17);
    }

    /** Over everything but the build time, so an unchanged record is not sent again. */
    static String hash(Map<String, Object> payload) {
        var copy = new java.util.TreeMap<>(payload);
        copy.remove("updateDate");
        copy.remove("updateBy");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(copy.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String key(String entity, long platformId) {
        return entity + ":" + platformId;
    }
}
