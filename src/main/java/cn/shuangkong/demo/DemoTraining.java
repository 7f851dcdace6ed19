package cn.shuangkong.demo;

import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.training.internal.CertificateReminders;
import cn.shuangkong.training.Certificates;
import cn.shuangkong.training.TrainingRecords;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
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
 * 培训与持证 of the demo chemical works: the electrician's 电工作业 certificate expiring within the reminder window (its
 * reminder in the inbox), a reactor operator's 危险化学品安全作业 certificate already expired, valid ones for the tank-farm
 * patroller, the boiler man and the principal; the year's training, and a new patroller whose 三级安全教育 lacks the
 * 班组级. Entered through the module's services as {@code ent_chem}.
 */
@Component
@Profile("demo")
@Order(95)
class DemoTraining implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoTraining.class);

    private final JdbcClient jdbc;
    private final OrgStructure org;
    private final Certificates certificates;
    private final TrainingRecords trainings;
    private final CertificateReminders reminders;
    private final Clock clock;

    DemoTraining(JdbcClient jdbc, OrgStructure org, Certificates certificates, TrainingRecords trainings,
                 CertificateReminders reminders, Clock clock) {
        this.jdbc = jdbc;
        this.org = org;
        this.certificates = certificates;
        this.trainings = trainings;
        this.reminders = reminders;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        DemoLoads.holdUntilCommit(jdbc);
        if (DemoLoads.loaded(jdbc, "training")) return;
        long chem = jdbc.sql("select enterprise_id from user_account where username = 'ent_chem'").query(Long.class).single();
        // By job title: the first of each, as the demo city's roster has them.
        Map<String, Long> first = org.employees(chem).stream().filter(e -> e.jobTitle() != null)
                .collect(Collectors.toMap(e -> e.jobTitle(), e -> e.id(), (a, b) -> a));
        var me = new DemoEmergency.Manager(chem);
        LocalDate today = LocalDate.now(clock);
        String city = "泰州市应急管理局";
        cert(me, first.get("电工"), Certificates.Kind.SPECIAL_OPERATION, "电工作业", "T321282198604123318", city,
                today.minusYears(6).plusDays(20), today.plusDays(20));
        cert(me, first.get("反应釜操作工"), Certificates.Kind.SPECIAL_OPERATION, "危险化学品安全作业", "T321282199109250417", city,
                today.minusYears(6).minusDays(40), today.minusDays(40));
        cert(me, first.get("罐区巡检工"), Certificates.Kind.SPECIAL_OPERATION, "危险化学品安全作业", "T321282199502110031", city,
                today.minusYears(2), today.plusYears(4));
        cert(me, first.get("锅炉工"), Certificates.Kind.SPECIAL_EQUIPMENT, "G1 工业锅炉司炉", "TS2321282000771", "泰州市市场监督管理局",
                today.minusYears(1), today.plusYears(3));
        cert(me, first.get("总经理"), Certificates.Kind.PRINCIPAL, "危险化学品生产单位", "A3212820240031", "江苏省应急管理厅",
                today.minusYears(1).minusDays(30), today.plusYears(2).minusDays(30));

        train(me, first.get("罐区巡检工"), TrainingRecords.Kind.ANNUAL, "年度安全再培训：储罐区火灾爆炸事故案例与应急处置", "8", today.minusDays(50), "安全科 陆海峰", true);
        train(me, first.get("电工"), TrainingRecords.Kind.ANNUAL, "年度安全再培训：防爆电气与临时用电", "8", today.minusDays(80), "设备科", true);
        train(me, first.get("反应釜操作工"), TrainingRecords.Kind.SPECIAL, "甲醇合成岗位操作规程与联锁", "4", today.minusDays(30), "合成车间", false);
        Long newcomer = org.employees(chem).stream().filter(e -> "罐区巡检工".equals(e.jobTitle())).skip(2).map(e -> e.id()).findFirst().orElse(null);
        train(me, newcomer, TrainingRecords.Kind.LEVEL_COMPANY, "公司级安全教育：安全生产法律法规、本企业危险有害因素", "24", today.minusDays(12), "安全科 陆海峰", true);
        train(me, newcomer, TrainingRecords.Kind.LEVEL_WORKSHOP, "车间级安全教育：储运车间工艺、危险源与应急器材", "24", today.minusDays(9), "储运车间", true);

        // Everyone else took their 三级安全教育 on joining, years ago.
        int n = 0;
        for (var e : org.employees(chem)) {
            if (newcomer != null && e.id() == newcomer) continue;
            LocalDate joined = today.minusYears(2 + n++ % 5).minusDays(40);
            train(me, e.id(), TrainingRecords.Kind.LEVEL_COMPANY, "公司级安全教育", "24", joined, "安全科", true);
            train(me, e.id(), TrainingRecords.Kind.LEVEL_WORKSHOP, "车间级安全教育", "24", joined.plusDays(2), "所在车间", true);
            train(me, e.id(), TrainingRecords.Kind.LEVEL_TEAM, "班组级安全教育", "24", joined.plusDays(4), "所在班组", true);
        }
        reminders.sweep();
        DemoLoads.markLoaded(jdbc, "training", clock);
        log.info("Demo certificates and training loaded");
    }

    private void cert(DemoEmergency.Manager me, Long employee, Certificates.Kind kind, String category, String number, String by,
                      LocalDate issued, LocalDate expires) {
        if (employee != null) certificates.record(me, new Certificates.Draft(employee, kind, category, number, by, issued, expires));
    }

    private void train(DemoEmergency.Manager me, Long employee, TrainingRecords.Kind kind, String title, String hours, LocalDate on,
                       String trainer, boolean passed) {
        if (employee != null) trainings.record(me, new TrainingRecords.Draft(employee, kind, title, new BigDecimal(hours), on, trainer, passed));
    }
}
