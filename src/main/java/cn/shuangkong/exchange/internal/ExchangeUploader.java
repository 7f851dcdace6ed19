package cn.shuangkong.exchange.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads due records in batches, parents before children: each record is checked against the model first (a bad
 * one is held back with its reason, the rest go on), a child goes only once its parent has been accepted (or travels
 * in the same batch behind it), and the receiver's answer for each record is kept. A batch that gets no answer is
 * tried again later, waiting twice as long after each failure; as records travel by their UUID, the receiver takes a
 * repeat as the same record, never a new one.
 */
@Service
@EnableConfigurationProperties(ExchangeProperties.class)
public class ExchangeUploader {

    private static final Logger log = LoggerFactory.getLogger(ExchangeUploader.class);

    private final JdbcClient jdbc;
    private final ExchangeSync sync;
    private final ExchangeModel model;
    private final ExchangeProperties.Upload config;
    private final PayloadCipher cipher;
    private final JsonMapper json;
    private final Clock clock;
    private final Supplier<HttpClient> http;

    private final cn.shuangkong.organization.Enterprises enterprises;

    public ExchangeUploader(JdbcClient jdbc, ExchangeSync sync, ExchangeModel model, ExchangeProperties properties, JsonMapper json, Clock clock,
                     cn.shuangkong.organization.Enterprises enterprises) {
        this.jdbc = jdbc;
        this.enterprises = enterprises;
        this.sync = sync;
        this.model = model;
        this.config = properties.upload();
        this.cipher = config.encryptionKey() == null || config.encryptionKey().isBlank() ? null : new PayloadCipher(config.encryptionKey());
        this.json = json;
        this.clock = clock;
        // Built when the first batch is sent (most installations report to no endpoint), not at start (ADR 0060).
        this.http = SingletonSupplier.of(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    @Scheduled(initialDelayString = "${shuangkong.exchange.upload.first:20s}", fixedDelayString = "${shuangkong.exchange.upload.every:30s}")
    @SchedulerLock(name = "exchange-upload", lockAtMostFor = "PT10M", lockAtLeastFor = "PT5S")
    void scheduled() {
        try {
            round();
        } catch (RuntimeException e) {
            log.warn("数据上报 round failed, next round tries again: {}", e.toString());
        }
    }

    /** One round: markers worked off, then batches sent until nothing is due. Returns the records answered. */
    public int round() {
        for (Long enterprise : sync.enterprisesWithMarkers()) {
            try {
                sync.sync(enterprise);
            } catch (RuntimeException e) {
                log.warn("数据上报: enterprise {} could not be prepared this round: {}", enterprise, e.toString());
            }
        }
        if (!config.enabled()) return 0;
        int answered = 0;
        for (int i = 0; i < 50; i++) {
            int n = sendOneBatch();
            if (n <= 0) break;
            answered += n;
        }
        return answered;
    }

    private record Due(String entity, long platformId, String uuid, String parentEntity, String parentUuid, String payload,
                       String hash, boolean deleted, int attempts) { }

    /** Sends one batch of due records; 0 when none was due, -1 when the receiver did not answer. */
    int sendOneBatch() {
        Instant now = clock.instant();
        List<Due> due = jdbc.sql("""
                select entity, platform_id, uuid, parent_entity, parent_uuid, payload::text as payload, payload_hash as hash, deleted, attempts
                  from exchange_record
                 where status in ('PENDING', 'WAITING') and (next_attempt_at is null or next_attempt_at <= :now)
                 order by array_position(array['object','unit','event','measure','task','record','hazard'], entity),
                          enterprise_id, platform_id
                 limit :limit
                """).param("now", Timestamp.from(now)).param("limit", config.batchSize() * 4).query(Due.class).list();
        List<Due> batch = new ArrayList<>();
        Set<String> inBatch = new HashSet<>();
        for (Due d : due) {
            if (batch.size() >= config.batchSize()) break;
            Map<String, Object> payload = json.readValue(d.payload(), new TypeReference<LinkedHashMap<String, Object>>() { });
            Map<String, String> faults = model.check(d.entity(), payload);
            if (!faults.isEmpty()) {
                settle(d, "HELD", String.join("；", faults.values()), null);
                continue;
            }
            if (!d.deleted() && d.parentUuid() != null && !inBatch.contains(d.parentUuid()) && !parentAccepted(d.parentUuid())) {
                if (!"WAITING".equals(statusOf(d))) {
                    settle(d, "WAITING", "等待上级记录（" + ExchangeModel.ENTITY_NAMES.getOrDefault(d.parentEntity(), d.parentEntity())
                            + "）被接收方接收后再上报", null);
                }
                continue;
            }
            batch.add(d);
            inBatch.add(d.uuid());
        }
        if (batch.isEmpty()) return 0;
        return send(batch, now);
    }

    private int send(List<Due> batch, Instant now) {
        String batchId = UUID.randomUUID().toString();
        List<Map<String, Object>> records = batch.stream().<Map<String, Object>>map(d -> Map.of("entity", d.entity(),
                "data", json.readValue(d.payload(), new TypeReference<LinkedHashMap<String, Object>>() { }))).toList();
        // The model's records carry only the enterprise's codes; a receiver that does not know it yet registers it from these.
        List<Inbound.EnterpriseInfo> facts = records.stream().map(r -> String.valueOf(((Map<?, ?>) r.get("data")).get("tyshxydm")))
                .distinct().map(enterprises::idOfCreditCode).flatMap(java.util.Optional::stream)
                .map(enterprises::findUnscoped).flatMap(java.util.Optional::stream)
                .map(e -> new Inbound.EnterpriseInfo(e.creditCode(), e.name(), e.regionCode(), e.industryCode(), e.address(),
                        e.headcount(), e.majorHazard(), e.hazardousChemicals())).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("batchId", batchId);
        if (cipher != null) {
            body.put("cipher", PayloadCipher.NAME);
            body.put("payload", cipher.seal(json.writeValueAsString(Map.of("records", records, "enterprises", facts)), batchId));
        } else {
            body.put("records", records);
            body.put("enterprises", facts);
        }
        int status;
        String answer;
        try {
            var response = http.get().send(HttpRequest.newBuilder(URI.create(base() + "/batches"))
                    .timeout(config.timeout()).header("Content-Type", "application/json").header("X-Exchange-Key", key())
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            answer = response.body();
        } catch (java.io.IOException e) {
            status = 0;
            answer = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        jdbc.sql("insert into exchange_batch_sent (id, sent_at, records, http_status, outcome) values (cast(:id as uuid), :at, :n, :s, :o)")
                .param("id", batchId).param("at", Timestamp.from(now)).param("n", batch.size()).param("s", status == 0 ? null : status)
                .param("o", status == 200 ? "answered" : abbreviate(answer)).update();
        if (status != 200) {
            failed(batch, status, answer, now);
            return -1;
        }
        JsonNode results = json.readTree(answer).path("results");
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        results.forEach(r -> byId.put(r.path("id").asString(), r));
        Set<String> sentHere = new HashSet<>();
        batch.forEach(d -> sentHere.add(d.uuid()));
        Set<String> acceptedHere = new HashSet<>();
        for (Due d : batch) {
            JsonNode r = byId.get(d.uuid());
            if (r == null) {
                failed(List.of(d), status, "接收方未答复该记录", now);
                continue;
            }
            String outcome = r.path("status").asString();
            if (!d.deleted() && d.parentUuid() != null && sentHere.contains(d.parentUuid()) && !acceptedHere.contains(d.parentUuid())) {
                // its parent travelled with it and was not accepted: it waits, whatever the receiver made of it
                settle(d, "WAITING", "等待上级记录（" + ExchangeModel.ENTITY_NAMES.getOrDefault(d.parentEntity(), d.parentEntity())
                        + "）被接收方接收后再上报", now);
                continue;
            }
            if (outcome.equals("ACCEPTED")) acceptedHere.add(d.uuid());
            switch (outcome) {
                case "ACCEPTED" -> settle(d, "ACCEPTED", null, now);
                case "WAITING" -> settle(d, "WAITING", r.path("message").asString("等待上级记录被接收"), now);
                default -> settle(d, "REJECTED", reason(r), now);
            }
        }
        return batch.size();
    }

    private static String reason(JsonNode r) {
        List<String> parts = new ArrayList<>();
        if (!r.path("message").isMissingNode() && !r.path("message").isNull()) parts.add(r.path("message").asString());
        r.path("errors").properties().forEach(e -> parts.add(e.getValue().asString()));
        return parts.isEmpty() ? "接收方拒收，未说明原因" : String.join("；", parts);
    }

    private void failed(List<Due> batch, int status, String answer, Instant now) {
        for (Due d : batch) {
            int attempts = d.attempts() + 1;
            Duration wait = backoff(attempts);
            String why = status == 0 ? "接收方无法连接" : "接收方答复 HTTP " + status + problemDetail(answer);
            jdbc.sql("""
                    update exchange_record set attempts = :a, next_attempt_at = :next, error = :e, sent_at = :now
                     where uuid = :u and payload_hash = :h
                    """).param("a", attempts).param("next", Timestamp.from(now.plus(wait)))
                    .param("e", why + "，第 " + attempts + " 次发送失败，" + wait.toSeconds() + " 秒后重试")
                    .param("now", Timestamp.from(now)).param("u", d.uuid()).param("h", d.hash()).update();
        }
    }

    /** base × 2^(n−1), at most the configured ceiling. */
    public Duration backoff(int attempts) {
        Duration wait = config.backoffBase().multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(config.backoffMax()) > 0 ? config.backoffMax() : wait;
    }

    private String problemDetail(String answer) {
        try {
            String detail = json.readTree(answer).path("detail").asString(null);
            return detail == null ? "" : "（" + detail + "）";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Stores an answer only for the payload that was sent: a record changed meanwhile stays pending for its update. */
    private void settle(Due d, String status, String error, Instant answeredAt) {
        jdbc.sql("""
                update exchange_record set status = :s, error = :e, attempts = case when :s = 'WAITING' then attempts else 0 end,
                       next_attempt_at = null, answered_at = coalesce(:at, answered_at),
                       sent_at = case when cast(:at as timestamptz) is null then sent_at else :at end,
                       sent_hash = case when cast(:at as timestamptz) is null then sent_hash else payload_hash end,
                       accepted_hash = case when :s = 'ACCEPTED' then payload_hash else accepted_hash end
                 where uuid = :u and payload_hash = :h
                """).param("s", status).param("e", error).param("at", answeredAt == null ? null : Timestamp.from(answeredAt))
                .param("u", d.uuid()).param("h", d.hash()).update();
    }

    private boolean parentAccepted(String uuid) {
        return jdbc.sql("select accepted_hash is not null from exchange_record where uuid = :u").param("u", uuid)
                .query(Boolean.class).optional().orElse(false);
    }

    private String statusOf(Due d) {
        return jdbc.sql("select status from exchange_record where uuid = :u").param("u", d.uuid()).query(String.class).single();
    }

    /** The receiver's live counts per entity for one enterprise (the reconciliation). */
    public Map<String, Long> receiverCounts(String creditCode) {
        if (!config.enabled()) throw cn.shuangkong.shared.DomainException.conflict("未配置上报地址（shuangkong.exchange.upload.endpoint），无法对账");
        try {
            var response = http.get().send(HttpRequest.newBuilder(URI.create(base() + "/counts?tyshxydm="
                            + URLEncoder.encode(creditCode, StandardCharsets.UTF_8))).timeout(config.timeout())
                    .header("X-Exchange-Key", key()).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw cn.shuangkong.shared.DomainException.conflict("接收方未能提供对账数据：HTTP " + response.statusCode() + problemDetail(response.body()));
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            json.readTree(response.body()).path("counts").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
            return counts;
        } catch (java.io.IOException e) {
            throw cn.shuangkong.shared.DomainException.conflict("接收方无法连接，请稍后再对账");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cn.shuangkong.shared.DomainException.conflict("对账被中断");
        }
    }

    private String base() {
        String b = config.endpoint().strip();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    private String key() {
        return config.key() == null ? "" : config.key();
    }

    private static String abbreviate(String s) {
        return s == null ? null : s.length() <= 500 ? s : s.substring(0, 500);
    }
}
