package cn.shuangkong.audit.internal;

import cn.shuangkong.audit.AnchorLog;
import cn.shuangkong.audit.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The hash rules of the chain, kept apart from Spring so that a restore (and anyone holding a copy of the table) can
 * recompute them. Plain SHA-256, no secret: the chain is checkable by a third party; what a secret adds (proof that
 * nobody recomputed the chain) comes from the signed anchors, see {@link AnchorLog}.
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);
    public static final int CURRENT_VERSION = 2;
    /** The advisory lock that keeps appends (and checkpoints) one at a time: "SHKAUDIT". */
    public static final long LOCK = 0x5348_4B41_5544_4954L;
    /** Every column of {@code audit_record} but {@code hash}, in the order version 2 hashes them. */
    public static final java.util.List<String> HASHED_COLUMNS = java.util.List.of("hash_version", "id", "occurred_at", "actor",
            "client_address", "action", "entity_type", "entity_id", "summary", "enterprise_id", "region_code", "prev_hash");

    private AuditChain() {
    }

    /** The hash a record must carry, by the rule of its own version. */
    public static String hash(AuditRecord r) {
        return switch (r.hashVersion()) {
            case 1 -> version1(r);
            case 2 -> version2(r);
            default -> null; // an unknown rule never matches: the verifier reports the record
        };
    }

    /**
     * Version 2: every column, each written as its UTF-8 byte length, ':' and the bytes (a null as '-'), so that no
     * two different records encode alike (a null region and the text "null" differ; moving text between fields
     * changes a length). The time is in epoch microseconds, the precision PostgreSQL keeps.
     */
    private static String version2(AuditRecord r) {
        var out = new ByteArrayOutputStream();
        for (Object field : new Object[] {r.hashVersion(), r.id(), micros(r.occurredAt()), r.actor(), r.clientAddress(),
                r.action(), r.entityType(), r.entityId(), r.summary(), r.enterpriseId(), r.regionCode(), r.prevHash()}) {
            if (field == null) {
                out.write('-');
            } else {
                byte[] bytes = field.toString().getBytes(StandardCharsets.UTF_8);
                out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(bytes);
            }
            out.write('\n');
        }
        return sha256(out.toByteArray());
    }

    /** Version 1 (records written before V110): content without id and scope columns, joined by U+001F. */
    private static String version1(AuditRecord r) {
        String content = String.join("\u001f", r.prevHash(), r.occurredAt().truncatedTo(ChronoUnit.MICROS).toString(),
                r.actor(), String.valueOf(r.clientAddress()), r.action(), r.entityType(), String.valueOf(r.entityId()), r.summary());
        return sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    private static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
