package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.inspection.internal.InspectionScheduler;
import cn.shuangkong.inspection.Inspections;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import java.awt.Color;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** 照片重复使用 across records: flagged on both, shown on both pages, told to the managers, published as an event. */
@RecordApplicationEvents
class PhotoReuseTest extends PlatformTest {

    @Autowired
    ApplicationEvents events;

    @Autowired
    Inspections inspections;

    @Autowired
    InspectionScheduler scheduler;

    @Autowired
    EvidencePhotos evidence;

    record Worker(Long enterpriseId, Long employeeId) implements Actor {
        public String username() { return "worker_chem"; }
        public String displayName() { return "顾建华"; }
        public Jurisdiction jurisdiction() { return Jurisdiction.enterprise(enterpriseId, "本企业"); }
        public Long serviceOrgId() { return null; }
        public boolean can(String permission) { return permission.equals("inspection:task:do"); }
    }

    long flags(String type, long id, String otherType, long otherId) {
        return jdbc.sql("select count(*) from evidence_reuse where record_type = :t and record_id = :id and other_type = :ot and other_id = :oid")
                .param("t", type).param("id", id).param("ot", otherType).param("oid", otherId).query(Long.class).single();
    }

    @Test
    void the_same_picture_as_evidence_of_another_hazard_is_flagged_on_both_and_published() {
        Api chem = loggedIn("ent_chem");
        byte[] picture = Photos.png(Color.ORANGE);
        var first = HazardApiTest.report("SELF_CHECK", "消火栓箱门损坏（原照片）");
        first.put("photo", HazardApiTest.b64(picture));
        long a = chem.post("/api/v1/hazards", Api.json(first)).json().get("id").asLong();
        var second = HazardApiTest.report("SELF_CHECK", "消火栓箱门损坏（同一张照片）");
        second.put("photo", HazardApiTest.b64(picture));
        var created = chem.post("/api/v1/hazards", Api.json(second));
        assertThat(created.status()).as("flagged, not refused: the finder may have a reason").isEqualTo(201);
        long b = created.json().get("id").asLong();

        assertThat(flags("hazard", b, "hazard", a)).isEqualTo(1);
        assertThat(flags("hazard", a, "hazard", b)).as("the flag is stored with both records").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from notice where username = 'ent_chem' and kind = 'PHOTO_REUSED' and link = :l")
                .param("l", "/hazards/" + b).query(Long.class).single()).isEqualTo(1);

        assertThat(jdbc.sql("select count(*) from audit_record where entity_type = 'hazard' and entity_id = :id and action = '照片重复使用'")
                .param("id", String.valueOf(b)).query(Long.class).single()).isEqualTo(1);

        // Other modules hear of it (recorded here from a registration in the test's own thread).
        String sha = HazardPhotos.sha256(picture);
        evidence.register(sha, "checklist_record", Long.MAX_VALUE, null, enterpriseIdOf("ent_chem"), "ent_chem");
        assertThat(events.stream(EvidencePhotoReused.class).filter(e -> e.recordId() == Long.MAX_VALUE))
                .extracting(EvidencePhotoReused::otherId).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void an_inspection_and_the_hazard_it_opened_share_their_picture_but_a_later_record_reusing_it_is_flagged() {
        scheduler.runOnce();
        long chem = enterpriseIdOf("ent_chem");
        long employee = jdbc.sql("select employee_id from user_account where username = 'worker_chem'").query(Long.class).single();
        var worker = new Worker(chem, employee);
        var open = jdbc.sql("""
                select t.id, t.risk_point_id from inspection_task t join control_measure m on m.id = t.measure_id
                  join employee e on e.id = :emp
                 where t.status = 'PENDING' and t.enterprise_id = :e and (m.responsible_employee_id = :emp or m.responsible_unit_id = e.post_id)
                 order by t.id limit 2""").param("emp", employee).param("e", chem)
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        assertThat(open).hasSize(2);
        byte[] picture = Photos.png(Color.PINK);
        var firstRecord = inspections.submit(worker, new Inspections.Submission(open.get(0)[1], null, List.of(
                new Inspections.Answer(open.get(0)[0], Inspections.Result.ABNORMAL, "阀门渗漏", "leak.png", picture)), null, null, null));
        long hazard = firstRecord.hazardIds().get(0);
        assertThat(firstRecord.reusedPhotoTaskIds()).as("the hazard it opened holds the same picture legitimately").isEmpty();
        assertThat(flags("hazard", hazard, "inspection_record", firstRecord.recordId())).isZero();

        var later = inspections.submit(worker, new Inspections.Submission(open.get(1)[1], null, List.of(
                new Inspections.Answer(open.get(1)[0], Inspections.Result.NORMAL, null, "again.png", picture)), null, null, null));
        assertThat(later.reusedPhotoTaskIds()).containsExactly(open.get(1)[0]);
        assertThat(flags("inspection_record", later.recordId(), "inspection_record", firstRecord.recordId())).isEqualTo(1);
        assertThat(flags("inspection_record", firstRecord.recordId(), "inspection_record", later.recordId())).isEqualTo(1);
        assertThat(flags("hazard", hazard, "inspection_record", later.recordId())).isEqualTo(1);

        assertThat(evidence.flagsOf(Jurisdiction.platform(), "inspection_record", later.recordId())).extracting(EvidencePhotos.Flag::label)
                .contains("排查记录 #" + firstRecord.recordId(), "隐患 #" + hazard);
    }
}
