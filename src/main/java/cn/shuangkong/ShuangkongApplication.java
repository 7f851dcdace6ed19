package cn.shuangkong;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** 双控 — the dual prevention platform: one application, one module per top-level package. */
@SpringBootApplication
@EnableScheduling
public class ShuangkongApplication {

    static {
        // Pages show Beijing time whatever zone the server runs in, unless the operator chose one explicitly.
        if (System.getProperty("user.timezone", "").isBlank() || System.getenv("TZ") == null) {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Shanghai"));
        }
    }

    public static void main(String[] args) {
        if (cn.shuangkong.backup.BackupCommand.handles(args)) { // backup / restore run without starting the platform
            System.exit(cn.shuangkong.backup.BackupCommand.run(args, System.getenv()));
        }
        SpringApplication.run(ShuangkongApplication.class, args);
    }
}
