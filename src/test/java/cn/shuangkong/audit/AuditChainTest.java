package cn.shuangkong.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

class AuditChainTest extends PlatformTest {

    @Autowired
    AuditTrail trail;

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
    void verification_names_the_first_tampered_record_and_the_api_reports_it() {
        loggedIn("admin").get("/api/v1/me"); // a token issue is itself audited: the chain has records
        var verify = loggedIn("admin").get("/api/v1/audit/verify").json();
        assertThat(verify.get("intact").asBoolean()).isTrue();
        assertThat(verify.get("checked").asLong()).isPositive();

        long victim = jdbc.sql("select min(id) from audit_record").query(Long.class).single();
        String original = jdbc.sql("select summary from audit_record where id = :id").param("id", victim).query(String.class).single();
        tamper(victim, original + "（已篡改）");
        try {
            var broken = trail.verify();
            assertThat(broken.intact()).isFalse();
            assertThat(broken.firstBrokenId()).isEqualTo(victim);
            assertThat(broken.reason()).contains("篡改");
            assertThat(loggedIn("admin").get("/api/v1/audit/verify").json().get("firstBrokenId").asLong()).isEqualTo(victim);
        } finally {
            tamper(victim, original);
        }
        assertThat(trail.verify().intact()).isTrue();
    }

    @Test
    void only_platform_admins_may_verify_and_an_enterprise_sees_only_its_own_records() {
        Api chem = loggedIn("ent_chem");
        assertThat(chem.get("/api/v1/audit/verify").status()).isEqualTo(403);
        long own = enterpriseIdOf("ent_chem");
        var page = chem.get("/api/v1/audit?size=200").json();
        page.get("items").forEach(r -> assertThat(r.get("enterpriseId").asLong()).isEqualTo(own));
    }

    /** What an attacker with the database's superuser would do: switch the guard off, edit, switch it on. */
    private void tamper(long id, String summary) {
        var jdbc = superuser();
        jdbc.sql("alter table audit_record disable trigger audit_record_no_update").update();
        jdbc.sql("update audit_record set summary = :s where id = :id").param("s", summary).param("id", id).update();
        jdbc.sql("alter table audit_record enable trigger audit_record_no_update").update();
    }
}
