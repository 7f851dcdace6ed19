package cn.shuangkong;

import cn.shuangkong.shared.EmbeddedDatabase;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** 双控 — the dual prevention platform: one application, one module per top-level package. */
@SpringBootApplication
@EnableScheduling
public class ShuangkongApplication {

    public static void main(String[] args) {
        if (cn.shuangkong.backup.BackupCommand.handles(args)) { // backup / restore run without starting the platform
            System.exit(cn.shuangkong.backup.BackupCommand.run(args, System.getenv()));
        }
        try {
            var application = new SpringApplication(ShuangkongApplication.class);
            application.addListeners(EmbeddedDatabase.startAsSoonAsConfigured());
            application.run(args);
        } catch (RuntimeException e) {
            // Spring has reported why and closed the context; a thread some library left behind must not keep a
            // half-started JVM alive (a load balancer or systemd should see the instance gone and act).
            System.exit(1);
        }
    }
}
