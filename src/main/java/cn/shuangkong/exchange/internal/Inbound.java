package cn.shuangkong.exchange.internal;

import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.organization.EnterpriseDraft;
import cn.shuangkong.organization.EnterpriseRegistry;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The receiving side of the national model: a batch from a registered sender is checked record by record against the
 * same model, parents must be known (received earlier or earlier in the batch), and each record is stored by its UUID
 * — an update replaces, {@code deleted = 1} removes — or answered with why not, in Chinese. The batch and its answer
 * are one transaction, and a batch id already answered gets the same answer again and changes nothing. An enterprise
 * not known yet is registered from the batch's {@code enterprises} through the organization module, in its own
 * 乡镇（街道）, which must lie within the sender's region.
 */
@Service
public class Inbound {

    /** An enterprise's basic facts, sent along so that the receiver can register an enterprise it does not know. */
    @Schema(description = "企业基本信息：接收方尚无该企业时据此登记（须在上报方所辖区划内）")
    public record EnterpriseInfo(@Schema(description = "统一社会信用代码（18位）") String tyshxydm,
                                 @Schema(description = "企业名称") String name,
                                 @Schema(description = "所在乡镇（街道）的区划代码（9位），须在上报方所辖区划内") String regionCode,
                                 @Schema(description = "国民经济行业代码（GB/T 4754），如 C2614") String industryCode,
                                 String address, Integer headcount,
                                 @Schema(description = "是否涉及重大危险源") Boolean majorHazard,
                                 @Schema(description = "是否涉及危险化学品") Boolean hazardousChemicals) { }

    /** One record: its entity (object, unit, event, measure, task, record, hazard) and its fields as the model names them. */
    @Schema(description = "一条记录")
    public record Item(@Schema(description = "实体", allowableValues = {"object", "unit", "event", "measure", "task", "record", "hazard"})
                       String entity,
                       @Schema(description = "字段按数据模型命名，见组件 交换记录.<entity>（如 交换记录.hazard）；id 为 UUID，更新沿用同一 id，deleted=1 删除")
                       Map<String, Object> data) { }

    /**
     * A batch. Either {@code records} (and {@code enterprises}) in clear, or {@code cipher} = AES-GCM with
     * {@code payload} = base64(IV ‖ ciphertext) of {"records": […], "enterprises": […]}, the batch id as associated data.
     */
    @Schema(description = "上报批次：records（及 enterprises）明文，或 cipher=AES-GCM 时 payload 为 base64(IV‖密文)，以批次号为附加认证数据")
    public record Batch(@Schema(description = "批次号：字母、数字、-、_，最多64个；同一批次号重放返回原答复", example = "city-320282-20261206-0001")
                        String batchId,
                        @Schema(description = "加密方式，明文时不填", allowableValues = {"AES-GCM"}) String cipher,
                        @Schema(description = "加密时：base64(12字节IV ‖ 密文)，明文为 {\"records\":[…],\"enterprises\":[…]}") String payload,
                        @Schema(description = "记录，上级记录在前（风险分析对象 → 单元 → 事件 → 管控措施 → 排查任务 → 排查记录 → 隐患）")
                        List<Item> records,
                        List<EnterpriseInfo> enterprises) { }

    record Sealed(List<Item> records, List<EnterpriseInfo> enterprises) { }

    /** The answer for one record: ACCEPTED, REJECTED (with errors by field) or WAITING (its parent is not known yet). */
    @Schema(description = "逐条答复")
    public record Result(String id, String entity,
                         @Schema(allowableValues = {"ACCEPTED", "REJECTED", "WAITING"}) String status,
                         @Schema(description = "中文说明") String message,
                         @Schema(description = "拒收原因，按字段给出中文") Map<String, String> errors) { }

    @Schema(description = "批次答复：与批次在同一事务中保存")
    public record Answer(String batchId, Instant receivedAt, int accepted, int rejected, int waiting, List<Result> results) { }

    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final JdbcClient jdbc;
    private final Senders senders;
    private final ExchangeModel model;
    private final Enterprises enterprises;
    private final EnterpriseRegistry registry;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;
    private final ExchangeProperties.Inbound config;
    private final cn.shuangkong.organization.Regions regions;
    private final cn.shuangkong.organization.Industries industries;
    private final jakarta.validation.Validator validator;
    private final PayloadCipher cipher;

