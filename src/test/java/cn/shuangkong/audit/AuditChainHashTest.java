package cn.shuangkong.audit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.audit.internal.AuditChain;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The version 2 hash: any change of any column changes it, and no two different records encode alike. */
class AuditChainHashTest {

    private static final Instant AT = Instant.parse("2026-12-06T03:00:00.123456Z");
    private static final AuditRecord BASE = new AuditRecord(7, AT, "ent_chem", "10.0.0.1", "验收隐患", "hazard", "42", "验收通过",
            3L, "321282", AuditChain.GENESIS, null, 2);

    @Test
    void every_column_counts() {
        List<AuditRecord> variants = List.of(BASE,
                new AuditRecord(8, AT, "ent_chem", "10.0.0.1", "验收隐患", "hazard", "42", "验收通过", 3L, "321282", AuditChain.GENESIS, null, 2),
                new AuditRecord(7, AT.plusNanos(1000), "ent_chem", "10.0.0.1", "验收隐患", "hazard", "42", "验收通过", 3L, "321282", AuditChain.GENESIS, null, 2),
                new AuditRecord(7, AT, "ent_mech", "10.0.0.1", "验收隐患", "hazard", "42", "验收通过", 3L, "321282", AuditChain.GENESIS, null, 2),
                new AuditRecord(7, AT, "ent_chem", null, "验收隐患", "hazard", "42", "验收通过", 3L, "321282", AuditChain.GENESIS, null, 2),
                new AuditRecord(7, AT, "ent_chem", "10.0.0.1", "退回隐患", "hazard", "42", "验收通过", 3L, "321282", AuditChain.GENESIS, null, 2),
                new AuditRecord(7, AT, "ent_chem", "10.0.0.1", "验收隐患", "risk_point", "42", "验收通过", 3L, "321282", AuditChain.GENESIS, null, 2),
                new AuditRecord(7, AT, "ent_chem", "10.0.0.1", "验收隐患", "hazard", "43", "验收通过", 3L, "321282", AuditChain.GENESIS, null, 2),
                new AuditRecord(7, AT, "ent_chem", "10.0.0.1", "验收隐患", "hazard", "42", "验收不通过", 3L, "321282", AuditChain.GENESIS, null, 2),
                new AuditRecord(7, AT, "ent_chem", "10.0.0.1", "验收隐患", "hazard", "42", "验收通过", 4L, "321282", AuditChain.GENESIS, null, 2),
                new AuditRecord(7, AT, "ent_chem", "10.0.0.1", "验收隐患", "hazard", "42", "验收通过", null, "321282", AuditChain.GENESIS, null, 2),
                new AuditRecord(7, AT, "ent_chem", "10.0.0.1", "验收隐患", "hazard", "42", "验收通过", 3L, "321283", AuditChain.GENESIS, null, 2),
                new AuditRecord(7, AT, "ent_chem", "10.0.0.1", "验收隐患", "hazard", "42", "验收通过", 3L, null, AuditChain.GENESIS, null, 2),
                new AuditRecord(7, AT, "ent_chem", "10.0.0.1", "验收隐患", "hazard", "42", "验收通过", 3L, "321282", "1".repeat(64), null, 2),
                // text moved across a field boundary, and a null against the word "null"
                new AuditRecord(7, AT, "ent_che", "m10.0.0.1", "验收隐患", "hazard", "42", "验收通过", 3L, "321282", AuditChain.GENESIS, null, 2),
                new AuditRecord(7, AT, "ent_chem", "null", "验收隐患", "hazard", "42", "验收通过", 3L, "321282", AuditChain.GENESIS, null, 2));
        Set<String> hashes = new HashSet<>();
        variants.forEach(v -> hashes.add(AuditChain.hash(v)));
        assertThat(hashes).hasSize(variants.size());
        assertThat(AuditChain.hash(BASE)).isEqualTo(AuditChain.hash(BASE)).hasSize(64);
    }

    @Test
    void a_record_of_an_unknown_rule_never_verifies() {
        var unknown = new AuditRecord(7, AT, "ent_chem", null, "a", "b", null, "c", null, null, AuditChain.GENESIS, null, 9);
        assertThat(AuditChain.hash(unknown)).isNull();
    }
}
