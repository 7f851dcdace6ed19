package cn.shuangkong.risk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** 备案: the principal signs a frozen register; a later change shows as 变更未备案; regulators see and return filings. */
class RiskFilingTest extends PlatformTest {

    @Test
    void the_principal_files_a_frozen_register_and_a_later_change_shows_as_unfiled() {
        long chem = enterpriseIdOf("ent_chem");
        Api boss = loggedIn("chem_boss");
        var r = boss.post("/api/v1/enterprises/" + chem + "/risk-filings", "");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long filingId = r.json().get("id").asLong();
        String hash = r.json().get("contentHash").asString();
        assertThat(r.json().get("signerName").asString()).contains("主要负责人");
        assertThat(status(boss, chem).get("changedSinceFiling").asBoolean()).isFalse();

        String stored = jdbc.sql("select snapshot from risk_filing where id = :id").param("id", filingId).query(String.class).single();
        assertThat(cn.shuangkong.shared.Snapshots.sha256(stored)).as("the stored snapshot is exactly what was signed").isEqualTo(hash);

        long point = jdbc.sql("select id from risk_point where name = '甲类储罐区（甲醇、甲苯）'").query(Long.class).single();
        var added = loggedIn("ent_chem").post("/api/v1/risk-points/" + point + "/events", Api.json(Map.of("name", "备案后新增 · 浮盘沉盘",
                "hazard", "浮盘密封失效导致沉盘", "factorCode", "2101", "accidentTypes", List.of("08"), "consequence", "罐内着火")));
        assertThat(added.status()).isEqualTo(201);
        assertThat(status(boss, chem).get("changedSinceFiling").asBoolean()).isTrue();
        assertThat(jdbc.sql("select snapshot from risk_filing where id = :id").param("id", filingId).query(String.class).single())
                .as("the filed snapshot does not change with the register").isEqualTo(stored).doesNotContain("浮盘沉盘");

        var again = boss.post("/api/v1/enterprises/" + chem + "/risk-filings", "");
        assertThat(again.json().get("version").asInt()).isEqualTo(r.json().get("version").asInt() + 1);
        assertThat(status(boss, chem).get("changedSinceFiling").asBoolean()).isFalse();
    }

    @Test
    void only_the_principal_may_sign_and_only_regulators_in_scope_see_and_return_filings() {
        long chem = enterpriseIdOf("ent_chem");
        assertThat(loggedIn("ent_chem").post("/api/v1/enterprises/" + chem + "/risk-filings", "").status()).isEqualTo(403);
        long filingId = loggedIn("chem_boss").post("/api/v1/enterprises/" + chem + "/risk-filings", "").json().get("id").asLong();

        Api city = loggedIn("gov_city");
        assertThat(city.get("/api/v1/risk-filings").json().valueStream().map(f -> f.get("id").asLong()).toList()).contains(filingId);
        Api town = loggedIn("gov_town");
        assertThat(town.get("/api/v1/risk-filings").json().valueStream().map(f -> f.get("id").asLong()).toList()).doesNotContain(filingId);
        assertThat(town.post("/api/v1/risk-filings/" + filingId + "/return", "{\"comment\":\"x\"}").status()).isEqualTo(404);
        assertThat(town.get("/api/v1/enterprises/" + chem + "/risk-filing-status").status()).isEqualTo(404);
        assertThat(status(city, chem).get("filed").asBoolean()).isTrue();

        var blank = city.post("/api/v1/risk-filings/" + filingId + "/return", "{\"comment\":\" \"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().get("errors").has("comment")).isTrue();
        assertThat(city.post("/api/v1/risk-filings/" + filingId + "/return", "{\"comment\":\"储罐区未辨识装卸作业风险\"}").status()).isEqualTo(204);
        JsonNode filing = loggedIn("chem_boss").get("/api/v1/risk-filings?enterpriseId=" + chem).json().valueStream()
                .filter(f -> f.get("id").asLong() == filingId).findFirst().orElseThrow();
        assertThat(filing.get("status").asString()).isEqualTo("RETURNED");
        assertThat(filing.get("returnComment").asString()).isEqualTo("储罐区未辨识装卸作业风险");
    }

    private JsonNode status(Api api, long enterprise) {
        var r = api.get("/api/v1/enterprises/" + enterprise + "/risk-filing-status");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}
