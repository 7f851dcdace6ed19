package cn.shuangkong.demo;

import cn.shuangkong.shared.StateChanged;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Loads 靖江市 (GB/T 2260 321282) as a living demo: its towns and parks (9-digit codes schematic), grids,
 * about a dozen regulators, 64 enterprises across the city's industries with org units and employees, a service
 * organisation and the demo accounts. Runs once: a marker row stops it from loading twice.
 */
@Component
@Profile("demo")
@Order(10)
class DemoCity implements ApplicationRunner {

    static final String PASSWORD = "Demo@2026";
    private static final Logger log = LoggerFactory.getLogger(DemoCity.class);
    private static final String CITY = "321282";
    private static final String CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private final JdbcClient jdbc;
    private final DemoPassword password;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Random random = new Random(321282);
    private final JdbcTemplate batch;
    /** The org units and employees of every enterprise, inserted in two batches once all are known. */
    private final List<Object[]> units = new ArrayList<>(), employees = new ArrayList<>();
    private java.util.Iterator<Long> unitIds;
    /** Each town's first grid: the grid its enterprises are placed in. */
    private final Map<String, Long> firstGrid = new HashMap<>();

    DemoCity(JdbcClient jdbc, JdbcTemplate batch, DemoPassword password, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.password = password;
        this.events = events;
        this.clock = clock;
    }

    /** Towns, streets and parks of 靖江市 laid out as schematic rectangles (west→east, north→south). */
    record Town(String code, String name, int col, int row) { }

    static final List<Town> TOWNS = List.of(
            new Town("321282100", "新桥镇", 0, 0), new Town("321282101", "东兴镇", 1, 0),
            new Town("321282102", "斜桥镇", 2, 0), new Town("321282103", "西来镇", 3, 0),
            new Town("321282104", "季市镇", 0, 1), new Town("321282001", "靖城街道", 1, 1),
            new Town("321282105", "孤山镇", 2, 1), new Town("321282106", "生祠镇", 3, 1),
            new Town("321282107", "马桥镇", 0, 2), new Town("321282400", "靖江经济技术开发区", 1, 2),
            new Town("321282401", "滨江新区", 2, 2), new Town("321282402", "城南园区", 3, 2));

    // The city's extent, roughly: 120.10–120.50 E, 31.95–32.16 N.
    static final double WEST = 120.10, NORTH = 32.16, CELL_W = 0.10, CELL_H = 0.07;

    /** An industry as the demo uses it: code, name suffix, how many, special-risk flags and workshops → posts. */
    record Kind(String industry, String suffix, int count, String flags, String town, int minStaff, int maxStaff,
                List<List<String>> workshops) { }

