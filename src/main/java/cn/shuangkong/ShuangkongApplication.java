package cn.shuangkong;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** 双控 — the dual prevention platform: one application, one module per top-level package. */
@SpringBootApplication
@EnableScheduling
public class ShuangkongApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShuangkongApplication.class, args);
    }
}