    Inbound(JdbcClient jdbc, Senders senders, ExchangeModel model, Enterprises enterprises, EnterpriseRegistry registry,
            ApplicationEventPublisher events, JsonMapper json, Clock clock, ExchangeProperties properties,
            cn.shuangkong.organization.Regions regions, cn.shuangkong.organization.Industries industries,
            jakarta.validation.Validator validator) {
        this.regions = regions;
        this.industries = industries;
        this.validator = validator;
        this.jdbc = jdbc;
        this.senders = senders;
        this.model = model;
        this.enterprises = enterprises;
        this.registry = registry;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.config = properties.inbound();
        this.cipher = config.encryptionKey() == null || config.encryptionKey().isBlank() ? null : new PayloadCipher(config.encryptionKey());
    }

    @Transactional
    public Answer receive(String key, Batch batch) {
        Senders.Sender sender = senders.authenticate(key);
        if (batch == null || batch.batchId() == null || !BATCH_ID.matcher(batch.batchId()).matches()) {
            throw DomainException.invalid("batchId", "「批次号」（batchId）不能为空，且只能由字母、数字、-、_ 组成（最多64个）");
        }
        TransactionLocks.waitFor(jdbc, "exchange:" + sender.id() + ":" + batch.batchId());
        Optional<String> earlier = jdbc.sql("select answer::text from exchange_batch_received where sender_id = :s and batch_id = :b")
                .param("s", sender.id()).param("b", batch.batchId()).query(String.class).optional();
        if (earlier.isPresent()) return json.readValue(earlier.get(), Answer.class); // a replay: the same answer, nothing changes
        Sealed content = open(batch);
        if (content.records() == null || content.records().isEmpty()) {
            throw DomainException.invalid("records", "批次中没有记录");
        }
        if (content.records().size() > config.maxRecords()) {
            throw DomainException.invalid("records", "一个批次最多 " + config.maxRecords() + " 条记录");
        }
        // Batches about one enterprise take turns until the first commits (ADR 0084). One sender's do already (each
        // holds the sender's row); two senders covering one enterprise (a town's platform and the city's) once both
        // found it unknown and registered it, or recounted its received-records facts without the other's rows, and the
        // second broke the credit code's or the facts' unique key: its whole batch refused.
        TransactionLocks.waitForAll(jdbc, content.records().stream()
                .filter(r -> r != null && r.data() != null && r.data().get("tyshxydm") != null)
                .map(r -> "exchange-enterprise:" + r.data().get("tyshxydm")).toList());
        Map<String, EnterpriseInfo> infos = new HashMap<>();
        if (content.enterprises() != null) {
            content.enterprises().stream().filter(e -> e != null && e.tyshxydm() != null).forEach(e -> infos.put(e.tyshxydm(), e));
        }
        Instant now = clock.instant();
        List<Result> results = new ArrayList<>();
        Map<Long, Integer> changed = new java.util.TreeMap<>();
        for (int i = 0; i < content.records().size(); i++) {
            results.add(one(sender, i + 1, content.records().get(i), infos, now, changed));
        }
        int accepted = (int) results.stream().filter(r -> r.status().equals("ACCEPTED")).count();
        int waiting = (int) results.stream().filter(r -> r.status().equals("WAITING")).count();
        var answer = new Answer(batch.batchId(), now, accepted, results.size() - accepted - waiting, waiting, results);
        jdbc.sql("insert into exchange_batch_received (sender_id, batch_id, received_at, answer) values (:s, :b, :at, cast(:a as jsonb))")
                .param("s", sender.id()).param("b", batch.batchId()).param("at", Timestamp.from(now))
                .param("a", json.writeValueAsString(answer)).update();
        events.publishEvent(new StateChanged("接收上报批次", "exchange_batch", batch.batchId(),
                sender.name() + "：" + results.size() + " 条，接收 " + accepted + "，拒收 " + answer.rejected() + "，待上级 " + waiting,
                null, sender.regionCode()));
        // One per enterprise whose received records changed: its audit trail shows them, and what is derived from them
        // (its rating, ADR 0055) follows, as it follows any change of the enterprise's own records.
        changed.forEach((enterprise, n) -> events.publishEvent(new StateChanged("接收上报记录", "exchange_batch", batch.batchId(),
                sender.name() + "：该企业 " + n + " 条记录新增、更新或删除", enterprise, sender.regionCode())));
        return answer;
    }

