package cn.shuangkong.demo;

import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.internal.RiskAssessments;
import cn.shuangkong.risk.internal.RiskDrafts;
import cn.shuangkong.risk.internal.RiskRegistry;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * A realistic risk register for the demo chemical works (江苏华泰化工有限公司, the enterprise of {@code ent_chem}) and a
 * few risk points elsewhere, so that regulators meet major risks. Built through the risk module's own services, so
 * the demo passes the same checks and sign-off as real data. Adds the chemical works' 技术负责人 {@code chem_tech} and
 * 主要负责人 {@code chem_boss}, the second and third signatures a risk assessment needs.
 */
@Component
@Profile("demo")
@Order(20)
class DemoRisks implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoRisks.class);

    private final JdbcClient jdbc;
    private final RiskRegistry registry;
    private final RiskAssessments assessments;
    private final OrgStructure structure;
    private final DemoPassword password;
    private final Clock clock;

    DemoRisks(JdbcClient jdbc, RiskRegistry registry, RiskAssessments assessments, OrgStructure structure,
              DemoPassword password, Clock clock) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.assessments = assessments;
        this.structure = structure;
        this.password = password;
        this.clock = clock;
    }

    /** Someone signing in the demo: only the username and name matter to the register. */
    record Signer(String username, String displayName) implements Actor {
        public Jurisdiction jurisdiction() { return Jurisdiction.platform(); }
        public Long enterpriseId() { return null; }
        public Long serviceOrgId() { return null; }
        public Long employeeId() { return null; }
        public boolean can(String permission) { return true; }
    }

    /** The three signatures of one enterprise. */
    record Signers(Signer analyst, Signer reviewer, Signer approver) { }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        DemoLoads.holdUntilCommit(jdbc);
        long chem = jdbc.sql("select enterprise_id from user_account where username = 'ent_chem'").query(Long.class).single();
        if (!DemoLoads.loaded(jdbc, "risk")) {
            chemicalWorks(chem, chemSigners(chem));
            elsewhere();
            DemoLoads.markLoaded(jdbc, "risk", clock);
            log.info("Demo risk registers loaded");
        }
        if (!DemoLoads.loaded(jdbc, "risk-units")) {
            unitsAndWorksheets(chem);
            DemoLoads.markLoaded(jdbc, "risk-units", clock);
            log.info("Demo 风险分析单元 and SCL check items loaded");
        }
    }

    /**
     * The tank farm split into its 风险分析单元 (the tank group and the truck loading station, each with its own
     * responsible person) and the reactor's SCL check items, so that the unit layer and the worksheets show at once.
     */
    private void unitsAndWorksheets(long chem) {
        long tankFarm = unit(chem, "罐区");
        long synthesis = unit(chem, "合成车间");
        long tanks = pointNamed(chem, "甲类储罐区（甲醇、甲苯）");
        long tankGroup = jdbc.sql("select id from risk_unit where risk_point_id = :p order by id limit 1").param("p", tanks)
                .query(Long.class).single();
        registry.changeUnit(Jurisdiction.platform(), tankGroup, new RiskDrafts.UnitDraft("T-101～T-106 内浮顶储罐组",
                tankFarm, employeeOnPost(chem, "罐区巡检工")));
        long station = registry.addUnit(Jurisdiction.platform(), tanks, new RiskDrafts.UnitDraft("汽车装卸站",
                tankFarm, employeeOnPost(chem, "装卸操作工")));
        record Event(long id, Long stepId) { }
        jdbc.sql("select id, step_id from risk_event where risk_point_id = :p and name = '装卸车作业泄漏着火'").param("p", tanks)
                .query(Rows.of(Event.class)).optional()
                .ifPresent(ev -> registry.placeEvent(Jurisdiction.platform(), ev.id(), new RiskDrafts.Placement(station, ev.stepId())));

        long reactor = pointNamed(chem, "氯化反应釜 R-201");
        if (jdbc.sql("select count(*) from risk_step where risk_point_id = :p").param("p", reactor).query(Long.class).single() > 0) return;
        long interlock = registry.addStep(Jurisdiction.platform(), reactor, new RiskDrafts.StepDraft(null, "温度、压力与进料联锁",
                "超温、超压时自动切断氯气进料并启动紧急冷却；联锁不得随意摘除"));
        long seal = registry.addStep(Jurisdiction.platform(), reactor, new RiskDrafts.StepDraft(null, "搅拌轴机械密封",
                "密封无泄漏，冲洗液压力正常"));
        registry.addStep(Jurisdiction.platform(), reactor, new RiskDrafts.StepDraft(null, "爆破片与安全阀",
                "在校验有效期内，爆破片下游无物料"));
        long reactorUnit = jdbc.sql("select id from risk_unit where risk_point_id = :p order by id limit 1").param("p", reactor)
                .query(Long.class).single();
        registry.changeUnit(Jurisdiction.platform(), reactorUnit, new RiskDrafts.UnitDraft("氯化反应釜 R-201",
                synthesis, employeeOnPost(chem, "反应釜操作工")));
        for (var ev : jdbc.sql("select id, name from risk_event where risk_point_id = :p order by id").param("p", reactor)
                .query(Rows.pairs(Long.class, String.class)).entrySet()) {
            registry.placeEvent(Jurisdiction.platform(), ev.getKey(),
                    new RiskDrafts.Placement(reactorUnit, ev.getValue().contains("密封") ? seal : interlock));
        }
    }

    private long pointNamed(long enterprise, String name) {
        return jdbc.sql("select id from risk_point where enterprise_id = :e and name = :n order by id limit 1")
                .param("e", enterprise).param("n", name).query(Long.class).single();
    }

    private Signers chemSigners(long chem) {
        record Heads(String principalName, String safetyManagerName) { }
        Heads heads = jdbc.sql("select principal_name, safety_manager_name from enterprise where id = :e").param("e", chem)
                .query(Heads.class).single();
        String hash = password.hash();
        account("chem_tech", "沈国平（技术负责人）", chem, hash, "ENTERPRISE_SAFETY");
        account("chem_boss", heads.principalName() + "（主要负责人）", chem, hash, "ENTERPRISE_PRINCIPAL");
        return new Signers(new Signer("ent_chem", "陆海峰（安全科长）"), new Signer("chem_tech", "沈国平（技术负责人）"),
                new Signer("chem_boss", heads.principalName() + "（主要负责人）"));
    }

    private void chemicalWorks(long chem, Signers who) {
        long tankFarm = unit(chem, "罐区");
        long synthesis = unit(chem, "合成车间");
        long utilities = unit(chem, "公用工程车间");
        long tankInspector = employeeOnPost(chem, "罐区巡检工");
        long reactorOperator = employeeOnPost(chem, "反应釜操作工");
        long boilerMan = employeeOnPost(chem, "锅炉工");

        // 罐区: from the template, then adapted to the site — a major hazard source.
        var tanks = registry.copyTemplate(Jurisdiction.platform(), chem,
                new RiskDrafts.TemplateCopy("HAZCHEM_TANK_FARM", "甲类储罐区（甲醇、甲苯）", tankFarm, tankInspector));
        // 包保责任: the principal and the technical head are on the payroll but on no post; the operator is the inspector.
        long principal = structure.addEmployee(chem, null, who.approver().displayName().replace("（主要负责人）", ""), null, "总经理");
        long technical = structure.addEmployee(chem, null, "沈国平", null, "技术负责人");
        long operator = jdbc.sql("select employee_id from user_account where username = 'worker_chem'").query(Long.class).single();
        // chem_boss and chem_tech are these two people: linked, they record their own 包保 checks under their own names.
        jdbc.sql("update user_account set employee_id = :e where username = 'chem_boss'").param("e", principal).update();
        jdbc.sql("update user_account set employee_id = :e where username = 'chem_tech'").param("e", technical).update();
        registry.changePoint(Jurisdiction.platform(), tanks.id(), new RiskDrafts.PointDraft(tanks.code(), tanks.name(), "AREA",
                tankFarm, "厂区东北角，T-101～T-106 六台 2000 m³ 内浮顶罐", "{\"type\":\"Polygon\",\"coordinates\":[[[620,60],[860,60],[860,220],[620,220],[620,60]]]}",
                true, LocalDate.now(clock).plusMonths(10), principal, technical, operator));
        List<Long> tankEvents = eventIds(tanks.id());
        assess(who, tankEvents.get(0), "INHERENT", "LEC", Map.of("l", 6, "e", 6, "c", 40), "首次辨识：无独立高高液位联锁时");
        assess(who, tankEvents.get(0), "RESIDUAL", "LS", Map.of("l", 4, "s", 5), "SIS 联锁已投用，但近一年发生两次液位计故障");
        assess(who, tankEvents.get(1), "INHERENT", "LEC", Map.of("l", 3, "e", 6, "c", 40), "首次辨识");
        assess(who, tankEvents.get(1), "RESIDUAL", "LEC", Map.of("l", 1, "e", 6, "c", 40), "气体检测报警接入 DCS 后复评");
        assess(who, tankEvents.get(2), "RESIDUAL", "LS", Map.of("l", 2, "s", 5), "静电接地及防雷检测合格");
        assess(who, tankEvents.get(3), "RESIDUAL", "LEC", Map.of("l", 3, "e", 6, "c", 7), "装卸作业执行确认表");
        assess(who, tankEvents.get(4), "RESIDUAL", "MES", Map.of("m", 3, "e", 6, "s", 4), "泡沫系统和喷淋完好，已演练");

        // 储罐清罐: a confined-space job in the tank farm, copied from the 有限空间 template.
        var cleaning = registry.copyTemplate(Jurisdiction.platform(), chem,
                new RiskDrafts.TemplateCopy("CONFINED_SPACE", "储罐清罐作业（有限空间）", tankFarm, tankInspector));
        List<Long> cleaningEvents = eventIds(cleaning.id());
        assess(who, cleaningEvents.get(0), "RESIDUAL", "LEC", Map.of("l", 1, "e", 2, "c", 40), "执行作业审批和气体检测");
        assess(who, cleaningEvents.get(1), "RESIDUAL", "LS", Map.of("l", 2, "s", 4), "监护人持证");

        // 合成车间: a reactor, identified by hand (SCL of the equipment).
        var reactor = registry.createPoint(Jurisdiction.platform(), chem, new RiskDrafts.PointDraft(null,
                "氯化反应釜 R-201", "EQUIPMENT", synthesis, "合成车间二层", "{\"type\":\"Point\",\"coordinates\":[300,140]}",
                false, LocalDate.now(clock).plusMonths(6)));
        long runaway = registry.addEvent(Jurisdiction.platform(), reactor.id(), new RiskDrafts.EventDraft("反应失控超温超压",
                "冷却水中断或氯气进料过快，反应放热失控", "2101", List.of("17", "19"), "反应釜超压爆炸，氯气泄漏致人中毒"));
        long leak = registry.addEvent(Jurisdiction.platform(), reactor.id(), new RiskDrafts.EventDraft("机械密封泄漏",
                "搅拌轴机械密封磨损", "2206", List.of("19"), "有毒物料泄漏，操作人员中毒"));
        registry.addMeasure(Jurisdiction.platform(), reactor.id(), new RiskDrafts.MeasureDraft("ENGINEERING",
                "温度、压力与氯气进料切断阀联锁，设置紧急冷却和爆破片", null, synthesis, reactorOperator,
                "联锁投用状态、爆破片更换日期、冷却水流量", BigDecimal.ONE, "SHIFT", List.of(runaway)));
        registry.addMeasure(Jurisdiction.platform(), reactor.id(), new RiskDrafts.MeasureDraft("PPE",
                "操作人员配备防毒面具，现场设置洗眼器", "TEAM", synthesis, reactorOperator,
                "防毒面具滤毒罐有效期、洗眼器出水", BigDecimal.ONE, "WEEK", List.of(leak)));
        assess(who, runaway, "RESIDUAL", "LEC", Map.of("l", 3, "e", 6, "c", 15), "重点监管危险化工工艺，联锁完好");
        assess(who, leak, "RESIDUAL", "LS", Map.of("l", 3, "s", 3), "机封每季度检查");

        // 公用工程: a boiler, assessed low; and one fresh analysis still waiting for review, to show the sign-off.
        var boiler = registry.createPoint(Jurisdiction.platform(), chem, new RiskDrafts.PointDraft(null,
                "燃气蒸汽锅炉 B-01", "EQUIPMENT", utilities, "锅炉房", "{\"type\":\"Point\",\"coordinates\":[160,450]}", false, LocalDate.now(clock).plusMonths(11)));
        long overpressure = registry.addEvent(Jurisdiction.platform(), boiler.id(), new RiskDrafts.EventDraft("锅炉缺水超压",
                "水位计失灵、安全阀失效", "2101", List.of("16"), "锅炉爆炸"));
        registry.addMeasure(Jurisdiction.platform(), boiler.id(), new RiskDrafts.MeasureDraft("MANAGEMENT",
                "安全阀、压力表每年校验，司炉工持证上岗", null, utilities, boilerMan, "安全阀校验日期、水位计冲洗记录",
                BigDecimal.ONE, "DAY", List.of(overpressure)));
        assess(who, overpressure, "RESIDUAL", "LEC", Map.of("l", 1, "e", 6, "c", 7), "年度检验合格");
        assessments.submit(who.analyst(), overpressure, new RiskDrafts.AssessmentDraft("RESIDUAL", "LEC",
                decimals(Map.of("l", 3, "e", 6, "c", 7)), "水位计更换后复评"));
    }

    /** Major risks elsewhere in the city, and a lesser one in 新桥镇, so that each regulator sees its own. */
    private void elsewhere() {
        templatePoint("石化仓储有限公司", "储运部", "HAZCHEM_TANK_FARM", "码头罐区（汽油、柴油）", Map.of("l", 4, "s", 5));
        templatePoint("特钢有限公司", "煤气站", "METALLURGY_GAS", "转炉煤气柜及加压站", Map.of("l", 5, "s", 4));
        long mech = jdbc.sql("select enterprise_id from user_account where username = 'ent_mech'").query(Long.class).single();
        templatePoint(mech, "涂装车间", "CONFINED_SPACE", "喷漆房及地坑有限空间", Map.of("l", 3, "s", 3));
    }

    private void templatePoint(String nameSuffix, String workshop, String template, String name, Map<String, Integer> ls) {
        long enterprise = jdbc.sql("select id from enterprise where name like :n order by id limit 1")
                .param("n", "%" + nameSuffix).query(Long.class).single();
        templatePoint(enterprise, workshop, template, name, ls);
    }

    private void templatePoint(long enterprise, String workshop, String template, String name, Map<String, Integer> ls) {
        record Heads(String principalName, String safetyManagerName) { }
        Heads heads = jdbc.sql("select principal_name, safety_manager_name from enterprise where id = :e").param("e", enterprise)
                .query(Heads.class).single();
        Signers who = new Signers(new Signer("demo-analyst-" + enterprise, heads.safetyManagerName() + "（安全管理人员）"),
                new Signer("demo-reviewer-" + enterprise, "车间主任"),
                new Signer("demo-approver-" + enterprise, heads.principalName() + "（主要负责人）"));
        long unit = unit(enterprise, workshop);
        long person = structure.employees(enterprise).get(0).id();
        var point = registry.copyTemplate(Jurisdiction.platform(), enterprise, new RiskDrafts.TemplateCopy(template, name, unit, person));
        assess(who, eventIds(point.id()).get(0), "RESIDUAL", "LS", ls, "年度风险辨识评估");
    }

    private void assess(Signers who, long eventId, String basis, String method, Map<String, Integer> inputs, String reason) {
        long id = assessments.submit(who.analyst(), eventId, new RiskDrafts.AssessmentDraft(basis, method, decimals(inputs), reason));
        assessments.review(who.reviewer(), id);
        assessments.approve(who.approver(), id);
    }

    private static Map<String, BigDecimal> decimals(Map<String, Integer> inputs) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        inputs.forEach((k, v) -> out.put(k, BigDecimal.valueOf(v)));
        return out;
    }

    private List<Long> eventIds(long pointId) {
        return jdbc.sql("select id from risk_event where risk_point_id = :p order by id").param("p", pointId).query(Long.class).list();
    }

    private long unit(long enterprise, String name) {
        return structure.units(enterprise).stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow().id();
    }

    private long employeeOnPost(long enterprise, String post) {
        return structure.employees(enterprise).stream().filter(m -> post.equals(m.postName())).findFirst().orElseThrow().id();
    }

    private void account(String username, String name, long enterprise, String hash, String role) {
        long id = jdbc.sql("""
                insert into user_account (username, password_hash, display_name, kind, enterprise_id, demo)
                values (:u, :h, :n, 'ENTERPRISE', :e, true) returning id
                """).param("u", username).param("h", hash).param("n", name).param("e", enterprise).query(Long.class).single();
        jdbc.sql("insert into user_role (user_id, role_id) select :u, id from role where code = :r")
                .param("u", id).param("r", role).update();
    }
}
