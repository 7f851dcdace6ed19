package cn.shuangkong.demo;

import cn.shuangkong.occupational.internal.Declarations;
import cn.shuangkong.occupational.internal.Detections;
import cn.shuangkong.occupational.internal.HealthExams;
import cn.shuangkong.occupational.internal.OccupationalFactors;
import cn.shuangkong.organization.OrgStructure;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
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
 * 职业健康 of the demo chemical works: methanol, carbon monoxide and toluene at the synthesis and tank-farm posts, noise
 * and heat at the boiler; everyone exposed examined before placement and within the year, except a new tank-farm
 * patroller without a 上岗前 exam, a reactor operator overdue, a boiler man found a 职业禁忌证 to noise (须调离) and a
 * patroller with a 疑似职业病 awaiting diagnosis; a first 申报 filed before the boiler's heat was added (须变更申报),
 * the boiler's noise over its limit at the last 检测 and the tank farm's toluene overdue; the machinery works has not
 * filed (未申报). Entered through the module's services as {@code ent_chem}.
 */
@Component
@Profile("demo")
@Order(58) // before DemoAlerts runs the rules once, so that the occupational alerts are there with the rest at once
class DemoOccupational implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoOccupational.class);
    private static final String CLINIC = "靖江市人民医院职业病科";
    private static final String LAB = "江苏安衡职业卫生检测评价有限公司";

    private final JdbcClient jdbc;
    private final OrgStructure org;
    private final OccupationalFactors factors;
    private final HealthExams exams;
    private final Declarations declarations;
    private final Detections detections;
    private final Clock clock;

    DemoOccupational(JdbcClient jdbc, OrgStructure org, OccupationalFactors factors, HealthExams exams, Declarations declarations,
                     Detections detections, Clock clock) {
        this.declarations = declarations;
        this.detections = detections;
        this.jdbc = jdbc;
        this.org = org;
        this.factors = factors;
        this.exams = exams;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        DemoLoads.holdUntilCommit(jdbc);
        if (DemoLoads.loaded(jdbc, "occupational")) return;
        long chem = jdbc.sql("select enterprise_id from user_account where username = 'ent_chem'").query(Long.class).single();
        var me = new DemoEmergency.Manager(chem);
        Map<String, Long> posts = org.units(chem).stream().filter(u -> OrgStructure.Tier.POST.name().equals(u.tier()))
                .collect(Collectors.toMap(OrgStructure.OrgUnit::name, OrgStructure.OrgUnit::id, (a, b) -> a));
        String methanolHarm = "经呼吸道和皮肤吸收，损害中枢神经系统和视神经，可致头痛、视力模糊，严重者失明甚至死亡";
        String methanolGuard = "密闭操作、局部排风；佩戴防毒面具（有机蒸气滤毒罐）、防护手套和护目镜；严禁用嘴吸取";
        String methanolAid = "迅速脱离现场至空气新鲜处；皮肤接触用大量流动清水冲洗；误服者饮足量温水、催吐，立即就医（乙醇为解毒剂）";
        factor(me, posts.get("反应釜操作工"), OccupationalFactors.Category.CHEMICAL, "甲醇", methanolHarm, methanolGuard, methanolAid);
        factor(me, posts.get("反应釜操作工"), OccupationalFactors.Category.CHEMICAL, "一氧化碳",
                "与血红蛋白结合使组织缺氧，急性中毒出现头痛、恶心、意识障碍，重者昏迷、死亡，可留迟发性脑病",
                "合成气系统保持密闭，设置一氧化碳报警仪；进入可能泄漏区域携带便携式检测仪，佩戴空气呼吸器",
                "立即将中毒者移至上风向空气新鲜处，保持呼吸道通畅，给氧；呼吸心跳停止者立即心肺复苏，送医进行高压氧治疗");
        factor(me, posts.get("罐区巡检工"), OccupationalFactors.Category.CHEMICAL, "甲醇", methanolHarm, methanolGuard, methanolAid);
        factor(me, posts.get("罐区巡检工"), OccupationalFactors.Category.CHEMICAL, "甲苯",
                "麻醉作用，损害神经系统，长期接触可致神经衰弱综合征、皮肤干燥皲裂",
                "储罐呼吸阀、液位计密闭；巡检时站在上风向，佩戴防毒口罩和防护手套",
                "脱离现场至空气新鲜处，脱去污染衣物，用肥皂水和清水冲洗皮肤；溅入眼内用流动清水冲洗 15 分钟，就医");
        factor(me, posts.get("锅炉工"), OccupationalFactors.Category.PHYSICAL, "噪声",
                "长期接触可致听力下降、职业性噪声聋，并影响神经、心血管系统",
                "鼓风机、引风机加装消声器和隔声罩；进入锅炉房佩戴耳塞或耳罩，缩短接触时间",
                "出现耳鸣、听力下降及时脱离噪声环境，到职业病诊治机构检查");
        // the first 申报 was filed before the boiler house's heat was assessed: 须变更申报 until it is filed again
        declarations.file(me, new Declarations.Draft(Declarations.Kind.FIRST, "王建华（职业卫生管理员）", null));
        factor(me, posts.get("锅炉工"), OccupationalFactors.Category.PHYSICAL, "高温",
                "可致中暑（热射病、热痉挛、热衰竭），加重心血管负担",
                "设置通风降温设施和休息室，供应含盐清凉饮料，合理安排作业时间",
                "将中暑者移至阴凉通风处，解开衣扣，用冷水擦身降温，补充含盐饮料；重者立即送医");
        factors.setInterval(me, "甲苯", 12);

        LocalDate today = LocalDate.now(clock);
        List<OrgStructure.Employee> people = org.employees(chem);
        int n = 0;
        for (var e : people) {
            if (e.postName() == null || !List.of("反应釜操作工", "罐区巡检工", "锅炉工").contains(e.postName())) continue;
            List<OrgStructure.Employee> same = people.stream().filter(p -> e.postName().equals(p.postName())).toList();
            int rank = same.indexOf(e);
            boolean newcomer = "罐区巡检工".equals(e.postName()) && rank == 2; // 培训与持证's new patroller
            if (newcomer) continue;
            LocalDate hired = today.minusYears(2 + n++ % 3).minusDays(30);
            exam(me, e.id(), HealthExams.Kind.PRE_PLACEMENT, hired, HealthExams.Conclusion.NORMAL, null);
            if ("反应釜操作工".equals(e.postName()) && rank == 0) {
                exam(me, e.id(), HealthExams.Kind.PERIODIC, today.minusMonths(14), HealthExams.Conclusion.NORMAL, null);
            } else if ("锅炉工".equals(e.postName()) && rank == 0) {
                exam(me, e.id(), HealthExams.Kind.PERIODIC, today.minusMonths(2), HealthExams.Conclusion.CONTRAINDICATION,
                        "双耳高频听阈提高，永久性感音神经性听力损失，不宜继续从事噪声作业");
            } else if ("罐区巡检工".equals(e.postName()) && rank == 1) {
                exam(me, e.id(), HealthExams.Kind.PERIODIC, today.minusMonths(1), HealthExams.Conclusion.SUSPECTED,
                        "神经衰弱样症状伴周围神经传导减慢，建议到职业病诊断机构诊断");
            } else {
                exam(me, e.id(), HealthExams.Kind.PERIODIC, today.minusMonths(5), HealthExams.Conclusion.NORMAL, null);
            }
        }
        detections(me, posts, today);
        machineryWorks(today);
        DemoLoads.markLoaded(jdbc, "occupational", clock);
        log.info("Demo occupational health loaded");
    }

    /**
     * 新桥镇's machinery works (ent_mech's): benzene at the spray painters, grinding dust and noise at the grinders, all
     * examined within the year but one painter who has no 上岗前 exam; what gov_town reads of its town.
     */
    private void machineryWorks(LocalDate today) {
        long mech = jdbc.sql("select enterprise_id from user_account where username = 'ent_mech'").query(Long.class).single();
        var me = new DemoContractors.Manager(mech, "ent_mech", "缪志强（安全员）");
        Map<String, Long> posts = org.units(mech).stream().filter(u -> OrgStructure.Tier.POST.name().equals(u.tier()))
                .collect(Collectors.toMap(OrgStructure.OrgUnit::name, OrgStructure.OrgUnit::id, (a, b) -> a));
        factor(me, posts.get("喷漆工"), OccupationalFactors.Category.CHEMICAL, "苯",
                "损害造血系统，长期接触可致白细胞减少、再生障碍性贫血，甚至白血病",
                "使用低毒或无苯涂料；喷漆房密闭并机械排风；佩戴防毒面具和防护手套",
                "迅速脱离现场至空气新鲜处，脱去污染衣物，清洗皮肤；出现头晕、意识障碍立即送医");
        factor(me, posts.get("打磨工"), OccupationalFactors.Category.DUST, "砂轮磨尘",
                "长期吸入可致尘肺病，表现为咳嗽、胸闷、气短",
                "湿式作业或设置局部除尘罩；佩戴防尘口罩（KN95 及以上）",
                "出现咳嗽、胸闷及时脱离粉尘环境，到职业病诊治机构检查");
        factor(me, posts.get("打磨工"), OccupationalFactors.Category.PHYSICAL, "噪声",
                "长期接触可致听力下降、职业性噪声聋", "佩戴耳塞或耳罩，设备减振降噪", "出现耳鸣、听力下降及时脱离噪声环境，就医检查");
        boolean skipped = false;
        for (var e : org.employees(mech)) {
            if (e.postName() == null || !List.of("喷漆工", "打磨工").contains(e.postName())) continue;
            if (!skipped && "喷漆工".equals(e.postName())) { // a painter taken on this month
                skipped = true;
                continue;
            }
            exam(me, e.id(), HealthExams.Kind.PRE_PLACEMENT, today.minusYears(1).minusDays(20), HealthExams.Conclusion.NORMAL, null);
            exam(me, e.id(), HealthExams.Kind.PERIODIC, today.minusMonths(3), HealthExams.Conclusion.NORMAL, null);
        }
    }

    /**
     * The yearly 检测 by a technical service organisation: everything within its limits five months ago but the
     * boiler's noise, above 85 dB(A) two months ago (检测超标), and the tank farm's toluene last tested 13 months ago
     * (检测逾期).
     */
    private void detections(cn.shuangkong.shared.Actor me, Map<String, Long> posts, LocalDate today) {
        Map<String, Long> ids = factors.list(me.jurisdiction(), me.enterpriseId()).stream()
                .collect(Collectors.toMap(f -> f.postName() + ":" + f.name(), OccupationalFactors.Factor::id, (a, b) -> a));
        detection(me, ids.get("反应釜操作工:甲醇"), today.minusMonths(5), "JJ-ZJ-" + today.minusMonths(5).getYear() + "-031", "8.2", "25", "mg/m³");
        detection(me, ids.get("反应釜操作工:一氧化碳"), today.minusMonths(5), "JJ-ZJ-" + today.minusMonths(5).getYear() + "-031", "6.5", "20", "mg/m³");
        detection(me, ids.get("罐区巡检工:甲醇"), today.minusMonths(5), "JJ-ZJ-" + today.minusMonths(5).getYear() + "-031", "12", "25", "mg/m³");
        detection(me, ids.get("罐区巡检工:甲苯"), today.minusMonths(13), "JJ-ZJ-" + today.minusMonths(13).getYear() + "-007", "18", "50", "mg/m³");
        Long noise = ids.get("锅炉工:噪声");
        if (noise != null) {
            detections.record(me, new Detections.Draft(noise, today.minusMonths(10), LAB, "JJ-ZJ-" + today.minusMonths(10).getYear() + "-012",
                    Detections.LimitKind.LEX, new BigDecimal("84.1"), new BigDecimal("85"), "dB(A)"));
            detections.record(me, new Detections.Draft(noise, today.minusMonths(2), LAB, "JJ-ZJ-" + today.minusMonths(2).getYear() + "-058",
                    Detections.LimitKind.LEX, new BigDecimal("88.6"), new BigDecimal("85"), "dB(A)"));
        }
    }

    private void detection(cn.shuangkong.shared.Actor me, Long factorId, LocalDate on, String report, String measured, String limit, String unit) {
        if (factorId != null) {
            detections.record(me, new Detections.Draft(factorId, on, LAB, report, Detections.LimitKind.TWA, new BigDecimal(measured),
                    new BigDecimal(limit), unit));
        }
    }

    private void factor(cn.shuangkong.shared.Actor me, Long post, OccupationalFactors.Category category, String name, String harm, String guard,
                        String aid) {
        if (post != null) factors.add(me, new OccupationalFactors.Draft(post, category, name, harm, guard, aid));
    }

    private void exam(cn.shuangkong.shared.Actor me, long employee, HealthExams.Kind kind, LocalDate on, HealthExams.Conclusion conclusion, String note) {
        exams.record(me, new HealthExams.Draft(employee, kind, on, CLINIC, conclusion, note));
    }
}