    private Sealed open(Batch batch) {
        if (batch.cipher() == null || batch.cipher().isBlank()) return new Sealed(batch.records(), batch.enterprises());
        if (!PayloadCipher.NAME.equals(batch.cipher())) {
            throw DomainException.invalid("cipher", "「加密方式」（cipher）只支持 " + PayloadCipher.NAME);
        }
        if (cipher == null) throw DomainException.invalid("cipher", "本平台未配置解密密钥，不能接收加密批次");
        String plain = cipher.open(batch.payload() == null ? "" : batch.payload(), batch.batchId())
                .orElseThrow(() -> DomainException.invalid("payload", "「加密数据」（payload）无法解密：密钥不符或数据被改动"));
        try {
            return json.readValue(plain, Sealed.class);
        } catch (RuntimeException e) {
            throw DomainException.invalid("payload", "「加密数据」（payload）解密后不是有效的批次内容");
        }
    }

    private record Stored(long senderId, String entity, String hash, boolean deleted) { }

    private Result one(Senders.Sender sender, int n, Item item, Map<String, EnterpriseInfo> infos, Instant now,
                       Map<Long, Integer> changed) {
        if (item == null || item.entity() == null || item.data() == null) {
            return new Result(null, item == null ? null : item.entity(), "REJECTED", "第 " + n + " 条记录缺少 entity 或 data", Map.of());
        }
        String entity = item.entity();
        Map<String, Object> data = new LinkedHashMap<>();
        item.data().forEach((k, v) -> data.put(k, v == null ? null : v.toString()));
        String id = ExchangeModel.text(data.get("id"));
        Map<String, String> faults = model.check(entity, data);
        if (!faults.isEmpty()) return new Result(id, entity, "REJECTED", "第 " + n + " 条记录不符合数据规范", faults);
        String credit = data.get("tyshxydm").toString();
        Optional<Stored> stored = jdbc.sql("select sender_id, entity, payload_hash as hash, deleted from exchange_received where uuid = :u")
                .param("u", id).query(Stored.class).optional();
        if (stored.isPresent() && (stored.get().senderId() != sender.id() || !stored.get().entity().equals(entity))) {
            return new Result(id, entity, "REJECTED", "记录ID " + id + " 已被其他上报方或其他类型的记录使用", Map.of("id", "记录ID重复"));
        }
        Long enterpriseId;
        try {
            enterpriseId = enterpriseOf(sender, credit, infos.get(credit));
        } catch (DomainException e) {
            return new Result(id, entity, "REJECTED", e.getMessage(), e.fieldErrors() == null ? Map.of() : e.fieldErrors());
        }
        boolean deleted = "1".equals(data.get("deleted"));
        if (!deleted) {
            for (ExchangeModel.Field f : model.parentFields(entity)) {
                String ref = ExchangeModel.text(data.get(f.name()));
                if (ref == null || ref.isBlank() || parentKnown(f.parent(), ref, credit)) continue;
                return new Result(id, entity, "WAITING", "上级记录（" + ExchangeModel.ENTITY_NAMES.get(f.parent()) + "，"
                        + f.name() + " = " + ref + "）尚未接收，请先上报上级记录", Map.of());
            }
        }
        String hash = ExchangeSync.hash(data);
        if (stored.isPresent() && stored.get().hash().equals(hash) && stored.get().deleted() == deleted) {
            return new Result(id, entity, "ACCEPTED", "已接收（无变化）", Map.of());
        }
        String parent = model.parentFields(entity).stream().map(f -> ExchangeModel.text(data.get(f.name())))
                .filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
        jdbc.sql("""
                insert into exchange_received (uuid, sender_id, entity, tyshxydm, enterprise_id, parent_uuid, payload, payload_hash,
                                               deleted, received_at, updated_at)
                values (:u, :s, :entity, :credit, :e, :parent, cast(:payload as jsonb), :hash, :deleted, :now, :now)
                on conflict (uuid) do update set payload = excluded.payload, payload_hash = excluded.payload_hash,
                       deleted = excluded.deleted, parent_uuid = excluded.parent_uuid, enterprise_id = excluded.enterprise_id,
                       updated_at = excluded.updated_at
                """).param("u", id).param("s", sender.id()).param("entity", entity).param("credit", credit)
                .param("e", enterpriseId).param("parent", parent).param("payload", json.writeValueAsString(data))
                .param("hash", hash).param("deleted", deleted).param("now", Timestamp.from(now)).update();
        changed.merge(enterpriseId, 1, Integer::sum);
        return new Result(id, entity, "ACCEPTED", deleted ? "已删除" : stored.isPresent() ? "已更新" : "已接收", Map.of());
    }

