package cn.shuangkong.access.internal;

import cn.shuangkong.access.Accounts;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** The production profile refuses to start while demo accounts (with their published password) exist. */
@Component
@Profile("prod")
public class ProductionGuard implements ApplicationRunner {

    private final Accounts accounts;

    public ProductionGuard(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.anyDemoAccount()) {
            throw new IllegalStateException("生产环境中存在演示账号（密码公开），拒绝启动：请先删除 demo 账号。"
                    + " Refusing to start the prod profile while demo accounts exist.");
        }
    }
}