    static final List<Kind> KINDS = List.of(
            new Kind("C2614", "化工有限公司", 8, "hazchem,confined", "321282401", 80, 600, List.of(
                    List.of("合成车间", "反应釜操作工", "DCS操作工"), List.of("罐区", "罐区巡检工", "装卸操作工"),
                    List.of("公用工程车间", "锅炉工", "电工"))),
            new Kind("G5942", "石化仓储有限公司", 3, "hazchem,major", "321282401", 40, 150, List.of(
                    List.of("储运部", "罐区巡检工", "码头装卸工"), List.of("设备部", "仪表工", "电工"))),
            new Kind("C3120", "特钢有限公司", 4, "confined", "321282400", 300, 2000, List.of(
                    List.of("炼钢车间", "炉前工", "天车工"), List.of("轧钢车间", "轧钢工", "行车工"),
                    List.of("煤气站", "煤气巡检工", "维修工"))),
            new Kind("C3441", "机械制造有限公司", 10, "", "321282100", 30, 400, List.of(
                    List.of("机加工车间", "车工", "铣工"), List.of("装配车间", "装配工", "行车工"),
                    List.of("涂装车间", "喷漆工", "打磨工"))),
            new Kind("C3731", "船舶重工有限公司", 4, "confined", "321282400", 500, 3000, List.of(
                    List.of("船体车间", "电焊工", "气割工"), List.of("舾装车间", "涂装工", "起重工"))),
            new Kind("C3021", "建材有限公司", 5, "", "321282105", 40, 300, List.of(
                    List.of("粉磨车间", "磨机操作工", "包装工"), List.of("窑炉车间", "窑炉操作工", "叉车工"))),
            new Kind("C1711", "纺织有限公司", 5, "dust", "321282104", 60, 500, List.of(
                    List.of("纺纱车间", "挡车工", "清花工"), List.of("织造车间", "织布工", "保全工"))),
            new Kind("C1351", "食品有限公司", 4, "ammonia", "321282106", 50, 260, List.of(
                    List.of("冷库", "制冷工", "叉车工"), List.of("加工车间", "分割工", "包装工"))),
            new Kind("C2021", "木业有限公司", 3, "dust", "321282103", 20, 120, List.of(
                    List.of("板材车间", "砂光工", "热压工"), List.of("仓库", "叉车工", "保管员"))),
            new Kind("C3360", "金属制品有限公司", 4, "dust,confined", "321282102", 20, 200, List.of(
                    List.of("抛光车间", "抛光工", "除尘设施管理员"), List.of("酸洗车间", "酸洗工", "污水处理工"))),
            new Kind("E4701", "建设工程有限公司", 5, "", "321282001", 50, 400, List.of(
                    List.of("项目部", "塔吊司机", "架子工"), List.of("施工队", "电工", "焊工"))),
            new Kind("G5920", "物流有限公司", 4, "", "321282107", 30, 200, List.of(
                    List.of("仓储部", "叉车工", "仓管员"), List.of("运输部", "驾驶员", "调度员"))),
            new Kind("F5211", "购物中心有限公司", 2, "crowded", "321282001", 200, 800, List.of(
                    List.of("运营部", "消防控制室值班员", "保安"), List.of("工程部", "电工", "电梯管理员"))),
            new Kind("D4500", "燃气有限公司", 1, "hazchem", "321282001", 80, 200, List.of(
                    List.of("输配所", "管网巡线工", "抢修工"), List.of("LNG气化站", "站长", "操作工"))),
            new Kind("H6110", "大酒店有限公司", 2, "crowded", "321282001", 60, 300, List.of(
                    List.of("工程部", "电工", "锅炉工"), List.of("厨房", "厨师", "燃气管理员"))));