    private boolean parentKnown(String parentEntity, String ref, String credit) {
        String sql = parentEntity.equals("object")
                ? "select count(*) from exchange_received where entity = 'object' and tyshxydm = :c and payload->>'hazardCode' = :r and not deleted"
                : "select count(*) from exchange_received where entity = :pe and tyshxydm = :c and uuid = :r and not deleted";
        var spec = jdbc.sql(sql).param("c", credit).param("r", ref);
        if (!parentEntity.equals("object")) spec = spec.param("pe", parentEntity);
        return spec.query(Long.class).single() > 0;
    }

    /**
     * The receiving platform's enterprise of this credit code; registered from the batch's facts if unknown, in the
     * 乡镇（街道） the sender names (it must exist here and lie within the sender's region).
     */
    private Long enterpriseOf(Senders.Sender sender, String credit, EnterpriseInfo info) {
        String prefix = Jurisdiction.regionPrefix(sender.regionCode());
        Optional<Long> known = enterprises.idOfCreditCode(credit);
        if (known.isPresent()) {
            String region = enterprises.findUnscoped(known.get()).orElseThrow().regionCode();
            if (!region.startsWith(prefix)) {
                throw DomainException.invalid("tyshxydm", "企业 " + credit + " 不在该上报方所辖区划内");
            }
            return known.get();
        }
        if (info == null || info.name() == null || info.regionCode() == null) {
            throw DomainException.invalid("tyshxydm", "本平台尚无企业 " + credit + "，批次须附该企业的基本信息（enterprises：名称、所在乡镇（街道）、行业）");
        }
        var draft = new EnterpriseDraft(info.name(), credit, info.industryCode(), info.regionCode(), null, null,
                info.headcount() == null ? 0 : info.headcount(), info.address(), null, null, null, null, null, null, null,
                Boolean.TRUE.equals(info.majorHazard()), false, false, false, Boolean.TRUE.equals(info.hazardousChemicals()), false)
                .normalized();
        // Checked here, not left to the registry: a refusal thrown out of its transaction would doom the whole batch's.
        var violations = validator.validate(draft);
        if (!violations.isEmpty()) {
            throw DomainException.invalid("enterprises", "企业 " + credit + " 的基本信息有误：" + violations.iterator().next().getMessage());
        }
        var region = regions.find(draft.regionCode()).orElse(null);
        if (region == null || region.level() < 4 || !region.code().startsWith(prefix)) {
            throw DomainException.invalid("enterprises", "企业 " + credit + " 的所在乡镇（街道）" + draft.regionCode()
                    + " 在本平台不存在，或不在该上报方所辖区划内");
        }
        if (!industries.isKnown(draft.industryCode())) {
            throw DomainException.invalid("enterprises", "企业 " + credit + " 的行业代码 " + draft.industryCode() + " 未知");
        }
        var scope = Jurisdiction.regulator(sender.regionCode(), List.of(), sender.name());
        return registry.register(scope, draft).id();
    }

    /** Per entity, the records of one enterprise this sender has reported and not deleted: the sender's reconciliation. */
    public Map<String, Long> counts(String key, String creditCode) {
        Senders.Sender sender = senders.authenticate(key);
        if (creditCode == null || creditCode.isBlank()) throw DomainException.invalid("tyshxydm", "请提供统一社会信用代码");
        Map<String, Long> counts = new LinkedHashMap<>();
        ExchangeModel.ENTITIES.forEach(e -> counts.put(e, 0L));
        jdbc.sql("select entity, count(*) from exchange_received where sender_id = :s and tyshxydm = :c and not deleted group by entity")
                .param("s", sender.id()).param("c", creditCode.strip())
                .query(Rows.pairs(String.class, Long.class)).forEach(counts::put);
        return counts;
    }
}
