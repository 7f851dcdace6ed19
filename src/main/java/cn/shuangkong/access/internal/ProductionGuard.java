package cn.shuangkong.access.internal;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The production profile refuses to start while demo accounts (with their published password) exist. */
@Component
@Profile("prod")
public class ProductionGuard implements ApplicationRunner {

    private final JdbcClient jdbc;

    public ProductionGuard(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (jdbc.sql("select exists(select 1 from user_account where demo)").query(Boolean.class).single()) {
            throw new IllegalStateException("生产环境中存在演示账号（密码公开），拒绝启动：请先删除 demo 账号。"
                    + " Refusing to start the prod profile while demo accounts exist.");
        }
    }
}
