package cn.shuangkong.demo;

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
 * Demo e-mail addresses (so that notices go out by mail once an SMTP host is configured) — worker_chem's on the
 * employee record, the others on the accounts. Loaded once, after the demo hazards.
 */
@Component
@Profile("demo")
@Order(35)
class DemoChecklists implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoChecklists.class);

    private final JdbcClient jdbc;

    DemoChecklists(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (jdbc.sql("select count(*) from demo_marker where name = 'checklists'").query(Long.class).single() > 0) return;
        if (jdbc.sql("select count(*) from user_account where username = 'ent_chem'").query(Long.class).single() == 0) return;
        jdbc.sql("update user_account set email = username || '@demo.shuangkong.example' where demo and email is null and username <> 'worker_chem'")
                .update();
        jdbc.sql("""
                update employee set email = 'gu.jianhua@demo.shuangkong.example'
                 where id = (select employee_id from user_account where username = 'worker_chem') and email is null""").update();
        jdbc.sql("insert into demo_marker (name, loaded_at) values ('checklists', now())").update();
        log.info("Demo e-mail addresses and checklists loaded");
    }
}
