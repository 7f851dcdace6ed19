package cn.shuangkong.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

class AuditChainTest extends PlatformTest {

    @Autowired
    AuditTrail trail;

    @Autowired
    EmbeddedPostgres postgres;

    @Test
    void the_database_refuses_to_edit_or_delete_an_audit_record() {
        // The application's role has no right to (ADR 0015), and even the superuser meets the trigger.
        assertThatThrownBy(() -> jdbc.sql("update audit_record set summary = 'x'").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_record").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> superuser().sql("update audit_record set summary = 'x'").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> superuser().sql("delete from audit_record").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
    }

    @Test
    void even_the_superuser_cannot_truncate_the_trail_while_the_guard_is_on() throws Exception {
        try (var db = new Tampering(postgres)) {
            assertThatThrownBy(() -> db.exec("truncate audit_record")).hasMessageContaining("append-only");
        }
        assertThat(jdbc.sql("select count(*) from audit_record").query(Long.class).single()).isPositive();
    }

    @Test
    void verification_names_the_first_tampered_record_and_the_api_reports_it() throws Exception {
        loggedIn("admin").get("/api/v1/me"); // a token issue is itself audited: the chain has records
        var verify = loggedIn("admin").get("/api/v1/audit/verify").json();
        assertThat(verify.get("intact").asBoolean()).isTrue();
        assertThat(verify.get("checked").asLong()).isPositive();

        long victim = jdbc.sql("select min(id) from audit_record").query(Long.class).single();
        String original = jdbc.sql("select summary from audit_record where id = :id").param("id", victim).query(String.class).single();
        var admin = loggedIn("admin"); // signing in is audited: before the chain is held
        try (var db = new Tampering(postgres).save(victim)) {
            db.unguarded("update audit_record set summary = ? where id = ?", original + "（已篡改）", victim);
            var broken = trail.verify();
            assertThat(broken.intact()).isFalse();
            assertThat(broken.firstBrokenId()).isEqualTo(victim);
            assertThat(broken.reason()).contains("篡改");
            assertThat(admin.get("/api/v1/audit/verify").json().get("firstBrokenId").asLong()).isEqualTo(victim);
        }
        var restored = trail.verify();
        assertThat(restored.intact()).as(String.valueOf(restored.findings())).isTrue();
    }

    @Test
    void only_platform_admins_may_verify_and_an_enterprise_sees_only_its_own_records() {
        Api chem = loggedIn("ent_chem");
        assertThat(chem.get("/api/v1/audit/verify").status()).isEqualTo(403);
        long own = enterpriseIdOf("ent_chem");
        var page = chem.get("/api/v1/audit?size=200").json();
        page.get("items").forEach(r -> assertThat(r.get("enterpriseId").asLong()).isEqualTo(own));
    }
}
