package cn.shuangkong.scope;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.hazard.EvidencePhotos;
import cn.shuangkong.hazard.Photos;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.awt.Color;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A picture reused across enterprises: the uploader learns it was used before, never whose records hold it. */
class PhotoReuseScopeTest extends PlatformTest {

    @Autowired
    EvidencePhotos evidence;

    private static long hazardWithPhoto(Api as, String title, byte[] picture) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", "SELF_CHECK");
        m.put("type", "UNSAFE_CONDITION");
        m.put("title", title);
        m.put("description", title + "，现场核实属实");
        m.put("location", "车间");
        m.put("photo", Base64.getEncoder().encodeToString(picture));
        var r = as.post("/api/v1/hazards", Api.json(m));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private java.util.List<String> notices(String username, long hazardId) {
        return jdbc.sql("select message from notice where username = :u and kind = 'PHOTO_REUSED' and link = :l")
                .param("u", username).param("l", "/hazards/" + hazardId).query(String.class).list();
    }

    @Test
    void ent_mech_reusing_ent_chems_picture_is_told_it_was_used_before_but_not_where() {
        byte[] picture = Photos.png(new Color((int) (System.nanoTime() & 0xFFFFFF)));
        long chem = hazardWithPhoto(loggedIn("ent_chem"), "配电柜前堆放杂物（原照片）", picture);
        long mech = hazardWithPhoto(loggedIn("ent_mech"), "配电柜前堆放杂物（借用照片）", picture);
        String chemRef = "#" + chem;

        var own = evidence.flagsOf(Jurisdiction.enterprise(enterpriseIdOf("ent_mech"), "泰和"), "hazard", mech);
        assertThat(own).isNotEmpty();
        assertThat(own).allSatisfy(f -> {
            assertThat(f.label()).isEqualTo("其他单位的一条记录").doesNotContain(chemRef);
            assertThat(f.link()).isNull();
        });
        var mine = notices("ent_mech", mech);
        assertThat(mine).as("the uploader's managers hear of it").isNotEmpty();
        assertThat(mine).allSatisfy(m -> assertThat(m).contains("其他单位").doesNotContain(chemRef));
        assertThat(jdbc.sql("select summary from audit_record where entity_type = 'hazard' and entity_id = :id and action = '照片重复使用'")
                .param("id", String.valueOf(mech)).query(String.class).list())
                .isNotEmpty().allSatisfy(s -> assertThat(s).doesNotContain(chemRef));

        // ent_chem's own record names no record of ent_mech either
        assertThat(evidence.flagsOf(Jurisdiction.enterprise(enterpriseIdOf("ent_chem"), "华泰"), "hazard", chem))
                .isNotEmpty().allSatisfy(f -> assertThat(f.label()).doesNotContain("#" + mech));

        // the regulator over both sees which records, and is told
        assertThat(evidence.flagsOf(Jurisdiction.regulator("321282", java.util.List.of(), "靖江市"), "hazard", mech))
                .extracting(EvidencePhotos.Flag::label).contains("隐患 " + chemRef);
        assertThat(notices("gov_city", mech)).isNotEmpty().allSatisfy(m -> assertThat(m).contains(chemRef));

        // and the page ent_mech opens says the picture was used before, without naming or linking the other hazard
        var page = new Session("http://localhost:" + port).signIn("ent_mech", "Demo@2026").send("GET", "/hazards/" + mech, null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("照片重复使用").contains("其他单位的一条记录")
                .doesNotContain("/hazards/" + chem + "\"").doesNotContain("隐患 " + chemRef);
        var cityPage = new Session("http://localhost:" + port).signIn("gov_city", "Demo@2026").send("GET", "/hazards/" + mech, null, null);
        assertThat(cityPage.body()).contains("/hazards/" + chem + "\"");
    }
}
