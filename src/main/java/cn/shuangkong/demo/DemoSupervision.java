package cn.shuangkong.demo;

import cn.shuangkong.access.Accounts;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.supervision.internal.Credit;
import cn.shuangkong.supervision.EnforcementInspections;
import cn.shuangkong.supervision.EnforcementInspections.FindingInput;
import cn.shuangkong.supervision.internal.EnforcementPlans;
import cn.shuangkong.supervision.internal.EnterpriseRatings;
import cn.shuangkong.supervision.internal.GridPatrols;
import cn.shuangkong.supervision.internal.LawEnforcers;
import cn.shuangkong.supervision.internal.RandomDraws;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
 * 政府监管 demo: law-enforcement staff of the city bureau and of 新桥镇, a grid worker (grid_xq) and a second city
 * regulator who approves (gov_lead); everyone's rating, this year's plan of the city bureau, one past 双随机 draw, one
 * enforcement inspection with findings and its 指令书, grid patrols, and one enterprise on the 黑名单 with a 约谈.
 * Uses enterprises other than ent_chem's and ent_mech's, whose rows other tests count on.
 */
@Component
@Profile("demo")
@Order(40)
class DemoSupervision implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSupervision.class);

    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final DemoPassword password;
    private final LawEnforcers enforcers;
    private final EnterpriseRatings ratings;
    private final EnforcementPlans plans;
    private final RandomDraws draws;
    private final EnforcementInspections inspections;
    private final GridPatrols patrols;
    private final Credit credit;
    private final Clock clock;

    DemoSupervision(JdbcClient jdbc, Accounts accounts, DemoPassword password, LawEnforcers enforcers,
                    EnterpriseRatings ratings, EnforcementPlans plans, RandomDraws draws, EnforcementInspections inspections,
                    GridPatrols patrols, Credit credit, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.password = password;
        this.enforcers = enforcers;
        this.ratings = ratings;
        this.plans = plans;
        this.draws = draws;
        this.inspections = inspections;
        this.patrols = patrols;
        this.credit = credit;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        DemoLoads.holdUntilCommit(jdbc);
        if (DemoLoads.loaded(jdbc, "supervision")) {
            return;
        }
        long started = System.nanoTime();
        long city = department("靖江市应急管理局");
        long town = department("新桥镇安全生产监督管理办公室");
        String hash = password.hash();
        account("gov_lead", "王建国（市应急管理局分管副局长）", "REGULATOR", city, null, hash, "REGULATOR");
        long grid = jdbc.sql("select id from grid where code = '321282100-G1'").query(Long.class).single();
        account("grid_xq", "沈玉梅（新桥镇第一网格员）", "GRID", null, grid, hash, "GRID_WORKER");
        jdbc.sql("insert into department_doc_prefix (department_id, prefix) values (:d, '新桥安监')").param("d", town).update();

        Actor govCity = as("gov_city");
        Actor govTown = as("gov_town");
        for (String[] f : new String[][] {{"周卫东", "32128201001"}, {"陈海峰", "32128201002"}, {"李建国", "32128201003"},
                {"王秀英", "32128201004"}, {"张志强", "32128201005"}, {"刘芳", "32128201006"}}) {
            enforcers.add(govCity, f[0], f[1]);
        }
        for (String[] f : new String[][] {{"季春林", "32128210001"}, {"缪建华", "32128210002"}, {"沈丽", "32128210003"}}) {
            enforcers.add(govTown, f[0], f[1]);
        }
        long chem2 = enterprise("C2614", "321282401", 1); // a chemical works of 滨江新区 other than ent_chem's
        long liJianguo = jdbc.sql("select id from law_enforcer where badge_no = '32128201003'").query(Long.class).single();
        enforcers.declareRelation(govCity, liJianguo, chem2, "配偶在该企业任职");

        ratings.recomputeAll("演示数据");
        int year = LocalDate.now(clock).getYear();
        plans.generate(govCity, year);

        // the demo's draw happened forty days ago, and its note names that day's quarter rather than a fixed one
        Instant drawnAt = clock.instant().minus(Duration.ofDays(40));
        LocalDate drawnOn = LocalDate.ofInstant(drawnAt, clock.getZone());
        String quarter = "一二三四".substring((drawnOn.getMonthValue() - 1) / 3, (drawnOn.getMonthValue() - 1) / 3 + 1);
        var draw = draws.draw(govCity, 6, 20260315L, null, drawnOn.getYear() + " 年第" + quarter + "季度双随机抽查");
        jdbc.sql("update random_draw set drawn_at = :t where id = :id").param("t", Timestamp.from(drawnAt)).param("id", draw.id()).update();

        var x = inspections.create(govCity, chem2, LocalDate.now(clock).minusDays(3), "周卫东、陈海峰",
                "检查了罐区、合成车间和特殊作业管理资料。", null);
        inspections.addFinding(govCity, x.id(), new FindingInput("动火作业未按规定办理作业票",
                "合成车间检修现场正在进行二级动火作业，现场无动火作业票，未进行可燃气体分析。", "合成车间二层检修平台",
                HazardType.UNSAFE_ACT, false, null, "《危险化学品企业特殊作业安全规范》GB 30871-2022 第 5.2.1 条",
                LocalDate.now(clock).plusDays(7)));
        inspections.addFinding(govCity, x.id(), new FindingInput("罐区可燃气体检测报警器超期未检定",
                "甲类储罐区 6 台可燃气体检测报警器检定有效期已过。", "甲类储罐区", HazardType.UNSAFE_CONDITION, false, null,
                "《石油化工可燃气体和有毒气体检测报警设计标准》GB/T 50493-2019 第 3.0.9 条", LocalDate.now(clock).plusDays(15)));
        inspections.issueOrder(govCity, x.id());

        long patrolled = enterprise("C3441", "321282100", 1); // a machinery works of 新桥镇 other than ent_mech's
        Actor gridWorker = as("grid_xq");
        patrols.record(gridWorker, patrolled, false, "检查了生产车间和仓库，消防器材完好。", null);
        patrols.record(gridWorker, patrolled, false, "装配车间配电箱前堆放包装箱，影响操作和散热。",
                new GridPatrols.Found("配电箱前堆放杂物", "装配车间东侧配电箱", HazardType.UNSAFE_CONDITION));
        patrols.record(gridWorker, patrolled, true, "回访：配电箱前杂物已清理，企业已整改。", null);

        long listed = enterprise("C3441", "321282100", 2);
        var entry = credit.propose(govCity, listed, "执法检查发现涂装车间喷漆房防爆电气和通风设施重大事故隐患，责令限期整改后逾期未整改，拒不执行指令书");
        credit.decide(as("gov_lead"), entry.id(), true, "同意列入，期满前不得享受评优评先");
        credit.record(govTown, listed, Credit.RecordKind.TALK, LocalDate.now(clock).minusDays(5), "重大事故隐患逾期未整改约谈",
                "约谈企业主要负责人，要求喷漆房立即停用整改，十日内书面报告整改情况。");
        credit.record(govCity, listed, Credit.RecordKind.NOTICE, LocalDate.now(clock).minusDays(2), "全市安全生产执法情况通报",
                "通报该企业拒不执行责令限期整改指令，已列入安全生产失信黑名单。");
        ratings.recomputeAll("演示数据");

        DemoLoads.markLoaded(jdbc, "supervision", clock);
        log.info("Demo supervision loaded in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    private Actor as(String username) {
        return accounts.signedInAs(username);
    }

    private long department(String name) {
        return jdbc.sql("select id from department where name = :n").param("n", name).query(Long.class).single();
    }

    /** The n-th (from 0) enterprise of an industry in a town, skipping the two demo enterprises with accounts. */
    private long enterprise(String industry, String town, int n) {
        return jdbc.sql("""
                select id from enterprise where industry_code = :i and region_code = :r and status = 'OPERATING'
                   and id not in (select enterprise_id from user_account where enterprise_id is not null)
                 order by id offset :n limit 1
                """).param("i", industry).param("r", town).param("n", n).query(Long.class).single();
    }

    private void account(String username, String name, String kind, Long department, Long grid, String hash, String role) {
        long id = jdbc.sql("""
                insert into user_account (username, password_hash, display_name, kind, department_id, grid_id, demo)
                values (:u, :h, :n, :k, :d, :g, true) returning id
                """).param("u", username).param("h", hash).param("n", name).param("k", kind).param("d", department)
                .param("g", grid).query(Long.class).single();
        jdbc.sql("insert into user_role (user_id, role_id) select :u, id from role where code = :r").param("u", id).param("r", role).update();
    }
}
