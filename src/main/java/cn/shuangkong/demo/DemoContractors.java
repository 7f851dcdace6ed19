package cn.shuangkong.demo;

import cn.shuangkong.contractor.internal.ContractorConduct;
import cn.shuangkong.contractor.internal.ContractorRegister;
import cn.shuangkong.contractor.internal.ContractorReminders;
import cn.shuangkong.contractor.internal.IdNumbers;
import cn.shuangkong.organization.CreditCode;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.training.internal.CertificateReminders;
import cn.shuangkong.training.Certificates;
import cn.shuangkong.training.TrainingRecords;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
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
 * 承包商 of the demo chemical works: 江苏安达石化设备安装 (tank maintenance) with its 安全生产许可证 expiring within the
 * reminder window and a welder whose certificate expires soon, a labourer not yet briefed (不得入厂), and 靖江恒通电气
 * (temporary power) with a violation and last year's evaluation; at the machinery works, a labour contractor on the
 * contractor blacklist. Entered through the module's services as the enterprises' safety managers.
 */
@Component
@Profile("demo")
@Order(96)
class DemoContractors implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoContractors.class);

    /** An enterprise's safety manager, as the demo enters their records. */
    record Manager(long enterprise, String username, String displayName) implements Actor {
        public Jurisdiction jurisdiction() { return Jurisdiction.enterprise(enterprise, "本企业"); }
        public Long enterpriseId() { return enterprise; }
        public Long serviceOrgId() { return null; }
        public Long employeeId() { return null; }
        public boolean can(String permission) { return true; }
    }

    private final JdbcClient jdbc;
    private final ContractorRegister register;
    private final ContractorConduct conduct;
    private final ContractorReminders reminders;
    private final CertificateReminders certificateReminders;
    private final Clock clock;

    DemoContractors(JdbcClient jdbc, ContractorRegister register, ContractorConduct conduct, ContractorReminders reminders,
                    CertificateReminders certificateReminders, Clock clock) {
        this.jdbc = jdbc;
        this.register = register;
        this.conduct = conduct;
        this.reminders = reminders;
        this.certificateReminders = certificateReminders;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        DemoLoads.holdUntilCommit(jdbc);
        if (DemoLoads.loaded(jdbc, "contractors")) return;
        Manager chem = manager("ent_chem");
        Manager mech = manager("ent_mech");
        if (chem == null || mech == null) return;
        LocalDate today = LocalDate.now(clock);
        String city = "泰州市应急管理局";

        long anda = register.register(chem, new ContractorRegister.ContractorDraft("江苏安达石化设备安装工程有限公司", code("91321282MA1N4K7QX"),
                "周建军", "13805261734", "储罐防腐保温、设备检维修", today.minusDays(10), today.plusDays(50)));
        register.addQualification(chem, anda, new ContractorRegister.QualificationDraft("安全生产许可证", "（苏）JZ安许证字〔2023〕120418",
                "江苏省住房和城乡建设厅", today.plusDays(20)));
        register.addQualification(chem, anda, new ContractorRegister.QualificationDraft("建筑业企业资质证书（石油化工工程施工总承包三级）",
                "D332104871", "泰州市住房和城乡建设局", today.plusYears(2)));
        long welder = person(chem, anda, "顾永强", "32128219850312457", "焊工");
        cert(chem, anda, welder, "焊接与热切割作业", "T321282198503124571", city, today.minusYears(6).plusDays(15), today.plusDays(15));
        admitted(chem, anda, welder, today.minusDays(10));
        long fitter = person(chem, anda, "李卫东", "32128219900706283", "管道安装工");
        cert(chem, anda, fitter, "高处作业", "T321282199007062831", city, today.minusYears(2), today.plusYears(4));
        admitted(chem, anda, fitter, today.minusDays(10));
        long labourer = person(chem, anda, "王小军", "32128220010215361", "普工");
        register.recordTraining(chem, anda, labourer, new TrainingRecords.Draft(null, TrainingRecords.Kind.ENTRY,
                "入厂安全教育：厂规厂纪、储罐区危险有害因素、应急疏散", new BigDecimal("8"), today.minusDays(1), "安全科 陆海峰", true));

        long hengtong = register.register(chem, new ContractorRegister.ContractorDraft("靖江市恒通电气安装有限公司", code("91321282MA20T6LP8"),
                "沈立新", "0523-84312266", "临时用电、电气设备检修", today.minusDays(3), today.plusDays(5)));
        register.addQualification(chem, hengtong, new ContractorRegister.QualificationDraft("安全生产许可证", "（苏）JZ安许证字〔2024〕130077",
                "江苏省住房和城乡建设厅", today.plusYears(1)));
        register.addQualification(chem, hengtong, new ContractorRegister.QualificationDraft("承装（修、试）电力设施许可证", "6-2-00318-2022",
                "国家能源局江苏监管办公室", today.plusYears(3)));
        long electrician = person(chem, hengtong, "陈国华", "32128219790920511", "电工");
        cert(chem, hengtong, electrician, "电工作业", "T321282197909205113", city, today.minusYears(3), today.plusYears(3));
        admitted(chem, hengtong, electrician, today.minusDays(3));
        conduct.recordViolation(chem, hengtong, new ContractorConduct.ViolationDraft(today.minusDays(2),
                "未办理临时用电作业票，从配电箱私接电源线至储运车间", "LSYD-" + today.getYear() + "-017", "陆海峰（安全科长）", 10));
        conduct.evaluate(chem, hengtong, today.getYear() - 1, Map.of("QUALIFICATION", 18, "MANAGEMENT", 17, "SITE", 26,
                "EQUIPMENT", 13, "COOPERATION", 14));

        long hongyuan = register.register(mech, new ContractorRegister.ContractorDraft("泰兴市宏远建筑劳务有限公司", code("91321283MA1P2W9DX"),
                "吴春生", "13951163387", "厂房屋面维修", null, null));
        register.addQualification(mech, hongyuan, new ContractorRegister.QualificationDraft("安全生产许可证", "（苏）JZ安许证字〔2022〕121956",
                "江苏省住房和城乡建设厅", today.plusYears(1)));
        conduct.recordViolation(mech, hongyuan, new ContractorConduct.ViolationDraft(today.minusDays(40),
                "屋面切割作业未办理动火作业票、未清理下方可燃物，引燃保温材料", null, "杨建华（安全员）", 40));
        conduct.blacklist(mech, hongyuan, "未办理动火作业票擅自动火引发火情，拒不整改");

        reminders.sweep();
        certificateReminders.sweep();
        DemoLoads.markLoaded(jdbc, "contractors", clock);
        log.info("Demo contractors loaded");
    }

    private Manager manager(String username) {
        return jdbc.sql("select enterprise_id as enterprise, username, display_name from user_account where username = :u")
                .param("u", username).query(Rows.of(Manager.class)).optional().orElse(null);
    }

    private long person(Manager me, long contractor, String name, String first17, String job) {
        return register.addPerson(me, contractor, new ContractorRegister.PersonDraft(name, first17 + IdNumbers.checkCharacter(first17), job));
    }

    private void cert(Manager me, long contractor, long person, String category, String number, String by, LocalDate issued,
                      LocalDate expires) {
        register.recordCertificate(me, contractor, person, new Certificates.Draft(null, Certificates.Kind.SPECIAL_OPERATION, category,
                number, by, issued, expires));
    }

    /** The 入厂安全教育 and the briefing on the contractor's first day. */
    private void admitted(Manager me, long contractor, long person, LocalDate day) {
        register.recordTraining(me, contractor, person, new TrainingRecords.Draft(null, TrainingRecords.Kind.ENTRY,
                "入厂安全教育：厂规厂纪、储罐区危险有害因素、应急疏散", new BigDecimal("8"), day.minusDays(1), "安全科 陆海峰", true));
        register.brief(me, contractor, person, new ContractorRegister.BriefingDraft(day, "陆海峰（安全科长）",
                "作业区域危险源与防火防爆要求，动火、受限空间、高处作业须持票作业，劳保用品穿戴，紧急集合点与疏散路线"));
    }

    private static String code(String first17) {
        return first17 + CreditCode.checkCharacter(first17);
    }
}
