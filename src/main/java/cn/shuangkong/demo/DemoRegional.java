package cn.shuangkong.demo;

import cn.shuangkong.regional.RegionalRisks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Public-area risks in every town of the demo city (gas mains, crowded places, roads, construction, the river), so
 * that the regional four-colour map has colour and each town's 一镇一册 has content. Registered through
 * {@link RegionalRisks}, so the demo passes the same checks and assessment as a regulator's entry.
 */
@Component
@Profile("demo")
@Order(80)
class DemoRegional implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoRegional.class);

    /** One kind of public-area risk; {@code ls} is the LS assessment (likelihood, severity) it gets in most towns. */
    record Kind(String category, String name, String location, String hazard, List<String> accidents, String measures,
                String department, int l, int s) { }

    static final List<Kind> KINDS = List.of(
            new Kind("燃气管网", "天然气中压管网", "镇区主干道地下管网", "第三方施工挖断、管道腐蚀泄漏，遇点火源",
                    List.of("08", "18"), "管网巡线每日一次；施工前管线交底；泄漏报警与紧急切断阀；每年应急演练",
                    "靖江市住房和城乡建设局", 4, 5),
            new Kind("人员密集场所", "农贸市场", "镇中心农贸市场", "人员密集、电气线路老化、疏散通道堵塞",
                    List.of("08", "20"), "每月消防检查；疏散通道每日巡查；电气线路年度检测；微型消防站值守",
                    "靖江市消防救援大队", 3, 4),
            new Kind("道路交通", "危化品运输过境路段", "沿江公路过境段", "危化品槽车过境、弯道视距不足",
                    List.of("02", "19"), "限时限速通行；视频卡口监控；路段警示标志；危化品车辆动态监控",
                    "靖江市交通运输局", 2, 5),
            new Kind("建设施工", "在建工程深基坑", "镇区在建安置房项目", "深基坑支护失效、塔吊作业",
                    List.of("10", "04", "09"), "基坑变形监测；塔吊每日检查；专项方案专家论证；网格员每周巡查",
                    "靖江市住房和城乡建设局", 2, 4),
            new Kind("水上交通", "长江渡口", "沿江渡口码头", "大风浓雾天气渡运、超载", List.of("06"),
                    "恶劣天气停航；渡船核载检查；救生设备配备；渡口值守", "靖江市交通运输局", 2, 3));

    private final JdbcClient jdbc;
    private final RegionalRisks risks;
    private final Clock clock;

    DemoRegional(JdbcClient jdbc, RegionalRisks risks, Clock clock) {
        this.jdbc = jdbc;
        this.risks = risks;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        DemoLoads.holdUntilCommit(jdbc);
        if (DemoLoads.loaded(jdbc, "regional")) return;
        var who = new DemoRisks.Signer("gov_city", "周卫东（市应急管理局）");
        int n = 0;
        for (int t = 0; t < DemoCity.TOWNS.size(); t++) {
            DemoCity.Town town = DemoCity.TOWNS.get(t);
            // Two or three kinds per town, rotating, and the likelihood varies so towns differ in colour.
            for (int k = 0; k < 2 + t % 2; k++) {
                Kind kind = KINDS.get((t + k) % KINDS.size());
                int l = Math.max(1, Math.min(5, kind.l() + ((t * 7 + k * 3) % 3) - 1));
                double lon = DemoCity.WEST + town.col() * DemoCity.CELL_W + 0.015 + 0.03 * k;
                double lat = DemoCity.NORTH - town.row() * DemoCity.CELL_H - 0.058 + 0.006 * k;
                Map<String, BigDecimal> inputs = new LinkedHashMap<>();
                inputs.put("l", BigDecimal.valueOf(l));
                inputs.put("s", BigDecimal.valueOf(kind.s()));
                risks.register(who, new RegionalRisks.Draft(town.code(), kind.category(),
                        town.name().replaceAll("(镇|街道|新区|园区|经济技术开发区)$", "") + kind.name(),
                        town.name() + kind.location(), kind.hazard(), kind.accidents(), "LS", inputs, kind.measures(),
                        kind.department(), "张" + "建国志强海峰卫东春林".substring((t % 5) * 2, (t % 5) * 2 + 2),
                        "0523-8482" + String.format("%04d", 1000 + t * 10 + k),
                        BigDecimal.valueOf(lon).setScale(6, RoundingMode.HALF_UP),
                        BigDecimal.valueOf(lat).setScale(6, RoundingMode.HALF_UP)));
                n++;
            }
        }
        DemoLoads.markLoaded(jdbc, "regional", clock);
        log.info("Demo regional risks loaded: {}", n);
    }
}
