package cn.shuangkong.demo;

import cn.shuangkong.inspection.internal.Checklists;
import cn.shuangkong.inspection.Inspections;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
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
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Demo checklist inspections at the chemical works — a 冬季“四防”检查 waiting on worker_chem's phone and a finished
 * 事故类比 inspection whose 异常 on a cited 判定标准 item became a 重大隐患 — and demo e-mail addresses (so that notices
 * go out by mail once an SMTP host is configured): worker_chem's on the employee record, the others on the accounts.
 * Loaded once, after the demo hazards.
 */
@Component
@Profile("demo")
@Order(35)
class DemoChecklists implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoChecklists.class);

    private final JdbcClient jdbc;
    private final Checklists checklists;
    private final Clock clock;

    DemoChecklists(JdbcClient jdbc, Checklists checklists, Clock clock) {
        this.jdbc = jdbc;
        this.checklists = checklists;
        this.clock = clock;
    }

    /** A demo person as the services see them. */
    private record Person(String username, String displayName, Long enterpriseId, Long employeeId, Set<String> permissions) implements Actor {
        public Jurisdiction jurisdiction() { return Jurisdiction.enterprise(enterpriseId, "本企业"); }
        public Long serviceOrgId() { return null; }
        public boolean can(String permission) { return permissions.contains(permission); }
    }

    private long builtIn(String name) {
        return jdbc.sql("select id from checklist where enterprise_id is null and name = :n").param("n", name).query(Long.class).single();
    }

    private <T> T as(Person who, Supplier<T> step) {
        return DemoHazards.actingAs(who.username(), step);
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        DemoLoads.holdUntilCommit(jdbc);
        if (DemoLoads.loaded(jdbc, "checklists")) return;
        if (jdbc.sql("select count(*) from user_account where username = 'ent_chem'").query(Long.class).single() == 0) return;
        jdbc.sql("update user_account set email = username || '@demo.shuangkong.example' where demo and email is null and username <> 'worker_chem'")
                .update();
        jdbc.sql("""
                update employee set email = 'gu.jianhua@demo.shuangkong.example'
                 where id = (select employee_id from user_account where username = 'worker_chem') and email is null""").update();
        long chem = jdbc.sql("select enterprise_id from user_account where username = 'ent_chem'").query(Long.class).single();
        Long workerEmployee = jdbc.sql("select employee_id from user_account where username = 'worker_chem'").query(Long.class).single();
        var manager = new Person("ent_chem", "陆海峰（安全科长）", chem, null, Set.of("inspection:checklist:write"));
        var worker = new Person("worker_chem", "顾建华（罐区巡检工）", chem, workerEmployee, Set.of("inspection:task:do"));
        LocalDate today = LocalDate.now(clock);
        as(manager, () -> checklists.launch(manager, builtIn("冬季“四防”检查"), "入冬前“四防”检查", "罐区、装卸站台、消防泵房",
                today.plusDays(2), List.of("worker_chem")));
        long analogy = builtIn("事故类比：储罐区火灾爆炸");
        long run = as(manager, () -> checklists.launch(manager, analogy, "储罐区火灾爆炸事故类比检查", "甲类储罐区", today, List.of("worker_chem")));
        List<Checklists.Answer> answers = new ArrayList<>();
        for (var item : checklists.items(analogy)) {
            boolean finding = "CHEM-2017-5".equals(item.criterionCode());
            answers.add(new Checklists.Answer(item.id(), finding ? Inspections.Result.ABNORMAL : Inspections.Result.NORMAL,
                    finding ? "T-105 罐根紧急切断阀气源管被拆除，阀门处于手动常开状态，无法远程切断。" : null,
                    finding ? "甲类储罐区 T-105 罐根" : null, null, null));
        }
        as(worker, () -> checklists.submit(worker, run, answers, null));
        DemoLoads.markLoaded(jdbc, "checklists", clock);
        log.info("Demo e-mail addresses and checklists loaded");
    }
}