    static final List<String> BRANDS = List.of("华泰", "恒润", "长江", "江海", "新亚", "润达", "瑞丰", "永盛", "金陵",
            "宏达", "双良", "天源", "安澜", "鑫源", "海德", "泰和", "中洲", "明阳", "东方", "裕华", "恒信", "联成", "博远",
            "荣盛", "大通", "兴业", "盛达", "开元", "汇丰", "协和", "振华", "锦程", "远航", "国泰", "苏中", "阳光", "新华",
            "靖海", "江阴", "骥江", "牧城", "孤山", "马洲", "沿江", "滨江", "港城", "中盛", "金象", "天成", "南通", "鼎盛",
            "嘉华", "永安", "益民", "华通", "恒达", "正和", "同创", "三友", "佳禾", "丰源", "祥和", "富华", "新港", "众合");
    static final List<String> SURNAMES = List.of("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
            "朱", "高", "顾", "陆", "沈", "钱", "季", "缪", "鞠", "范", "丁", "夏");
    static final List<String> GIVEN = List.of("建国", "志强", "海峰", "秀英", "桂兰", "明", "伟", "芳", "军", "磊", "静",
            "勇", "丽", "杰", "涛", "敏", "斌", "燕", "超", "华", "红梅", "国平", "晓东", "春林", "卫东", "玉梅", "建华", "亚军");

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        DemoLoads.holdUntilCommit(jdbc);
        if (DemoLoads.loaded(jdbc, "jingjiang")) {
            return;
        }
        long started = System.nanoTime();
        String hash = password.hash(); // one hash for all demo accounts: BCrypt is slow on purpose
        regions();
        List<Long> departments = departments();
        List<Long> enterprises = enterprises();
        long serviceOrg = serviceOrganisation(enterprises);
        accounts(hash, departments, enterprises, serviceOrg);
        DemoLoads.markLoaded(jdbc, "jingjiang", clock);
        events.publishEvent(new StateChanged("加载演示数据", "demo", "jingjiang",
                "靖江市演示数据：" + enterprises.size() + " 家企业", null, CITY));
        log.info("Demo city 靖江市 loaded in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The regions, their grids and one grid worker each, as three batches (ADR 0063): the grids' ids are reserved in
     * the order single inserts took them, so each town's first grid (an enterprise's) is known without asking.
     */
    private void regions() {
        List<Object[]> regions = new ArrayList<>(), grids = new ArrayList<>(), workers = new ArrayList<>();
        regions.add(region("320000", "江苏省", 1, null, false, null));
        regions.add(region("321200", "泰州市", 2, "320000", false, null));
        regions.add(region(CITY, "靖江市", 3, "321200", false, rectangle(WEST, NORTH, CELL_W * 4, CELL_H * 3)));
        var gridIds = DemoLoads.reserveIds(jdbc, "grid", TOWNS.size() * 2).iterator();
        for (Town t : TOWNS) {
            regions.add(region(t.code(), t.name(), 4, CITY, true,
                    rectangle(WEST + t.col() * CELL_W, NORTH - t.row() * CELL_H, CELL_W, CELL_H)));
            for (int v = 1; v <= 2; v++) {
                String village = t.code() + String.format("%03d", 200 + v);
                regions.add(region(village, t.name().replaceAll("(镇|街道|园区|新区|经济技术开发区)$", "") + (v == 1 ? "中心社区" : "东村"),
                        5, t.code(), true, null));
            }
            for (int g = 1; g <= 2; g++) {
                long grid = gridIds.next();
                firstGrid.putIfAbsent(t.code(), grid);
                grids.add(new Object[] {grid, t.code(), t.code() + "-G" + g, t.name() + "第" + (g == 1 ? "一" : "二") + "网格"});
                workers.add(new Object[] {grid, personName(), mobile()});
            }
        }
        batch.batchUpdate("insert into region (code, name, level, parent_code, schematic, boundary) values (?, ?, ?, ?, ?, ?)", regions);
        batch.batchUpdate("insert into grid (id, region_code, code, name) overriding system value values (?, ?, ?, ?)", grids);
        batch.batchUpdate("insert into grid_worker (grid_id, name, phone) values (?, ?, ?)", workers);
    }

    private static Object[] region(String code, String name, int level, String parent, boolean schematic, String boundary) {
        return new Object[] {code, name, level, parent, schematic, boundary};
    }

    /** A schematic GeoJSON polygon: the demo's town boundaries are not survey data, and say so. */
    static String rectangle(double west, double north, double width, double height) {
        double e = west + width, s = north - height;
        return String.format(java.util.Locale.ROOT,
                "{\"type\":\"Polygon\",\"coordinates\":[[[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f]]]}",
                west, north, e, north, e, s, west, s, west, north);
    }

