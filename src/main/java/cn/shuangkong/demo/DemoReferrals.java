package cn.shuangkong.demo;

import cn.shuangkong.access.Accounts;
import cn.shuangkong.alerting.internal.AlertEngine;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.referral.Referrals;
import cn.shuangkong.supervision.EnforcementInspections;
import cn.shuangkong.supervision.EnforcementInspections.FindingInput;
import cn.shuangkong.supervision.internal.JointInspections;
import cn.shuangkong.shared.Actor;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
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
 * 部门抄告 demo: accounts of the city's 消防救援大队 (gov_fire) and 市场监管局 (gov_market), and three referrals by gov_city —
 * the verified public report of a blocked fire lane to 消防 (waiting), an enforcement finding about gas detectors past
 * their verification to 市场监管 (answered), and one to 消防 past its deadline (alerted as 抄告逾期未反馈).
 */
@Component
@Profile("demo")
@Order(65)
class DemoReferrals implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoReferrals.class);

    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final DemoPassword password;
    private final Referrals referrals;
    private final AlertEngine alerts;
    private final JointInspections joints;
    private final EnforcementInspections inspections;
    private final Clock clock;

    DemoReferrals(JdbcClient jdbc, Accounts accounts, DemoPassword password, Referrals referrals, AlertEngine alerts,
                  JointInspections joints, EnforcementInspections inspections, Clock clock) {
        this.joints = joints;
        this.inspections = inspections;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.password = password;
        this.referrals = referrals;
        this.alerts = alerts;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        DemoLoads.holdUntilCommit(jdbc);
        if (DemoLoads.loaded(jdbc, "referral")) return;
        long started = System.nanoTime();
        String hash = password.hash();
        long fire = department("靖江市消防救援大队");
        long market = department("靖江市市场监督管理局");
        account("gov_fire", "朱建军（市消防救援大队）", fire, hash);
        account("gov_market", "钱国平（市市场监管局）", market, hash);
        Actor city = as("gov_city"), fireman = as("gov_fire"), marketMan = as("gov_market");
        LocalDate today = LocalDate.now(clock);

        Long report = jdbc.sql("select id from public_report where content like '%消防通道被成品货架堵住%' and enterprise_id is not null")
                .query(Long.class).optional().orElse(null);
        if (report != null) {
            acting(city, () -> referrals.refer(city, Referrals.ItemKind.PUBLIC_REPORT, report, fire, today.plusDays(10),
                    "群众举报经新桥镇安监办核查属实：成品仓库东侧消防通道被货架占用约 6 米。消防通道属消防救援机构监督职责，请依法处理并反馈。"));
        }
        long detectors = finding("罐区可燃气体检测报警器超期未检定");
        var answered = acting(city, () -> referrals.refer(city, Referrals.ItemKind.FINDING, detectors, market, today.plusDays(15),
                "可燃气体检测报警器属强制检定的计量器具，请市场监管局督促企业送检并反馈检定情况。"));
        acting(marketMan, () -> referrals.accept(marketMan, answered.id()));
        acting(marketMan, () -> referrals.handle(marketMan, answered.id(),
                "已派计量检定人员到场，6 台可燃气体检测报警器中 5 台检定合格，1 台不合格已责令更换，企业已完成更换并送检合格。"));
        long hotWork = finding("动火作业未按规定办理作业票");
        var late = acting(city, () -> referrals.refer(city, Referrals.ItemKind.FINDING, hotWork, fire, today.plusDays(7),
                "检修现场动火未办作业票、未做气体分析，周边可燃物未清理，请消防救援大队一并检查该企业动火现场消防安全并反馈。"));
        // a referral sent twelve days ago with a week to answer: overdue now, so that 预警中心 shows the rule at work
        jdbc.sql("update referral set referred_at = :at, deadline = :dl where id = :id")
                .param("at", Timestamp.from(clock.instant().minus(Duration.ofDays(12)))).param("dl", today.minusDays(5))
                .param("id", late.id()).update();
        jdbc.sql("update referral_step set at = :at where referral_id = :id")
                .param("at", Timestamp.from(clock.instant().minus(Duration.ofDays(12)))).param("id", late.id()).update();
        alerts.runAll();
        jointInspection(city, fireman, marketMan, fire, market, today);

        DemoLoads.markLoaded(jdbc, "referral", clock);
        log.info("Demo referrals loaded in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    /** 联合执法 of a shopping centre by the city bureau (lead), the fire brigade and market supervision, each with its findings. */
    private void jointInspection(Actor city, Actor fireman, Actor marketMan, long fire, long market, LocalDate today) {
        long mall = jdbc.sql("select id from enterprise where industry_code = 'F5211' and status = 'OPERATING' order by id limit 1")
                .query(Long.class).single();
        LocalDate on = today.minusDays(2);
        var joint = acting(city, () -> joints.create(city, mall, on, "节前人员密集场所联合检查", List.of(fire, market)));
        part(city, joint.id(), mall, on, "周卫东、陈海峰", new Found("安全生产责任制未覆盖物业外包单位",
                "物业管理处", "《中华人民共和国安全生产法》第二十二条", 15));
        part(fireman, joint.id(), mall, on, "朱建军、顾海峰", new Found("三层东侧疏散通道被促销堆头占用",
                "三层东侧疏散走道", "《中华人民共和国消防法》第二十八条", 3));
        part(marketMan, joint.id(), mall, on, "钱国平、徐静", new Found("4 号自动扶梯定期检验合格标志超期",
                "一层中庭 4 号自动扶梯", "《中华人民共和国特种设备安全法》第四十条", 10));
    }

    /** One finding a department writes down in the joint inspection. */
    private record Found(String title, String location, String basis, int days) { }

    private void part(Actor who, long joint, long enterprise, LocalDate on, String inspectors, Found found) {
        acting(who, () -> {
            var x = inspections.create(who, enterprise, on, inspectors, "联合执法：节前人员密集场所联合检查", null, joint);
            inspections.addFinding(who, x.id(), new FindingInput(found.title(), found.title() + "。", found.location(),
                    HazardType.UNSAFE_CONDITION, false, null, found.basis(), LocalDate.now(clock).plusDays(found.days())));
            return inspections.issueOrder(who, x.id());
        });
    }

    private long department(String name) {
        return jdbc.sql("select id from department where name = :n").param("n", name).query(Long.class).single();
    }

    private long finding(String title) {
        return jdbc.sql("select id from enforcement_finding where title = :t order by id limit 1").param("t", title).query(Long.class).single();
    }

    private Actor as(String username) {
        return accounts.signedInAs(username);
    }

    /** The step runs as that person, so that the audit trail names them. */
    private static <T> T acting(Actor who, Supplier<T> step) {
        var context = SecurityContextHolder.getContext();
        var before = context.getAuthentication();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(who, null, List.of()));
        try {
            return step.get();
        } finally {
            context.setAuthentication(before);
        }
    }

    private void account(String username, String name, long department, String hash) {
        long id = jdbc.sql("""
                insert into user_account (username, password_hash, display_name, kind, department_id, demo)
                values (:u, :h, :n, 'REGULATOR', :d, true) returning id
                """).param("u", username).param("h", hash).param("n", name).param("d", department).query(Long.class).single();
        jdbc.sql("insert into user_role (user_id, role_id) select :u, id from role where code = 'REGULATOR'").param("u", id).update();
    }
}
