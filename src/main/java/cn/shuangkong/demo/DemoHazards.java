package cn.shuangkong.demo;

import cn.shuangkong.hazard.Hazard;
import cn.shuangkong.hazard.internal.HazardDeadlines;
import cn.shuangkong.hazard.HazardLevel;
import cn.shuangkong.hazard.HazardPhotos.Upload;
import cn.shuangkong.hazard.HazardRegister;
import cn.shuangkong.hazard.HazardRegister.GradingInput;
import cn.shuangkong.hazard.HazardReport;
import cn.shuangkong.hazard.HazardSource;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.hazard.internal.RemediationPlan;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Demo hazards in every state of the loop across the demo enterprises — a supervised 重大隐患 at the chemical works,
 * overdue ones, a 随手拍 waiting for confirmation — registered and moved through the real {@link HazardRegister}, so
 * that each carries a true timeline. Loaded once, after the demo city.
 */
@Component
@Profile("demo")
@Order(30)
class DemoHazards implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoHazards.class);
    private static final Set<String> ENTERPRISE_PERMISSIONS = Set.of("hazard:register:read", "hazard:register:write",
            "hazard:report", "hazard:rectify", "hazard:accept");

    private final JdbcClient jdbc;
    private final HazardRegister register;
    private final HazardDeadlines deadlines;
    private final Clock clock;
    private static final String FOUND = "found", FIXED = "fixed";
    private int photoSerial;

    DemoHazards(JdbcClient jdbc, HazardRegister register, HazardDeadlines deadlines, Clock clock) {
        this.jdbc = jdbc;
        this.register = register;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    /** A demo person acting through the service as they would on a page, with their role's hazard permissions. */
    private record Person(String username, String displayName, Jurisdiction jurisdiction, Long enterpriseId,
                          Set<String> permissions) implements Actor {
        public Long serviceOrgId() { return null; }
        public Long employeeId() { return null; }
        public boolean can(String permission) { return permissions.contains(permission); }
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        DemoLoads.holdUntilCommit(jdbc);
        if (DemoLoads.loaded(jdbc, "hazard")) {
            return;
        }
        if (jdbc.sql("select count(*) from user_account where username = 'ent_chem'").query(Long.class).single() == 0) {
            return; // no demo city, nothing to hang hazards on
        }
        long chemId = enterpriseOf("ent_chem"), mechId = enterpriseOf("ent_mech");
        Person chem = enterprisePerson("ent_chem", chemId, ENTERPRISE_PERMISSIONS);
        Person worker = enterprisePerson("worker_chem", chemId, Set.of("hazard:register:read", "hazard:report", "hazard:rectify"));
        Person mech = enterprisePerson("ent_mech", mechId, ENTERPRISE_PERMISSIONS);
        String cityRegion = jdbc.sql("select d.region_code from user_account a join department d on d.id = a.department_id where a.username = 'gov_city'")
                .query(String.class).single();
        // Hazards found in 执法检查 are registered by the regulator (as the supervision module will do for its findings).
        Person city = new Person("gov_city", "市应急管理局", Jurisdiction.regulator(cityRegion, List.of(), "靖江市"), null,
                Set.of("hazard:register:read", "hazard:register:write", "hazard:supervise"));
        LocalDate today = LocalDate.now(clock);
        // Hazards found at the chemical works' risk points, with the control measure that failed where there is one:
        // the tank farm's failed gas detection flags it for re-assessment, and its fourth 物的不安全状态 within 90 days
        // (the eyewash snapshot) is marked 重复.
        Long tankFarm = point(chemId, "甲类储罐区%"), reactor = point(chemId, "氯化反应釜%");
        Link gasDetection = new Link(tankFarm, measure(tankFarm, "%可燃%"));
        Link grounding = new Link(tankFarm, measure(tankFarm, "%静电%"));
        Link reliefValve = new Link(reactor, measure(reactor, "%安全阀%"));
        Link atTankFarm = new Link(tankFarm, null);

        // 化工: a 重大隐患 under 挂牌督办, with its 治理方案 under way
        Hazard major = as(chem, () -> found(chem, HazardSource.SELF_CHECK, HazardType.UNSAFE_CONDITION, "2号罐区可燃气体检测报警器失效",
                "2号罐区（甲醇储罐 T-201~T-204）4 台可燃气体检测报警器中 3 台标定过期、现场测试不报警，DCS 无报警信号。",
                "2号罐区 T-201~T-204", new GradingInput(HazardLevel.MAJOR, "CHEM-2017-12", null), 9, gasDetection));
        as(city, () -> register.supervise(city, major.id(), "靖应急督〔2026〕12号", "市级", today.plusDays(30)));
        as(chem, () -> register.assign(chem, major.id(), new RemediationPlan("worker_chem",
                "更换 3 台失效探头并全部重新标定；报警信号接入 DCS 并做联锁测试；建立月度标定台账。",
                new BigDecimal("48000"), today.plusDays(20), "整改期间每 2 小时便携式检测仪巡检一次，罐区动火作业全部暂停，设置警戒区。")));

        // 化工: 一般隐患 overdue, due soon, waiting for acceptance, closed, fixed on the spot, and a 随手拍 to confirm
        Hazard late = as(chem, () -> found(chem, HazardSource.SELF_CHECK, HazardType.UNSAFE_CONDITION, "装卸站台静电接地夹损坏",
                "甲醇装卸站台 2 号鹤位静电接地夹弹簧失效，夹持不牢。", "甲醇装卸站台 2 号鹤位", GradingInput.general(), 12, grounding));
        as(chem, () -> register.assign(chem, late.id(), new RemediationPlan("worker_chem", "更换静电接地夹并检测接地电阻",
                new BigDecimal("600"), today, null)));
        backdateDeadline(late.id(), today.minusDays(4));

        Hazard soon = as(chem, () -> found(chem, HazardSource.SELF_CHECK, HazardType.MANAGEMENT, "动火作业票签发不规范",
                "抽查 3 张一级动火作业票，2 张未附气体分析记录。", "安全环保部", GradingInput.general(), 3));
        as(chem, () -> register.assign(chem, soon.id(), new RemediationPlan("ent_chem", "组织作业票签发人培训，复查本月全部作业票",
                null, today.plusDays(2), null)));

        Hazard rectified = as(chem, () -> found(chem, HazardSource.THIRD_PARTY, HazardType.UNSAFE_CONDITION, "反应釜安全阀铅封缺失",
                "R-201 反应釜安全阀铅封缺失，校验标签过期。", "合成车间 R-201", GradingInput.general(), 15, reliefValve));
        as(chem, () -> register.assign(chem, rectified.id(), new RemediationPlan("worker_chem", "安全阀送检并重新铅封",
                new BigDecimal("1200"), today.plusDays(7), null)));
        as(worker, () -> register.complete(worker, rectified.id(), "安全阀已送检合格，重新铅封并更新校验标签。", photo(FIXED)));

        Hazard closed = as(chem, () -> found(chem, HazardSource.SELF_CHECK, HazardType.MANAGEMENT, "消防通道堆放空桶",
                "成品仓库东侧消防通道堆放空桶约 20 只。", "成品仓库东侧", GradingInput.general(), 20));
        as(chem, () -> register.assign(chem, closed.id(), new RemediationPlan("worker_chem", "清理空桶至指定堆放区，划线标识",
                null, today.plusDays(3), null)));
        as(worker, () -> register.complete(worker, closed.id(), "已清理并划线。", photo(FIXED)));
        as(chem, () -> register.accept(chem, closed.id(), true, "现场复核通道畅通"));

        Hazard spot = as(worker, () -> found(worker, HazardSource.SNAPSHOT, HazardType.UNSAFE_CONDITION, "配电箱门未上锁",
                "机修间配电箱门敞开未上锁。", "机修间", GradingInput.general(), 2));
        as(chem, () -> register.confirm(chem, spot.id(), GradingInput.general()));
        as(worker, () -> register.fixOnSpot(worker, spot.id(), "已上锁并张贴警示标识", photo(FIXED)));

        as(worker, () -> found(worker, HazardSource.SNAPSHOT, HazardType.UNSAFE_CONDITION, "紧急洗眼器无水",
                "罐区北侧紧急洗眼器打开后无水流出，疑似阀门关闭或管道冻堵。", "罐区北侧洗眼器", GradingInput.general(), 0, atTankFarm));

        // a history of closed ones, so that the figures read like a working enterprise's
        String[][] history = {
                {"中控室门禁失效", "中控室门禁读卡器损坏，外来人员可随意进入。", "中控室"},
                {"氮气软管老化龟裂", "合成车间氮气置换用软管表面龟裂。", "合成车间"},
                {"罐区呼吸阀阻火器锈蚀", "T-103 呼吸阀阻火器锈蚀，开启不灵活。", "罐区 T-103"}};
        for (String[] f : history) {
            Hazard done = as(chem, () -> found(chem, HazardSource.SELF_CHECK, HazardType.UNSAFE_CONDITION, f[0], f[1], f[2], GradingInput.general(), 30,
                    f[2].startsWith("罐区") ? atTankFarm : Link.NONE));
            as(chem, () -> register.assign(chem, done.id(), new RemediationPlan("worker_chem", "更换 / 整改并复查", null, today.plusDays(5), null)));
            as(worker, () -> register.complete(worker, done.id(), "已整改完毕", photo(FIXED)));
            as(chem, () -> register.accept(chem, done.id(), true, "复查合格"));
        }

        // 机械: a 工贸 重大隐患 overdue, and 一般 ones in other states
        Hazard dust = as(mech, () -> found(mech, HazardSource.SELF_CHECK, HazardType.UNSAFE_CONDITION, "抛光除尘系统未设泄爆装置",
                "铝件抛光工段干式除尘器未设泄爆、隔爆装置，除尘管道积尘严重。", "抛光工段除尘器", new GradingInput(HazardLevel.MAJOR, "GM-2023-第十一条(10项)", null), 18));
        as(mech, () -> register.assign(mech, dust.id(), new RemediationPlan("ent_mech", "加装泄爆片和无焰泄爆装置，清理管道积尘，建立清扫制度",
                new BigDecimal("65000"), today, "停用抛光工段直至整改完成")));
        backdateDeadline(dust.id(), today.minusDays(2));
        as(mech, () -> found(mech, HazardSource.SELF_CHECK, HazardType.UNSAFE_CONDITION, "砂轮机防护罩缺失",
                "机加工车间 3 号砂轮机防护罩缺失。", "机加工车间 3 号砂轮机", GradingInput.general(), 1));
        as(mech, () -> found(mech, HazardSource.GRID_PATROL, HazardType.UNSAFE_ACT, "叉车司机未系安全带",
                "网格员巡查发现厂内叉车司机作业时未系安全带。", "成品装卸区", GradingInput.general(), 5));

        // other enterprises: findings of 执法检查 waiting for the enterprise to act
        List<Long> others = jdbc.sql("select id from enterprise where id not in (:a, :b) order by id limit 3")
                .param("a", chemId).param("b", mechId).query(Long.class).list();
        String[][] findings = {
                {"应急照明灯不亮", "车间疏散通道应急照明灯 4 盏不亮。", "生产车间疏散通道"},
                {"有限空间未设警示标识", "污水池有限空间入口未设置警示标识，未建立台账。", "污水处理站"},
                {"安全培训记录不全", "新入职员工三级安全教育记录缺失。", "人事部"}};
        for (int i = 0; i < others.size(); i++) {
            long enterprise = others.get(i);
            String[] f = findings[i];
            as(city, () -> register.register(city, enterprise, new HazardReport(HazardSource.ENFORCEMENT,
                    HazardType.MANAGEMENT, null, f[0], f[1], f[2], clock.instant().minus(Duration.ofDays(6)), null),
                    GradingInput.general(), null).hazard());
        }

        var sweep = deadlines.sweep(); // marks the overdue ones and escalates them, as the scheduler would
        DemoLoads.markLoaded(jdbc, "hazard", clock);
        log.info("Demo hazards loaded; {} overdue escalated", sweep.escalated());
    }

    /** Where a demo hazard was found: a risk point and the control measure that failed, when there is one. */
    private record Link(Long riskPoint, Long measure) {
        static final Link NONE = new Link(null, null);
    }

    private Hazard found(Person who, HazardSource source, HazardType type, String title, String description, String location,
                         GradingInput grading, int daysAgo) {
        return found(who, source, type, title, description, location, grading, daysAgo, Link.NONE);
    }

    private Hazard found(Person who, HazardSource source, HazardType type, String title, String description, String location,
                         GradingInput grading, int daysAgo, Link link) {
        return register.register(who, who.enterpriseId(), new HazardReport(source, type, link.riskPoint(), title, description, location,
                clock.instant().minus(Duration.ofDays(daysAgo)), null, link.measure()), grading, photo(FOUND)).hazard();
    }

    private Long point(long enterpriseId, String namePattern) {
        return jdbc.sql("select id from risk_point where enterprise_id = :e and name like :n order by id limit 1")
                .param("e", enterpriseId).param("n", namePattern).query(Long.class).optional().orElse(null);
    }

    private Long measure(Long riskPoint, String pattern) {
        return riskPoint == null ? null : jdbc.sql("""
                select id from control_measure where risk_point_id = :p and (check_content like :q or description like :q) order by id limit 1
                """).param("p", riskPoint).param("q", pattern).query(Long.class).optional().orElse(null);
    }

    /** Demo overdue hazards need a past deadline, which the service rightly refuses; set it straight in the table. */
    private void backdateDeadline(long id, LocalDate deadline) {
        jdbc.sql("update hazard set deadline = :d where id = :id").param("d", deadline).param("id", id).update();
    }

    /** Runs a step as the person, so that the audit trail and the timeline name them instead of "system". */
    private <T> T as(Person who, Supplier<T> step) {
        return actingAs(who.username(), step);
    }

    /** Runs a demo step signed in as {@code username} (the other demo loaders use it too). */
    static <T> T actingAs(String username, Supplier<T> step) {
        var context = SecurityContextHolder.getContext();
        var before = context.getAuthentication();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(username, null, List.of()));
        try {
            return step.get();
        } finally {
            context.setAuthentication(before);
        }
    }

    private Person enterprisePerson(String username, long enterpriseId, Set<String> permissions) {
        return new Person(username, username, Jurisdiction.enterprise(enterpriseId, "本企业"), enterpriseId, permissions);
    }

    private long enterpriseOf(String username) {
        return jdbc.sql("select enterprise_id from user_account where username = :u").param("u", username).query(Long.class).single();
    }

    /** A distinct picture for each demo photo: red for a hazard as found, green for it fixed, numbered as taken. */
    private Upload photo(String state) {
        return Upload.of(DemoLoads.photo("hazard-%02d-%s.png".formatted(++photoSerial, state)));
    }
}
