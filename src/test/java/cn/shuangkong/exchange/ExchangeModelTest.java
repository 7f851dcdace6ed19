package cn.shuangkong.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.exchange.internal.ExchangeModel;
import cn.shuangkong.exchange.internal.ExchangeSync;
import cn.shuangkong.exchange.internal.PayloadCipher;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The national model as model.tsv states it: every required field, length, code list and date, with Chinese faults. */
class ExchangeModelTest {

    private final ExchangeModel model = new ExchangeModel();

    static Map<String, Object> common() {
        Map<String, Object> m = new HashMap<>();
        m.put("id", "5b7c1c1e-6f0a-4f43-9d53-2a4b5f0c9e01");
        m.put("companyCode", "MA1XYZ123");
        m.put("tyshxydm", "91321282MA1XYZ1234");
        m.put("deleted", "0");
        m.put("createBy", "双控平台");
        m.put("createDate", "2026-12-06 10:00:00");
        m.put("updateBy", "双控平台");
        m.put("updateDate", "2026-12-06 10:00:00");
        return m;
    }

    static Map<String, Object> validUnit() {
        Map<String, Object> m = common();
        m.put("hazardCode", "FXD-001");
        m.put("riskUnitName", "储罐组");
        m.put("hazardDep", "储运车间");
        m.put("hazardLiablePerson", "张三");
        m.put("riskClass", "1");
        return m;
    }

    static Map<String, Object> validHazard() {
        Map<String, Object> m = common();
        m.put("dangerName", "储罐呼吸阀堵塞");
        m.put("dangerLevel", "0");
        m.put("registTime", "2026-12-06 09:00:00");
        m.put("registrant", "worker_chem");
        m.put("dangerSrc", "1");
        m.put("dangerManageType", "1");
        m.put("hazardDangerType", "8");
        m.put("dangerDesc", "呼吸阀被异物堵塞");
        m.put("hazardCategory", "0");
        m.put("liablePerson", "李四");
        m.put("dangerManageDeadline", "2026-12-10 23:59:59");
        m.put("dangerState", "0");
        return m;
    }

    @Test
    void every_entity_of_the_chain_has_its_fields_and_names_in_chinese() {
        assertThat(ExchangeModel.ENTITIES).containsExactly("object", "unit", "event", "measure", "task", "record", "hazard");
        for (String entity : ExchangeModel.ENTITIES) {
            var fields = model.fieldsOf(entity);
            assertThat(fields).as(entity).hasSizeGreaterThan(8);
            fields.forEach(f -> assertThat(f.chineseName()).as(entity + "." + f.name()).matches(".*[\\u4e00-\\u9fa5].*"));
            fields.forEach(f -> assertThat(f.source()).as(entity + "." + f.name() + " says where it comes from").isNotBlank());
        }
        assertThat(model.parentFields("event")).extracting(ExchangeModel.Field::parent).containsExactly("unit");
        assertThat(model.parentFields("unit")).extracting(ExchangeModel.Field::parent).containsExactly("object");
    }

    @Test
    void a_valid_record_passes_and_each_missing_required_field_is_named_in_chinese() {
        assertThat(model.check("unit", validUnit())).isEmpty();
        assertThat(model.check("hazard", validHazard())).isEmpty();
        for (String entity : List.of("unit", "hazard")) {
            var required = model.fieldsOf(entity).stream().filter(ExchangeModel.Field::required).toList();
            assertThat(required).isNotEmpty();
            for (var f : required) {
                var record = entity.equals("unit") ? validUnit() : validHazard();
                record.remove(f.name());
                assertThat(model.check(entity, record)).as(f.name())
                        .containsEntry(f.name(), "「" + f.chineseName() + "」（" + f.name() + "）不能为空");
            }
        }
    }