    private List<Long> departments() {
        Object[][] rows = {
                {"靖江市应急管理局", "应急管理", CITY, new String[] {}, "0523-84822110"},
                {"靖江市住房和城乡建设局", "住建", CITY, new String[] {"E"}, "0523-84822211"},
                {"靖江市交通运输局", "交通运输", CITY, new String[] {"G54", "G55"}, "0523-84822312"},
                {"靖江市消防救援大队", "消防救援", CITY, new String[] {"F52", "H", "R", "P"}, "0523-84822119"},
                {"靖江市市场监督管理局", "市场监管", CITY, new String[] {"C", "F", "H", "D45"}, "0523-84822315"},
                {"靖江市公安局", "公安", CITY, new String[] {"G54"}, "0523-84822110"},
                {"靖江市教育局", "教育", CITY, new String[] {"P"}, "0523-84822416"},
                {"靖江市文体广电和旅游局", "文旅", CITY, new String[] {"R", "H61"}, "0523-84822517"},
                {"靖江市工业和信息化局", "工业和信息化", CITY, new String[] {"C"}, "0523-84822618"},
                {"新桥镇安全生产监督管理办公室", "应急管理", "321282100", new String[] {}, "0523-84510110"},
                {"斜桥镇安全生产监督管理办公室", "应急管理", "321282102", new String[] {}, "0523-84520110"},
                {"滨江新区安全生产监督管理局", "应急管理", "321282401", new String[] {}, "0523-84530110"},
        };
        List<Long> ids = DemoLoads.reserveIds(jdbc, "department", rows.length);
        List<Object[]> batched = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            batched.add(new Object[] {ids.get(i), rows[i][0], rows[i][1], rows[i][2], rows[i][3], rows[i][4]});
        }
        batch.batchUpdate("""
                insert into department (id, name, kind, region_code, industries, phone) overriding system value
                values (?, ?, ?, ?, ?, ?)""", batched);
        return ids;
    }

    /**
     * The 64 enterprises as one insert and their responsible departments as one more (ADR 0063): the enterprise table's
     * read-model triggers fire per statement, and a round trip per enterprise was most of this loader. The ids are
     * reserved in the order single inserts took them, and every random draw is made in the order it always was, so
     * each enterprise is the one it always was (name, credit code, people, ids).
     */
    private List<Long> enterprises() {
        int brand = 0;
        List<Long> ids = DemoLoads.reserveIds(jdbc, "enterprise", KINDS.stream().mapToInt(Kind::count).sum());
        var nextId = ids.iterator();
        // One company, and per workshop the workshop, its team and its posts: known before any row is made.
        int unitCount = KINDS.stream().mapToInt(k -> k.count() * (1 + k.workshops().stream().mapToInt(w -> 1 + w.size()).sum())).sum();
        unitIds = DemoLoads.reserveIds(jdbc, "org_unit", unitCount).iterator();
        List<EnterpriseRow> rows = new ArrayList<>();
        for (Kind kind : KINDS) {
            for (int i = 0; i < kind.count(); i++) {
                String townCode = i % 3 == 2 ? TOWNS.get(random.nextInt(TOWNS.size())).code() : kind.town();
                Town town = TOWNS.stream().filter(t -> t.code().equals(townCode)).findFirst().orElseThrow();
                String name = "江苏" + BRANDS.get(brand++ % BRANDS.size()) + kind.suffix();
                int staff = kind.minStaff() + random.nextInt(kind.maxStaff() - kind.minStaff() + 1);
                boolean major = kind.flags().contains("major") || (kind.industry().equals("C2614") && i < 3);
                double lon = WEST + town.col() * CELL_W + 0.01 + random.nextDouble() * (CELL_W - 0.02);
                double lat = NORTH - town.row() * CELL_H - 0.01 - random.nextDouble() * (CELL_H - 0.02);
                long id = nextId.next();
                // The draws below in the order the single insert's parameters made them.
                String creditCode = creditCode();
                String address = "靖江市" + town.name() + BRANDS.get(random.nextInt(BRANDS.size())) + "路" + (10 + random.nextInt(180)) + "号";
                String principal = personName(), principalPhone = mobile(), safetyManager = personName(), safetyPhone = mobile();
                rows.add(new EnterpriseRow(id, name, creditCode, kind.industry(),
                        staff >= 1000 ? "LARGE" : staff >= 300 ? "MEDIUM" : staff >= 20 ? "SMALL" : "MICRO", staff, address,
                        BigDecimal.valueOf(lon).setScale(6, RoundingMode.HALF_UP), BigDecimal.valueOf(lat).setScale(6, RoundingMode.HALF_UP),
                        townCode, firstGrid.get(townCode), principal, principalPhone, safetyManager, safetyPhone,
                        i == kind.count() - 1 && kind.count() > 4 ? "SUSPENDED" : "OPERATING", major, kind.flags()));
                structure(id, name, kind.workshops());
            }
        }
        insert(rows);
        responsibleDepartments(rows);
        batch.batchUpdate("""
                insert into org_unit (id, enterprise_id, parent_id, name, tier, sort_order) overriding system value
                values (?, ?, ?, ?, ?, ?)""", units);
        batch.batchUpdate("insert into employee (enterprise_id, post_id, name, phone, job_title) values (?, ?, ?, ?, ?)", employees);
        units.clear();
        employees.clear();
        return ids;
    }

    private record EnterpriseRow(long id, String name, String creditCode, String industry, String scale, int staff,
                                 String address, BigDecimal lon, BigDecimal lat, String town, Long grid, String principal,
                                 String principalPhone, String safetyManager, String safetyPhone, String status,
                                 boolean major, String flags) { }

    private void insert(List<EnterpriseRow> rows) {
        jdbc.sql("""
                insert into enterprise (id, name, credit_code, industry_code, scale, headcount, address, longitude, latitude,
                    region_code, grid_id, principal_name, principal_phone, safety_manager_name, safety_manager_phone,
                    status, major_hazard, dust_explosion, confined_space, ammonia_refrigeration, hazardous_chemicals, crowded_place)
                overriding system value
                select id, n, cc, ind, scale, staff, addr, lon, lat, r, g, pn, pp, sn, sp, st, major, dust, confined, ammonia, hazchem, crowded
                  from unnest(cast(:id as bigint[]), cast(:n as text[]), cast(:cc as text[]), cast(:ind as text[]),
                      cast(:scale as text[]), cast(:staff as int[]), cast(:addr as text[]), cast(:lon as numeric[]),
                      cast(:lat as numeric[]), cast(:r as text[]), cast(:g as bigint[]), cast(:pn as text[]), cast(:pp as text[]),
                      cast(:sn as text[]), cast(:sp as text[]), cast(:st as text[]), cast(:major as boolean[]),
                      cast(:dust as boolean[]), cast(:confined as boolean[]), cast(:ammonia as boolean[]),
                      cast(:hazchem as boolean[]), cast(:crowded as boolean[]))
                  with ordinality as e (id, n, cc, ind, scale, staff, addr, lon, lat, r, g, pn, pp, sn, sp, st, major, dust,
                      confined, ammonia, hazchem, crowded, seq)
                 order by seq
                """)
                .param("id", rows.stream().map(EnterpriseRow::id).toArray(Long[]::new))
                .param("n", rows.stream().map(EnterpriseRow::name).toArray(String[]::new))
                .param("cc", rows.stream().map(EnterpriseRow::creditCode).toArray(String[]::new))
                .param("ind", rows.stream().map(EnterpriseRow::industry).toArray(String[]::new))
                .param("scale", rows.stream().map(EnterpriseRow::scale).toArray(String[]::new))
                .param("staff", rows.stream().map(EnterpriseRow::staff).toArray(Integer[]::new))
                .param("addr", rows.stream().map(EnterpriseRow::address).toArray(String[]::new))
                .param("lon", rows.stream().map(EnterpriseRow::lon).toArray(BigDecimal[]::new))
                .param("lat", rows.stream().map(EnterpriseRow::lat).toArray(BigDecimal[]::new))
                .param("r", rows.stream().map(EnterpriseRow::town).toArray(String[]::new))
                .param("g", rows.stream().map(EnterpriseRow::grid).toArray(Long[]::new))
                .param("pn", rows.stream().map(EnterpriseRow::principal).toArray(String[]::new))
                .param("pp", rows.stream().map(EnterpriseRow::principalPhone).toArray(String[]::new))
                .param("sn", rows.stream().map(EnterpriseRow::safetyManager).toArray(String[]::new))
                .param("sp", rows.stream().map(EnterpriseRow::safetyPhone).toArray(String[]::new))
                .param("st", rows.stream().map(EnterpriseRow::status).toArray(String[]::new))
                .param("major", rows.stream().map(EnterpriseRow::major).toArray(Boolean[]::new))
                .param("dust", flags(rows, "dust")).param("confined", flags(rows, "confined"))
                .param("ammonia", flags(rows, "ammonia")).param("hazchem", flags(rows, "hazchem"))
                .param("crowded", flags(rows, "crowded"))
                .update();
    }

    private static Boolean[] flags(List<EnterpriseRow> rows, String flag) {
        return rows.stream().map(r -> r.flags().contains(flag)).toArray(Boolean[]::new);
    }

    /** Every department whose region and industries cover an enterprise is responsible for it. */
    private void responsibleDepartments(List<EnterpriseRow> rows) {
        jdbc.sql("""
                insert into enterprise_department (enterprise_id, department_id)
                select e.id, d.id from unnest(cast(:e as bigint[]), cast(:town as text[]), cast(:ind as text[])) as e (id, town, ind)
                  join department d
                    on e.town like (case when length(d.region_code) = 6 and d.region_code like '%00' then rtrim(d.region_code, '0') else d.region_code end) || '%'
                   and (cardinality(d.industries) = 0 or exists (select 1 from unnest(d.industries) i where e.ind like i || '%'))
                """).param("e", rows.stream().map(EnterpriseRow::id).toArray(Long[]::new))
                .param("town", rows.stream().map(EnterpriseRow::town).toArray(String[]::new))
                .param("ind", rows.stream().map(EnterpriseRow::industry).toArray(String[]::new)).update();
    }

    private void structure(long enterprise, String name, List<List<String>> workshops) {
        long company = unit(enterprise, null, name, "COMPANY", 0);
        int order = 0;
        for (List<String> w : workshops) {
            long workshop = unit(enterprise, company, w.get(0), "WORKSHOP", order++);
            long team = unit(enterprise, workshop, w.get(0).replaceAll("(车间|部)$", "") + "一班", "TEAM", 0);
            for (String post : w.subList(1, w.size())) {
                long p = unit(enterprise, team, post, "POST", 0);
                int people = 1 + random.nextInt(3);
                for (int k = 0; k < people; k++) {
                    employees.add(new Object[] {enterprise, p, personName(), mobile(), post});
                }
            }
        }
    }

    /** Takes the unit's id now (the id a single insert would have given it) and leaves the row for the batch. */
    private long unit(long enterprise, Long parent, String name, String tier, int order) {
        long id = unitIds.next();
        units.add(new Object[] {id, enterprise, parent, name, tier, order});
        return id;
    }

    private long serviceOrganisation(List<Long> enterprises) {
        long org = jdbc.sql("""
                insert into service_org (name, credit_code, qualification, contact_name, contact_phone)
                values ('江苏安衡安全技术服务有限公司', :cc, '安全评价机构资质（乙级）', :n, :p) returning id
                """).param("cc", creditCode()).param("n", personName()).param("p", mobile()).query(Long.class).single();
        LocalDate today = LocalDate.now(clock);
        // Contracted: the first chemical works, two machinery works; one contract has expired and grants nothing.
        long[] clients = {enterprises.get(0), enterprises.get(15), enterprises.get(16)};
        for (long client : clients) {
            jdbc.sql("insert into service_contract (service_org_id, enterprise_id, start_date, end_date, scope) values (:s, :e, :a, :b, :scope)")
                    .param("s", org).param("e", client).param("a", today.minusMonths(3)).param("b", today.plusMonths(9))
                    .param("scope", "风险辨识评估、隐患排查").update();
        }
        jdbc.sql("insert into service_contract (service_org_id, enterprise_id, start_date, end_date, scope) values (:s, :e, :a, :b, '年度隐患排查（已到期）')")
                .param("s", org).param("e", enterprises.get(20)).param("a", today.minusYears(2)).param("b", today.minusYears(1)).update();
        return org;
    }

    private void accounts(String hash, List<Long> departments, List<Long> enterprises, long serviceOrg) {
        long chem = enterprises.get(0);
        long mech = enterprises.get(15); // a machinery works in 新桥镇, the town of gov_town
        Long worker = jdbc.sql("""
                select m.id from employee m join org_unit u on u.id = m.post_id
                 where m.enterprise_id = :e and u.name = '罐区巡检工' order by m.id limit 1
                """).param("e", chem).query(Long.class).single();
        // The account is a person on the payroll: the employee record that 包保, tasks and documents name is that same
        // person, so whoever signs in as worker_chem is credited as 顾建华 everywhere, never as another name.
        jdbc.sql("update employee set name = '顾建华' where id = :w").param("w", worker).update();
        // Likewise the 安全管理人员 an enterprise declares (the 告知卡's number to call, the 一企一册) is the safety manager who
        // signs in for it, not a stranger's name beside theirs.
        jdbc.sql("update enterprise set safety_manager_name = '陆海峰' where id = :e").param("e", chem).update();
        jdbc.sql("update enterprise set safety_manager_name = '缪志强' where id = :e").param("e", mech).update();
        account("admin", "平台管理员", "PLATFORM", null, null, null, null, hash, "PLATFORM_ADMIN");
        account("gov_city", "周卫东（市应急管理局）", "REGULATOR", null, departments.get(0), null, null, hash, "REGULATOR");
        account("gov_town", "季春林（新桥镇安监办）", "REGULATOR", null, departments.get(9), null, null, hash, "REGULATOR");
        account("ent_chem", "陆海峰（安全科长）", "ENTERPRISE", chem, null, null, null, hash, "ENTERPRISE_SAFETY");
        account("ent_mech", "缪志强（安全员）", "ENTERPRISE", mech, null, null, null, hash, "ENTERPRISE_SAFETY");
        account("worker_chem", "顾建华（罐区巡检工）", "ENTERPRISE", chem, null, null, worker, hash, "WORKER");
        account("service_org", "钱晓东（安衡安全）", "SERVICE_ORG", null, null, serviceOrg, null, hash, "SERVICE_ORG");
    }

    private void account(String username, String name, String kind, Long enterprise, Long department, Long serviceOrg,
                         Long employee, String hash, String role) {
        long id = jdbc.sql("""
                insert into user_account (username, password_hash, display_name, kind, enterprise_id, department_id,
                                          service_org_id, employee_id, demo)
                values (:u, :h, :n, :k, :e, :d, :s, :m, true) returning id
                """).param("u", username).param("h", hash).param("n", name).param("k", kind).param("e", enterprise)
                .param("d", department).param("s", serviceOrg).param("m", employee).query(Long.class).single();
        jdbc.sql("insert into user_role (user_id, role_id) select :u, id from role where code = :r")
                .param("u", id).param("r", role).update();
    }

    private String creditCode() {
        StringBuilder s = new StringBuilder("91321282MA");
        for (int i = 0; i < 7; i++) s.append(CREDIT_ALPHABET.charAt(random.nextInt(CREDIT_ALPHABET.length())));
        return s.append(cn.shuangkong.organization.CreditCode.checkCharacter(s.toString())).toString();
    }

    private String personName() {
        return SURNAMES.get(random.nextInt(SURNAMES.size())) + GIVEN.get(random.nextInt(GIVEN.size()));
    }

    private String mobile() {
        return "1" + (3 + random.nextInt(7)) + String.format("%09d", random.nextInt(1_000_000_000));
    }
}
