package cn.shuangkong.demo;

import cn.shuangkong.alerting.internal.AlertEngine;
import cn.shuangkong.files.FileKind;
import cn.shuangkong.files.FileStore;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.publicreport.PublicReports;
import cn.shuangkong.risk.internal.RiskAssessments;
import cn.shuangkong.risk.internal.RiskDrafts;
import cn.shuangkong.risk.internal.RiskRegistry;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Actor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Demo for 预警, 走过场 and 群众举报: a 新桥镇 enterprise with a register made through the risk services, ten days of inspection
 * tasks half done and no hazard reported, and this morning's 走过场 — twelve tasks at three points ticked within a minute
 * and a half, each record in seconds, one photo used twice, one record 1.5 km from the point. Public reports in every
 * state. Then the rules run once, so that gov_city's alert centre and the evaluation ranking have a story at once.
 * Its own rows only: the chemical works and the machinery works that other demo parts and tests rely on are untouched.
 */
@Component
@Profile("demo")
@Order(60)
class DemoAlerts implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoAlerts.class);
    private static final String XINQIAO = "321282100";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final FileStore files;
    private final PublicReports reports;
    private final AlertEngine engine;
    private final RiskRegistry registry;
    private final RiskAssessments assessments;
    private final OrgStructure structure;
    private final Clock clock;

    DemoAlerts(JdbcClient jdbc, JdbcTemplate batch, FileStore files, PublicReports reports, AlertEngine engine, RiskRegistry registry,
               RiskAssessments assessments, OrgStructure structure, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.registry = registry;
        this.assessments = assessments;
        this.structure = structure;
        this.files = files;
        this.reports = reports;
        this.engine = engine;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        DemoLoads.holdUntilCommit(jdbc);
        if (DemoLoads.loaded(jdbc, "alerting")) return;
        if (jdbc.sql("select count(*) from user_account where username in ('gov_city', 'gov_town', 'ent_mech')").query(Long.class).single() < 3) return;
        long mech = jdbc.sql("select enterprise_id from user_account where username = 'ent_mech'").query(Long.class).single();
        List<Long> town = jdbc.sql("""
                select e.id from enterprise e where e.region_code = :r and e.id <> :m and e.status = 'OPERATING'
                   and not exists (select 1 from user_account a where a.enterprise_id = e.id)
                   and exists (select 1 from employee em where em.enterprise_id = e.id) order by e.id limit 2
                """).param("r", XINQIAO).param("m", mech).query(Long.class).list();
        if (town.size() < 2) return;
        formality(town.get(0));
        // Inside the load's one transaction although the scheduled engine may run at the same moment: every alert is an
        // upsert on the one-open-alert index (ADR 0084), so meeting it waits instead of aborting the load.
        engine.runAll();
        publicReports(town.get(1));
        DemoLoads.markLoaded(jdbc, "alerting", clock);
        log.info("Demo alerts, 走过场 case and public reports loaded");
    }

    private void formality(long enterprise) {
        long unit = jdbc.sql("select id from org_unit where enterprise_id = :e order by id limit 1").param("e", enterprise).query(Long.class).single();
        long employee = jdbc.sql("select id from employee where enterprise_id = :e order by id limit 1").param("e", enterprise).query(Long.class).single();
        String name = jdbc.sql("select name from employee where id = :id").param("id", employee).query(String.class).single();
        String inspector = "xq_patrol";
        long[] points = registerOf(enterprise, unit, employee);
        long compressor = points[0], waste = points[1], power = points[2];
        String[][] checks = CHECKS;
        LocalDate today = LocalDate.now(clock);
        BigDecimal lat = new BigDecimal("32.015000"), lon = new BigDecimal("120.231000");
        List<List<Long>> todays = new ArrayList<>();
        // ten days of tasks per check, inserted per point as one batch with the ids single inserts would have had
        var taskIds = DemoLoads.reserveIds(jdbc, "inspection_task", java.util.Arrays.stream(checks).mapToInt(c -> c.length * 10).sum())
                .iterator();
        for (int p = 0; p < points.length; p++) {
            List<Long> open = new ArrayList<>();
            List<List<Long>> byDay = new ArrayList<>();
            List<Object[]> tasks = new ArrayList<>();
            for (int d = 0; d <= 9; d++) byDay.add(new ArrayList<>());
            for (int c = 0; c < checks[p].length; c++) {
                long measure = dailyChecks.get(p).get(c);
                for (int d = 9; d >= 0; d--) {
                    Instant start = today.minusDays(d).atStartOfDay(clock.getZone()).toInstant();
                    boolean done = d == 2 || d == 3 || d == 5 || d == 8;
                    String status = d == 0 ? "PENDING" : done ? "DONE" : "OVERDUE";
                    long task = taskIds.next();
                    tasks.add(new Object[] {task, enterprise, points[p], measure, start.toString(),
                            start.plus(Duration.ofDays(1)).toString(), status});
                    if (d == 0) open.add(task);
                    else if (done) byDay.get(d).add(task);
                }
            }
            // one statement, not a JDBC batch of one each: the task read models' statement triggers (V165, V225, V235,
            // V237) then run once per point instead of once per task, ≈ 4 ms of the database's time each (ADR 0053)
            jdbc.sql("""
                    insert into inspection_task (id, enterprise_id, risk_point_id, measure_id, period_start, due_at, status)
                    overriding system value
                    select t.id, t.enterprise_id, t.risk_point_id, t.measure_id, t.period_start, t.due_at, t.status
                      from unnest(cast(:ids as bigint[]), cast(:enterprises as bigint[]), cast(:points as bigint[]),
                                  cast(:measures as bigint[]), cast(:starts as timestamptz[]), cast(:dues as timestamptz[]),
                                  cast(:statuses as text[]))
                           with ordinality as t(id, enterprise_id, risk_point_id, measure_id, period_start, due_at, status, n)
                     order by t.n""")
                    .param("ids", column(tasks, 0, Long[]::new)).param("enterprises", column(tasks, 1, Long[]::new))
                    .param("points", column(tasks, 2, Long[]::new)).param("measures", column(tasks, 3, Long[]::new))
                    .param("starts", column(tasks, 4, String[]::new)).param("dues", column(tasks, 5, String[]::new))
                    .param("statuses", column(tasks, 6, String[]::new)).update();
            todays.add(open);
            // honest rounds on the days that were done: four to six minutes on site, within a few metres of the point
            for (int d = 9; d >= 1; d--) {
                if (byDay.get(d).isEmpty()) continue;
                Instant submitted = today.minusDays(d).atTime(9, 10 + p * 12).atZone(clock.getZone()).toInstant();
                record(enterprise, points[p], inspector, name, submitted.minus(Duration.ofMinutes(5)), submitted,
                        lat.add(BigDecimal.valueOf(p * 0.0002)), lon, byDay.get(d), List.of());
            }
        }
        // this morning: all twelve tasks at three points within 85 seconds, one photo twice, the last far away
        Instant burst = clock.instant().minus(Duration.ofMinutes(40));
        byte[] picture = DemoLoads.photo("patrol-compressor-room.png");
        var patrol = new DemoRisks.Signer(inspector, name);
        long photoA = as(patrol, () -> files.store(patrol, enterprise, FileKind.Purpose.PHOTO, "IMG_20260301_0912.jpg", picture).id());
        long photoB = as(patrol, () -> files.store(patrol, enterprise, FileKind.Purpose.PHOTO, "IMG_20260301_0912.jpg", picture).id());
        record(enterprise, compressor, inspector, name, burst.minusSeconds(12), burst, lat, lon, todays.get(0), List.of(photoA));
        record(enterprise, waste, inspector, name, burst.plusSeconds(30), burst.plusSeconds(41), lat.add(new BigDecimal("0.0002")), lon,
                todays.get(1), List.of(photoB));
        record(enterprise, power, inspector, name, burst.plusSeconds(75), burst.plusSeconds(85),
                lat.add(new BigDecimal("0.0140")).setScale(6, RoundingMode.HALF_UP), lon, todays.get(2), List.of());
    }

    /** What the daily rounds at 空压机房, 危废暂存间 and 配电房 check: one 管控措施 each. */
    private static final String[][] CHECKS = {
            {"储气罐安全阀铅封及校验标签", "压力表在检定有效期内", "排污阀定期排水", "机房通风及地面无油污"},
            {"危废分类存放、标签齐全", "防渗漏托盘完好", "台账与实物一致", "灭火器压力正常"},
            {"配电柜门关闭、无杂物", "绝缘垫完好", "应急照明有效", "电缆沟盖板齐全"}};

    /** The daily-check measures of the three points, in the order of {@link #CHECKS}. */
    private final List<List<Long>> dailyChecks = new ArrayList<>();

    /**
     * The enterprise's register, made as an enterprise makes it (point → event → measures → three signatures), so that
     * it obeys the platform's own rules — except for two deliberate 数据质量 findings the demo shows: the 喷涂车间's
     * solvent-storage measure gives only “同上” as its inspection content, and the 配电房's insulation-mat check is still
     * held by an electrician who left last month. Returns the 空压机房, 危废暂存间 and 配电房 ids.
     */
    private long[] registerOf(long enterprise, long unit, long employee) {
        var scope = Jurisdiction.platform();
        var who = new DemoRisks.Signers(new DemoRisks.Signer("demo-analyst-" + enterprise, "安全管理员"),
                new DemoRisks.Signer("demo-reviewer-" + enterprise, "生产部经理"),
                new DemoRisks.Signer("demo-approver-" + enterprise, "主要负责人"));
        LocalDate due = LocalDate.now(clock).plusMonths(11);
        var paint = registry.createPoint(scope, enterprise, new RiskDrafts.PointDraft("FXD-001", "喷涂车间（有机溶剂）", "AREA", unit,
                "厂区西侧喷涂车间", null, false, due));
        long fire = registry.addEvent(scope, paint.id(), new RiskDrafts.EventDraft("喷漆作业溶剂蒸气爆燃",
                "喷漆房通风不良，稀释剂蒸气积聚遇非防爆电气火花或静电", "2203", List.of("08", "18"), "喷漆房火灾、爆燃，人员烧伤"));
        registry.addMeasure(scope, paint.id(), new RiskDrafts.MeasureDraft("ENGINEERING",
                "喷漆房设机械排风和可燃气体报警，报警与排风机联锁；电气设备防爆", "COMPANY", unit, employee,
                "排风机运行、可燃气体报警器在检定有效期内且联锁有效、防爆电气完好", BigDecimal.ONE, "WEEK", List.of(fire)));
        registry.addMeasure(scope, paint.id(), new RiskDrafts.MeasureDraft("MANAGEMENT",
                "涂料、稀释剂按班领用，车间内存放不超过一昼夜用量", null, unit, employee, "同上", BigDecimal.ONE, "DAY", List.of(fire)));
        assess(who, fire, "INHERENT", "LEC", Map.of("l", 6, "e", 6, "c", 15), "首次辨识：无排风联锁时");
        assess(who, fire, "RESIDUAL", "LS", Map.of("l", 4, "s", 5), "排风联锁已投用，但溶剂存量大、作业人员多，一旦爆燃可致多人伤亡");

        // the electrician who held the insulation-mat check left last month; nobody has taken the check over yet
        long electrician = structure.addEmployee(enterprise, null, "缪国平", null, "电工");
        String[][] points = {
                {"FXD-002", "空压机房", "储气罐超压爆炸", "安全阀失效、压力表失准，储气罐超压", "2101", "17", "储气罐爆炸，周边人员伤亡", "3", "3"},
                {"FXD-003", "危废暂存间", "废溶剂泄漏着火", "废溶剂桶破损泄漏，遇明火或静电", "2203", "08", "火灾，有毒烟气致人中毒", "3", "5"},
                {"FXD-004", "配电房", "配电柜触电", "绝缘垫破损、柜门敞开，带电部位外露", "2103", "05", "触电", "2", "3"}};
        long[] ids = new long[points.length];
        for (int p = 0; p < points.length; p++) {
            String[] x = points[p];
            var point = registry.createPoint(scope, enterprise, new RiskDrafts.PointDraft(x[0], x[1], "AREA", unit, "厂区", null, false, due));
            long event = registry.addEvent(scope, point.id(), new RiskDrafts.EventDraft(x[2], x[3], x[4], List.of(x[5]), x[6]));
            List<Long> measures = new ArrayList<>();
            for (String check : CHECKS[p]) {
                long responsible = check.equals("绝缘垫完好") ? electrician : employee;
                measures.add(registry.addMeasure(scope, point.id(), new RiskDrafts.MeasureDraft("MANAGEMENT", "每日检查：" + check,
                        null, unit, responsible, check, BigDecimal.ONE, "DAY", List.of(event))));
            }
            dailyChecks.add(measures);
            assess(who, event, "RESIDUAL", "LS", Map.of("l", Integer.parseInt(x[7]), "s", Integer.parseInt(x[8])), "年度风险辨识评估");
            ids[p] = point.id();
        }
        structure.recordLeaving(enterprise, electrician, LocalDate.now(clock).minusDays(25));
        return ids;
    }

    private void assess(DemoRisks.Signers who, long eventId, String basis, String method, Map<String, Integer> inputs, String reason) {
        Map<String, BigDecimal> values = new java.util.LinkedHashMap<>();
        inputs.forEach((k, v) -> values.put(k, BigDecimal.valueOf(v)));
        long id = assessments.submit(who.analyst(), eventId, new RiskDrafts.AssessmentDraft(basis, method, values, reason));
        assessments.review(who.reviewer(), id);
        assessments.approve(who.approver(), id);
    }

    private void record(long enterprise, long point, String inspector, String name, Instant checkedIn, Instant submitted,
                        BigDecimal lat, BigDecimal lon, List<Long> tasks, List<Long> photos) {
        long checkin = jdbc.sql("insert into inspection_checkin (risk_point_id, username, at, via) values (:p, :u, :at, 'QR') returning id")
                .param("p", point).param("u", inspector).param("at", Timestamp.from(checkedIn)).query(Long.class).single();
        long record = jdbc.sql("""
                insert into inspection_record (enterprise_id, risk_point_id, checkin_id, inspector, inspector_name, checked_in_at,
                                               submitted_at, latitude, longitude)
                values (:e, :p, :c, :u, :n, :in, :at, :lat, :lon) returning id
                """).param("e", enterprise).param("p", point).param("c", checkin).param("u", inspector).param("n", name)
                .param("in", Timestamp.from(checkedIn)).param("at", Timestamp.from(submitted)).param("lat", lat).param("lon", lon)
                .query(Long.class).single();
        List<Object[]> answers = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            answers.add(new Object[] {record, tasks.get(i), i < photos.size() ? photos.get(i) : null});
        }
        // as answer → task, one after the other per task as a submission does, but the answers as one batch
        batch.batchUpdate("insert into inspection_answer (record_id, task_id, result, photo_id, photo_reused) values (?, ?, 'NORMAL', ?, false)",
                answers, answers.size(), (ps, row) -> {
                    ps.setLong(1, (Long) row[0]);
                    ps.setLong(2, (Long) row[1]);
                    ps.setObject(3, row[2], java.sql.Types.BIGINT);
                });
        // the tasks of one record in one statement (the task read models' triggers once, as for the inserts above)
        jdbc.sql("update inspection_task set status = 'DONE', done_at = :at, record_id = :r where id = any(:ids)")
                .param("at", Timestamp.from(submitted)).param("r", record).param("ids", tasks.toArray(Long[]::new)).update();
    }

    /** Column {@code c} of {@code rows}, as an array for {@code unnest}. */
    private static <T> T[] column(List<Object[]> rows, int c, java.util.function.IntFunction<T[]> array) {
        return rows.stream().map(row -> row[c]).toArray(array);
    }

    private void publicReports(long enterprise) {
        // the handling department is looked up by account, so these signers act as 市应急管理局 and 新桥镇安监办
        var city = new DemoRisks.Signer("gov_city", "周卫东（市应急管理局）");
        var town = new DemoRisks.Signer("gov_town", "季春林（新桥镇安监办）");
        long townDept = jdbc.sql("select department_id from user_account where username = 'gov_town'").query(Long.class).single();
        String binjiang = "321282401";
        as(city, () -> file("东环路一家五金店门口堆放十几桶稀释剂，旁边就是烧烤摊", "新桥镇东环路 66 号", XINQIAO, "demo-1", null, null));
        String assigned = as(city, () -> file("纬二路一家工厂夜里一直在院子里切割焊接，火星溅到围墙外的草堆上", "新桥镇工业园纬二路北侧",
                XINQIAO, "demo-2", "刘先生", "13951100001"));
        as(city, () -> reports.assign(city, idOf(assigned), townDept, null, "请新桥镇安监办三日内现场核查"));
        String verified = as(city, () -> file("园区里一家企业的消防通道被成品货架堵住了，叉车都过不去", "新桥镇工业园经三路 9 号",
                XINQIAO, "demo-3", null, "13951100002"));
        as(city, () -> reports.assign(city, idOf(verified), townDept, enterprise, null));
        as(town, () -> reports.verify(town, idOf(verified), true, enterprise, "现场查看，成品仓库东侧消防通道被货架占用约 6 米"));
        String converted = as(city, () -> file("厂区配电房门一直敞开，里面堆了纸箱和拖把，地上有积水", "新桥镇工业园经三路 9 号 配电房",
                XINQIAO, "demo-4", "赵女士", "13951100003"));
        as(city, () -> reports.assign(city, idOf(converted), townDept, enterprise, null));
        as(town, () -> reports.verify(town, idOf(converted), true, enterprise, "情况属实：配电房内堆放杂物、地面积水，未设挡鼠板"));
        as(town, () -> reports.convert(town, idOf(converted), "配电房堆放杂物、地面积水"));
        as(town, () -> reports.reward(town, idOf(converted), new BigDecimal("300"), "按《安全生产领域举报奖励办法》，电话通知领取"));
        String unfounded = as(city, () -> file("听说有家厂晚上偷偷生产烟花", "新桥镇西郊", XINQIAO, "demo-5", null, null));
        as(city, () -> reports.assign(city, idOf(unfounded), townDept, null, null));
        as(town, () -> reports.verify(town, idOf(unfounded), false, null, "夜间两次暗访西郊各企业，未发现非法生产烟花爆竹"));
        String rejected = as(city, () -> file("小区楼下广场舞音响太吵", "滨江新区某小区", binjiang, "demo-6", null, null));
        as(city, () -> reports.reject(city, idOf(rejected), "不属于安全生产事项，请向12345热线反映"));
    }

    private String file(String content, String location, String region, String client, String name, String phone) {
        return reports.submit(new PublicReports.Submission(content, location, region, name, phone, List.of()), client).code();
    }

    private long idOf(String code) {
        return jdbc.sql("select id from public_report where code = :c").param("c", code).query(Long.class).single();
    }

    private <T> T as(Actor who, Supplier<T> step) {
        var context = SecurityContextHolder.getContext();
        var before = context.getAuthentication();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(who.username(), null, List.of()));
        try {
            return step.get();
        } finally {
            context.setAuthentication(before);
        }
    }
}
