package cn.shuangkong.demo;

import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.permit.internal.PermitKind;
import cn.shuangkong.permit.internal.PermitRules;
import cn.shuangkong.permit.internal.Permits;
import cn.shuangkong.permit.internal.PermitRules.GasKind;
import cn.shuangkong.permit.internal.PermitRules.LelClass;
import cn.shuangkong.permit.internal.SafetyMeasures;
import cn.shuangkong.permit.internal.WorkerRole;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.training.Certificates;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * 特殊作业票 of the demo chemical works, entered through the permit service by the people who sign them: an open 一级 动火
 * on the tank farm's pipe rack (特级 when the demo is loaded at night or on a rest day: 升级管理 applies to the demo too),
 * a closed 受限空间 (储罐清罐) with its analyses, and a cancelled 高处; the machinery works has a 吊装 waiting for
 * approval. The welder's 焊接与热切割作业 certificate is recorded first, since the role needs one.
 */
@Component
@Profile("demo")
@Order(97)
class DemoPermits implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoPermits.class);

    /** One of the chemical works' accounts as it signs a permit. */
    record Signer(String username, String displayName, long enterprise, Long employee) implements Actor {
        public Jurisdiction jurisdiction() { return Jurisdiction.enterprise(enterprise, "本企业"); }
        public Long enterpriseId() { return enterprise; }
        public Long serviceOrgId() { return null; }
        public Long employeeId() { return employee; }
        public boolean can(String permission) { return true; }
    }

    private final JdbcClient jdbc;
    private final OrgStructure org;
    private final Certificates certificates;
    private final Permits permits;
    private final SafetyMeasures measures;
    private final Clock clock;

    DemoPermits(JdbcClient jdbc, OrgStructure org, Certificates certificates, Permits permits, SafetyMeasures measures, Clock clock) {
        this.jdbc = jdbc;
        this.org = org;
        this.certificates = certificates;
        this.permits = permits;
        this.measures = measures;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        DemoLoads.holdUntilCommit(jdbc);
        if (DemoLoads.loaded(jdbc, "permits")) return;
        long chem = jdbc.sql("select enterprise_id from user_account where username = 'ent_chem'").query(Long.class).single();
        Long tanks = jdbc.sql("select id from risk_point where enterprise_id = :e and name = '甲类储罐区（甲醇、甲苯）'")
                .param("e", chem).query(Long.class).optional().orElse(null);
        if (tanks == null) return; // the risk demo did not run
        Signer manager = signer("ent_chem", chem), tech = signer("chem_tech", chem), boss = signer("chem_boss", chem);
        var staff = org.employees(chem);
        Long guardian = signer("worker_chem", chem).employee();
        // An electrician of the roster also welds: the last one (the first holds the expiring 电工作业 certificate).
        List<Long> electricians = staff.stream().filter(e -> "电工".equals(e.jobTitle())).map(OrgStructure.Employee::id).toList();
        if (guardian == null || electricians.isEmpty()) {
            log.warn("Demo permits skipped: the chemical works has no linked worker account or no electrician");
            return;
        }
        long welder = electricians.get(electricians.size() - 1);
        List<Long> operators = staff.stream().filter(e -> "装卸操作工".equals(e.jobTitle()) || "罐区巡检工".equals(e.jobTitle()))
                .map(OrgStructure.Employee::id).toList();
        LocalDate today = LocalDate.now(clock);
        certificates.record(manager, new Certificates.Draft(welder, Certificates.Kind.SPECIAL_OPERATION, "焊接与热切割作业",
                "T321282199003153315", "泰州市应急管理局", today.minusYears(2), today.plusYears(4)));
        Instant now = clock.instant();

        // 1. Open: 一级 动火 on the pipe rack by the tank farm (管廊上的动火按一级管理, 5.1.3), outside the fire dike.
        long hot = permits.apply(manager, new Permits.Application(PermitKind.HOT_WORK, "一级",
                "甲类储罐区 T-103 出口管线管廊（防火堤外）", new BigDecimal("0.4200"), new BigDecimal("0.6100"), tanks, null,
                "T-103 出口管线 DN150 支架焊接加固", List.of(
                        new Permits.HazardLine("管线残存甲醇蒸气遇明火爆燃", "管线已吹扫置换，动火前及作业中持续检测可燃气体"),
                        new Permits.HazardLine("焊渣飞溅引燃周围可燃物", "清除 15 m 内可燃物，铺设防火毯，配备灭火器 2 具"),
                        new Permits.HazardLine("高处焊接坠落", "搭设合格脚手架，系挂安全带")),
                guardian, List.of(new Permits.WorkerLine(welder, null, WorkerRole.WELDER),
                        new Permits.WorkerLine(null, "江苏安建安装工程有限公司 辅助工 刘强", WorkerRole.WORKER)),
                null, "江苏安建安装工程有限公司", now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(5)), false, null, null, null,
                "罐区 NVR-02 通道 5", List.of()));
        analyse(manager, hot, now.minus(Duration.ofMinutes(12)), "T-103 出口管线动火点", List.of(
                new Permits.SampleDraft("甲醇", GasKind.COMBUSTIBLE, LelClass.HIGH, new BigDecimal("0.10"), null, null),
                new Permits.SampleDraft("氧气", GasKind.OXYGEN, null, new BigDecimal("20.9"), null, null)));
        confirmAll(manager, hot, PermitKind.HOT_WORK);
        String level = permits.find(manager.jurisdiction(), hot).level();
        permits.approve(permits.rules().approver(PermitKind.HOT_WORK, level) == PermitRules.Approver.TOP ? boss : tech, hot, "同意，严格落实监护和持续检测");
        permits.start(manager, hot);

        // 2. Closed: 储罐清罐 in T-106, a 受限空间 with its analyses before entry and during the work.
        long space = permits.apply(tech, new Permits.Application(PermitKind.CONFINED_SPACE, null, "甲类储罐区 T-106 内浮顶储罐（罐内）",
                new BigDecimal("0.4800"), new BigDecimal("0.5500"), tanks, null, "T-106 清罐后罐底检查及浮盘密封更换",
                List.of(new Permits.HazardLine("罐内残存甲苯蒸气中毒、爆燃", "加盲板隔离，蒸汽吹扫并强制通风，佩戴正压式空气呼吸器"),
                        new Permits.HazardLine("罐内缺氧窒息", "作业前及作业中每 2 小时分析氧含量，出入口专人监护")),
                guardian, operators.stream().limit(2).map(id -> new Permits.WorkerLine(id, null, WorkerRole.WORKER)).toList(),
                null, null, now.minus(Duration.ofHours(4)), now.plus(Duration.ofMinutes(30)), null, null, null, null, null, List.of()));
        analyse(manager, space, now.minus(Duration.ofMinutes(235)), "T-106 人孔内 1 m", List.of(
                new Permits.SampleDraft("氧气", GasKind.OXYGEN, null, new BigDecimal("19.1"), null, null),
                new Permits.SampleDraft("甲苯", GasKind.COMBUSTIBLE, LelClass.LOW, new BigDecimal("0.15"), null, null)));
        analyse(manager, space, now.minus(Duration.ofMinutes(200)), "T-106 人孔内 1 m（通风后复测）", List.of(
                new Permits.SampleDraft("氧气", GasKind.OXYGEN, null, new BigDecimal("20.6"), null, null),
                new Permits.SampleDraft("甲苯", GasKind.COMBUSTIBLE, LelClass.LOW, new BigDecimal("0.05"), null, null),
                new Permits.SampleDraft("硫化氢", GasKind.TOXIC, null, new BigDecimal("0"), new BigDecimal("10"), null)));
        analyse(manager, space, now.minus(Duration.ofMinutes(10)), "T-106 罐底中部", List.of(
                new Permits.SampleDraft("氧气", GasKind.OXYGEN, null, new BigDecimal("20.7"), null, null),
                new Permits.SampleDraft("甲苯", GasKind.COMBUSTIBLE, LelClass.LOW, new BigDecimal("0.04"), null, null)));
        confirmAll(manager, space, PermitKind.CONFINED_SPACE);
        permits.approve(manager, space, "同意");
        permits.start(manager, space);
        permits.complete(manager, space, "浮盘密封更换完毕，罐内工具、杂物已清出，人孔封闭");
        permits.close(manager, space);

        // 3. Cancelled: a 高处 job on the loading station canopy, called off for the wind.
        long height = permits.apply(manager, new Permits.Application(PermitKind.HEIGHT, null, "汽车装卸站罩棚顶部", null, null, tanks,
                null, "罩棚防雷引下线检修", List.of(new Permits.HazardLine("罩棚顶部坠落", "系挂双钩安全带，设置生命线")),
                guardian, List.of(new Permits.WorkerLine(null, "江苏安建安装工程有限公司 架子工 陈伟", WorkerRole.WORKER)),
                null, "江苏安建安装工程有限公司", now.plus(Duration.ofHours(2)), now.plus(Duration.ofHours(4)), null, null,
                new BigDecimal("9.5"), null, null, List.of()));
        permits.cancel(manager, height, "气象预报午后阵风 6 级以上，改期作业");

        // 4. The machinery works lifts a machine tool into its assembly shop (三级 吊装), applied for and waiting for approval.
        long mech = jdbc.sql("select enterprise_id from user_account where username = 'ent_mech'").query(Long.class).single();
        Long shop = jdbc.sql("select id from risk_point where enterprise_id = :e order by id limit 1").param("e", mech)
                .query(Long.class).optional().orElse(null);
        var mechStaff = org.employees(mech);
        if (shop != null && !mechStaff.isEmpty()) {
            permits.apply(signer("ent_mech", mech), new Permits.Application(PermitKind.LIFTING, null, "装配车间东跨",
                    null, null, shop, null, "数控龙门铣床床身就位吊装", List.of(new Permits.HazardLine("吊物坠落伤人", "设警戒区，吊物下方严禁站人")),
                    mechStaff.get(0).id(), List.of(new Permits.WorkerLine(null, "泰兴吊装服务队 司索工 马军", WorkerRole.WORKER)),
                    null, "泰兴吊装服务队", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)).plus(Duration.ofHours(3)), null, null,
                    null, new BigDecimal("18"), null, List.of()));
        }

        DemoLoads.markLoaded(jdbc, "permits", clock);
        log.info("Demo permits loaded");
    }

    private Signer signer(String username, long enterprise) {
        return jdbc.sql("select username, display_name, employee_id from user_account where username = :u").param("u", username)
                .query((rs, n) -> new Signer(rs.getString(1), rs.getString(2), enterprise, rs.getObject(3, Long.class))).single();
    }

    private void analyse(Signer who, long permit, Instant at, String place, List<Permits.SampleDraft> samples) {
        permits.recordAnalysis(who, permit, new Permits.AnalysisDraft(at, place, "质检中心 化验员 王敏", samples));
    }

    private void confirmAll(Signer who, long permit, PermitKind kind) {
        permits.confirmMeasures(who, permit, measures.of(kind).stream().map(i -> new Permits.Confirmation(i.code(), true)).toList());
    }
}
