package cn.shuangkong.demo;

import cn.shuangkong.emergency.internal.Drills;
import cn.shuangkong.emergency.internal.EmergencyPlans;
import cn.shuangkong.emergency.internal.EmergencyReminders;
import cn.shuangkong.emergency.internal.EmergencyResources;
import cn.shuangkong.emergency.internal.NeighbourNotices;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * 应急管理 of the demo chemical works (江苏华泰化工): a 综合预案, a 专项预案 for the tank farm in two versions and a
 * 现场处置方案, a past drill with its evaluation and an open follow-up action, an overdue and a coming drill, two rescue
 * teams, two experts, equipment and materials placed on the site plan (a breathing-apparatus set expiring soon), and
 * one 相邻单位告知 of the tank farm's 重大风险. Entered through the module's own services as {@code ent_chem}.
 */
@Component
@Profile("demo")
@Order(90)
class DemoEmergency implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoEmergency.class);

    private final JdbcClient jdbc;
    private final EmergencyPlans plans;
    private final Drills drills;
    private final EmergencyResources resources;
    private final NeighbourNotices neighbours;
    private final EmergencyReminders reminders;
    private final Clock clock;

    DemoEmergency(JdbcClient jdbc, EmergencyPlans plans, Drills drills, EmergencyResources resources, NeighbourNotices neighbours,
                  EmergencyReminders reminders, Clock clock) {
        this.jdbc = jdbc;
        this.plans = plans;
        this.drills = drills;
        this.resources = resources;
        this.neighbours = neighbours;
        this.reminders = reminders;
        this.clock = clock;
    }

    /** The chemical works' safety manager, as the services see them. */
    record Manager(long enterprise) implements Actor {
        public String username() { return "ent_chem"; }
        public String displayName() { return "陆海峰（安全科长）"; }
        public Jurisdiction jurisdiction() { return Jurisdiction.enterprise(enterprise, "本企业"); }
        public Long enterpriseId() { return enterprise; }
        public Long serviceOrgId() { return null; }
        public Long employeeId() { return null; }
        public boolean can(String permission) { return true; }
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        DemoLoads.holdUntilCommit(jdbc);
        if (DemoLoads.loaded(jdbc, "emergency")) return;
        long chem = jdbc.sql("select enterprise_id from user_account where username = 'ent_chem'").query(Long.class).single();
        Long tanks = jdbc.sql("select id from risk_point where enterprise_id = :e and name = '甲类储罐区（甲醇、甲苯）'")
                .param("e", chem).query(Long.class).optional().orElse(null);
        if (tanks == null) return; // the risk demo did not run
        List<Long> allPoints = jdbc.sql("select id from risk_point where enterprise_id = :e order by id").param("e", chem).query(Long.class).list();
        Manager me = new Manager(chem);
        LocalDate today = LocalDate.now(clock);
        String regulator = "滨江新区安全生产监督管理局";

        long general = plans.create(me, new EmergencyPlans.PlanDraft("COMPREHENSIVE", "江苏华泰化工有限公司生产安全事故综合应急预案", allPoints),
                new EmergencyPlans.VersionDraft("适用于本公司各类生产安全事故。设应急指挥部（总经理任总指挥），响应分为一级（公司）、二级（车间）、三级（班组）；"
                        + "规定预警、信息报告、应急响应、后期处置和保障措施。", today.minusDays(420), today.minusDays(400), today.minusDays(395),
                        today.minusDays(380), regulator), "综合应急预案-2025版.pdf", pdf("General emergency plan v1"));
        long special = plans.create(me, new EmergencyPlans.PlanDraft("SPECIAL", "甲类储罐区火灾爆炸专项应急预案", List.of(tanks)),
                new EmergencyPlans.VersionDraft("储罐区甲醇、甲苯泄漏、火灾、爆炸事故的专项应急预案。", today.minusDays(760), today.minusDays(740),
                        today.minusDays(735), today.minusDays(720), regulator), "储罐区专项预案-第1版.pdf", pdf("Tank farm special plan v1"));
        plans.addVersion(me, special, new EmergencyPlans.VersionDraft("第 2 版：SIS 高高液位联锁投用后修订响应程序；增加泡沫站和固定喷淋启动步骤；"
                        + "增补周边企业通报和疏散路线。", today.minusDays(60), today.minusDays(45), today.minusDays(40), today.minusDays(30), regulator),
                "储罐区专项预案-第2版.pdf", pdf("Tank farm special plan v2"));
        plans.create(me, new EmergencyPlans.PlanDraft("ONSITE", "甲醇储罐泄漏现场处置方案", List.of(tanks)),
                new EmergencyPlans.VersionDraft("岗位人员发现泄漏后：报告班长和中控 → 关闭进出料阀 → 启动喷淋稀释 → 佩戴正压式空气呼吸器堵漏 → "
                        + "围堤内泡沫覆盖，禁止一切火源。", today.minusDays(100), today.minusDays(90), today.minusDays(85), null, null),
                "甲醇泄漏现场处置方案.pdf", pdf("Methanol leak on-site procedure"));

        long held = drills.plan(me, new Drills.DrillDraft(special, "T-103 甲醇储罐泄漏着火实战演练", "FIELD", today.minusDays(20),
                "罐区班组、企业专职消防队、中控室、安全科，共 26 人"));
        drills.record(me, held, new Drills.DrillRecord(today.minusDays(20),
                "09:00 T-103 罐根阀法兰模拟泄漏，巡检工发现后报告中控；09:03 启动喷淋；09:06 消防队到场铺设泡沫；09:25 泄漏点堵漏成功，演练结束。",
                "响应迅速，预案可行；人员分工明确。总体评价：良好。", "1. 两名队员空气呼吸器佩戴超过 60 秒；2. 罐区东侧应急广播音量不足。"));
        long done = drills.addAction(me, held, new Drills.ActionDraft("组织全员空气呼吸器佩戴训练，考核 60 秒内完成", "消防队 朱明", today.minusDays(5)));
        drills.completeAction(me, done, "已训练 3 次，26 人全部考核合格");
        drills.addAction(me, held, new Drills.ActionDraft("更换罐区东侧应急广播扬声器并测试", "设备科 沈海峰", today.plusDays(10)));
        drills.plan(me, new Drills.DrillDraft(general, "综合应急预案桌面推演（第三季度）", "TABLETOP", today.minusDays(6), "应急指挥部成员"));
        drills.plan(me, new Drills.DrillDraft(special, "储罐区夜间泄漏实战演练", "FIELD", today.plusDays(30), "罐区夜班、企业专职消防队"));

        resources.addTeam(me, new EmergencyResources.TeamDraft("企业专职消防队", "专职消防队", "朱明", "13905231119", "消防站（罐区南侧）",
                bd(690), bd(280), null, null, List.of(new EmergencyResources.MemberDraft("朱明", "队长", "13905231119"),
                new EmergencyResources.MemberDraft("高建国", "副队长", "13905231120"), new EmergencyResources.MemberDraft("顾勇", "战斗员", "13905231121"),
                new EmergencyResources.MemberDraft("陆斌", "驾驶员", "13905231122"))));
        resources.addTeam(me, new EmergencyResources.TeamDraft("气防站", "兼职救援队", "徐静", "13905231130", "合成车间西侧",
                bd(215), bd(300), null, null, List.of(new EmergencyResources.MemberDraft("徐静", "站长", "13905231130"),
                new EmergencyResources.MemberDraft("孙磊", "气防员", "13905231131"))));
        resources.addExpert(me, new EmergencyResources.ExpertDraft("钱卫东", "危险化学品储运、火灾扑救", "高级工程师", "泰州市应急管理专家组", "13812340001"));
        resources.addExpert(me, new EmergencyResources.ExpertDraft("季玉梅", "化工工艺、职业中毒救治", "主任医师", "靖江市人民医院", "13812340002"));
        item(me, "EQUIPMENT", "正压式空气呼吸器", 8, "套", "罐区值班室", 610, 235, today.plusDays(12), "顾建华", "13905231150");
        item(me, "MATERIAL", "抗溶性泡沫灭火剂", 6, "吨", "泡沫站", 885, 250, today.plusDays(300), "朱明", "13905231119");
        item(me, "MATERIAL", "消防沙", 5, "m³", "罐区东侧沙箱", 880, 120, null, null, null);
        item(me, "EQUIPMENT", "移动式消防炮", 2, "台", "消防站", 732, 262, today.plusDays(700), "朱明", "13905231119");
        item(me, "EQUIPMENT", "重型防化服", 4, "套", "气防站", 256, 312, today.plusDays(500), "徐静", "13905231130");
        item(me, "MATERIAL", "吸附棉", 200, "kg", "应急物资库", 500, 520, today.plusDays(200), "孙磊", "13905231131");

        // 相邻单位告知: the nearest other enterprise, declared as a neighbour when it lies beyond the configured radius.
        Long nearest = jdbc.sql("""
                select n.id from enterprise e join enterprise n on n.id <> e.id where e.id = :e and n.latitude is not null
                 order by power(n.latitude - e.latitude, 2) + power((n.longitude - e.longitude) * cos(radians(e.latitude)), 2) limit 1
                """).param("e", chem).query(Long.class).optional().orElse(null);
        if (nearest != null) {
            if (neighbours.neighbours(chem).stream().noneMatch(n -> n.id() == nearest)) neighbours.declare(me, nearest);
            neighbours.notifyNeighbours(me, new NeighbourNotices.NoticeDraft(tanks, List.of(nearest),
                    "本公司甲类储罐区（T-101～T-106，甲醇、甲苯）为重大风险，可能发生泄漏、火灾、爆炸。事故时厂区警报长鸣三声，"
                            + "请贵单位人员向西北方向上风处疏散。联系人：陆海峰 0523-84530188。"));
        }
        reminders.sweep();
        DemoLoads.markLoaded(jdbc, "emergency", clock);
        log.info("Demo emergency plans, drills and resources loaded");
    }

    private void item(Manager me, String category, String name, int quantity, String unit, String location, int x, int y,
                      LocalDate expires, String keeper, String phone) {
        resources.addResource(me, new EmergencyResources.ResourceDraft(category, name, BigDecimal.valueOf(quantity), unit, location,
                bd(x), bd(y), null, null, expires, keeper, phone));
    }

    private static BigDecimal bd(int v) {
        return BigDecimal.valueOf(v);
    }

    /** A one-page PDF standing in for the plan document (the demo has no real plan files). */
    static byte[] pdf(String title) {
        String stream = "BT /F1 18 Tf 72 760 Td (" + title + ") Tj 0 -28 Td /F1 11 Tf (Jiangsu Huatai Chemical Co., Ltd. - demo document) Tj ET";
        String[] objects = {
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + stream.length() + " >>\nstream\n" + stream + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
        StringBuilder out = new StringBuilder("%PDF-1.4\n");
        int[] offsets = new int[objects.length];
        for (int i = 0; i < objects.length; i++) {
            offsets[i] = out.length();
            out.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
        }
        int xref = out.length();
        out.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
        for (int o : offsets) out.append(String.format("%010d 00000 n \n", o));
        out.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