    @Test
    void lengths_codes_dates_and_the_accepted_hazard_rule_are_checked() {
        var unit = validUnit();
        unit.put("hazardLiablePerson", "张".repeat(21));
        unit.put("riskClass", "5");
        unit.put("createDate", "2026/12/06");
        assertThat(model.check("unit", unit))
                .containsEntry("hazardLiablePerson", "「责任人」（hazardLiablePerson）不能超过 20 个字符")
                .containsEntry("riskClass", "「风险等级」（riskClass）应为 1、2、3、4 之一")
                .containsEntry("createDate", "「创建时间」（createDate）应为 yyyy-MM-dd HH:mm:ss 格式的时间");

        var hazard = validHazard();
        hazard.put("dangerState", "9");
        assertThat(model.check("hazard", hazard))
                .containsEntry("checkAcceptPerson", "「验收人」（checkAcceptPerson）在隐患已验收（状态 9）时不能为空")
                .containsEntry("checkAcceptTime", "「验收时间」（checkAcceptTime）在隐患已验收（状态 9）时不能为空");
        hazard.put("dangerState", "2");
        assertThat(model.check("hazard", hazard)).containsEntry("dangerState", "「隐患状态」（dangerState）应为 0、1、9 之一");
        assertThat(model.check("measure", Map.of())).containsKeys("riskEventId", "dataSrc", "classify1", "classify2");
        assertThat(model.check("nonsense", Map.of())).containsKey("entity");
    }

    @Test
    void a_photo_must_be_a_png_or_jpeg_of_at_most_five_megabytes() {
        var hazard = validHazard();
        byte[] png = cn.shuangkong.hazard.Photos.tiny(110);
        hazard.put("attachments1", Base64.getEncoder().encodeToString(png));
        assertThat(model.check("hazard", hazard)).isEmpty();
        hazard.put("attachments1", Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(png, 20)));
        assertThat(model.check("hazard", hazard)).containsEntry("attachments1", "「隐患照片」（attachments1）：上传的图片已损坏或不是有效的图片");
        hazard.put("attachments1", Base64.getEncoder().encodeToString("%PDF-1.7".getBytes()));
        assertThat(model.check("hazard", hazard)).containsEntry("attachments1", "「隐患照片」（attachments1）应为 PNG 或 JPEG 图片");
        byte[] big = new byte[ExchangeModel.PHOTO_MAX_BYTES + 1];
        big[0] = (byte) 0xff;
        big[1] = (byte) 0xd8;
        hazard.put("attachments1", Base64.getEncoder().encodeToString(big));
        assertThat(model.check("hazard", hazard)).containsEntry("attachments1", "「隐患照片」（attachments1）不能超过 5 MB");
        hazard.put("attachments1", "不是base64!");
        assertThat(model.check("hazard", hazard)).containsKey("attachments1");
    }

    @Test
    void a_deleted_record_needs_only_its_id_and_the_enterprise_codes() {
        var gone = common();
        gone.put("deleted", "1");
        assertThat(model.check("event", gone)).isEmpty();
        gone.remove("tyshxydm");
        assertThat(model.check("event", gone)).containsOnlyKeys("tyshxydm");
    }

    @Test
    void the_company_code_is_the_organisation_code_inside_the_credit_code() {
        assertThat(ExchangeSync.companyCode("91321282MA1XYZ1234")).isEqualTo("MA1XYZ123").hasSize(9);
        assertThat(ExchangeSync.companyCode("short")).isNull();
    }

    @Test
    void a_sealed_batch_opens_only_with_the_same_key_and_batch_id() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        var cipher = new PayloadCipher(key);
        String sealed = cipher.seal("{\"records\":[]}", "batch-1");
        assertThat(sealed).doesNotContain("records");
        assertThat(cipher.open(sealed, "batch-1")).contains("{\"records\":[]}");
        assertThat(cipher.open(sealed, "batch-2")).as("replayed under another batch id").isEmpty();
        byte[] other = new byte[32];
        other[0] = 1;
        assertThat(new PayloadCipher(Base64.getEncoder().encodeToString(other)).open(sealed, "batch-1")).isEmpty();
        assertThat(cipher.open("garbage", "batch-1")).isEmpty();
    }
}
