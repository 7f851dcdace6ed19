package cn.shuangkong.occupational.internal;

import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The 职业病危害因素 at each post of an enterprise, each with what the post's 警示说明 says of it (健康危害, 防护措施,
 * 应急救治措施), and the enterprise's 在岗期间 examination interval per factor.
 */
@Service
public class OccupationalFactors {

    /** The six categories of 《职业病危害因素分类目录》 (国卫疾控发〔2015〕92号). */
    public enum Category {
        DUST("粉尘因素"), CHEMICAL("化学因素"), PHYSICAL("物理因素"), RADIOACTIVE("放射性因素"), BIOLOGICAL("生物因素"), OTHER("其他因素");

        public final String label;

        Category(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }
    }

    /** Factors people commonly name, offered on the form; any other name of the 分类目录 is taken as typed. */
    public static final List<String> COMMON = List.of("矽尘", "煤尘", "水泥粉尘", "木粉尘", "电焊烟尘", "铝尘", "苯", "甲苯", "二甲苯",
            "甲醇", "甲醛", "氨", "氯气", "硫化氢", "一氧化碳", "二氧化硫", "氮氧化物", "铅烟", "锰及其化合物", "噪声", "高温", "手传振动",
            "全身振动", "紫外辐射", "电离辐射", "布鲁氏菌");

    /** Months between two 在岗期间 examinations when the enterprise has set none for a factor. */
    public static final int DEFAULT_INTERVAL_MONTHS = 12;

    /** A factor at a post; {@code createdAt} is when it was entered, the day a 变更申报 and a first 检测 count from. */
    public record Factor(long id, long enterpriseId, long postId, String postName, String category, String name,
                         String healthEffects, String protection, String firstAid, Instant createdAt) {
        public String categoryLabel() {
            return Category.valueOf(category).label;
        }
    }

    /** A factor as entered; {@code postId} is read only when the factor is added (an edit keeps its post). */
    public record Draft(Long postId, Category category, String name, String healthEffects, String protection, String firstAid) { }

    /** The enterprise's interval for one factor name, and whether it is the default. */
    public record Interval(String factorName, int months, boolean set) { }

    private static final String SELECT = """
            select f.id, f.enterprise_id, f.post_id, u.name as post_name, f.category, f.name, f.health_effects, f.protection, f.first_aid,
                   f.created_at
              from occupational_factor f join (%s) u on u.id = f.post_id join (%s) e on e.id = f.enterprise_id
            """.formatted(OrganizationFacts.orgUnits(), OrganizationFacts.enterprises());

    private final JdbcClient jdbc;
    private final OrgStructure org;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OccupationalFactors(JdbcClient jdbc, OrgStructure org, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.org = org;
        this.events = events;
        this.clock = clock;
    }

    /** Factors in scope by enterprise, post and name; {@code enterpriseId} narrows to one enterprise. */
    public List<Factor> list(Jurisdiction scope, Long enterpriseId) {
        var f = scope.enterpriseFilter("e").narrowedTo("f.enterprise_id", enterpriseId);
        Map<String, Object> params = f.params();
        String where = " where " + f.sql();
        return jdbc.sql(SELECT + where + " order by f.enterprise_id, u.name, f.post_id, f.id").params(params).query(Factor.class).list();
    }

    /** One enterprise's factors (the enterprise already resolved). */
    List<Factor> of(long enterpriseId) {
        return of(List.of(enterpriseId));
    }

    /** The factors of several enterprises already resolved, in one statement: what the rules read (ADR 0081). */
    List<Factor> of(Collection<Long> enterpriseIds) {
        return jdbc.sql(SELECT + " where f.enterprise_id = any(:ents) order by f.enterprise_id, u.name, f.post_id, f.id")
                .param("ents", enterpriseIds.toArray(Long[]::new)).query(Factor.class).list();
    }

    /** The intervals the enterprises have set, per enterprise and factor name, in one statement (no row: the default). */
    Map<Long, Map<String, Integer>> intervalsSet(Collection<Long> enterpriseIds) {
        Map<Long, Map<String, Integer>> out = new HashMap<>();
        jdbc.sql("select enterprise_id, factor_name, months from occupational_exam_interval where enterprise_id = any(:ents)")
                .param("ents", enterpriseIds.toArray(Long[]::new))
                .query(rs -> {
                    out.computeIfAbsent(rs.getLong(1), e -> new HashMap<>()).put(rs.getString(2), rs.getInt(3));
                });
        return out;
    }

    /** The factors of one post in scope; empty for a post outside the scope or with none declared. */
    public List<Factor> ofPost(Jurisdiction scope, long postId) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where f.post_id = :post and " + f.sql() + " order by f.category, f.id").params(f.params())
                .param("post", postId).query(Factor.class).list();
    }

    /** A factor of the actor's own enterprise, or 404. */
    public Factor find(Actor me, long id) {
        return jdbc.sql(SELECT + " where f.id = :id and f.enterprise_id = :ent").param("id", id).param("ent", own(me))
                .query(Factor.class).optional().orElseThrow(() -> DomainException.notFound("职业病危害因素"));
    }

    /**
     * The enterprises in scope that have declared a factor or recorded an exam, id to name by id: those a regulator's
     * summary lists and the alert rules look at.
     */
    Map<Long, String> enterprisesWithRecords(Jurisdiction scope) {
        var f = scope.enterpriseFilter("e");
        Map<Long, String> out = new LinkedHashMap<>();
        jdbc.sql("""
                select e.id, e.name from (%s) e
                 where (exists (select 1 from occupational_factor f where f.enterprise_id = e.id)
                        or exists (select 1 from health_exam x where x.enterprise_id = e.id)) and %s
                 order by e.id
                """.formatted(OrganizationFacts.enterprises(), f.sql())).params(f.params())
                .query(rs -> {
                    out.put(rs.getLong(1), rs.getString(2));
                });
        return out;
    }

    @Transactional
    public long add(Actor me, Draft d) {
        long enterpriseId = own(me);
        Map<String, String> errors = new LinkedHashMap<>();
        if (d.postId() == null) errors.put("postId", "请选择岗位");
        else if (org.units(enterpriseId).stream().noneMatch(u -> u.id() == d.postId() && OrgStructure.Tier.POST.name().equals(u.tier()))) {
            throw DomainException.notFound("岗位");
        }
        check(d, errors);
        long id;
        try {
            id = jdbc.sql("""
                    insert into occupational_factor (enterprise_id, post_id, category, name, health_effects, protection, first_aid, created_by, created_at)
                    values (:e, :p, :c, :n, :h, :pr, :a, :u, :t) returning id
                    """).param("e", enterpriseId).param("p", d.postId()).param("c", d.category().name()).param("n", d.name().strip())
                    .param("h", d.healthEffects().strip()).param("pr", d.protection().strip()).param("a", d.firstAid().strip())
                    .param("u", me.username()).param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw duplicate(d.name());
        }
        Factor f = find(me, id);
        events.publishEvent(new StateChanged("登记职业病危害因素", "occupational_factor", String.valueOf(id),
                f.postName() + "：" + d.category().label + " " + d.name().strip(), enterpriseId, null));
        return id;
    }

    /** Changes a factor's category, name and warning text; its post stays. */
    @Transactional
    public void update(Actor me, long id, Draft d) {
        Factor before = find(me, id);
        check(d, new LinkedHashMap<>());
        try {
            jdbc.sql("""
                    update occupational_factor set category = :c, name = :n, health_effects = :h, protection = :pr, first_aid = :a
                     where id = :id and enterprise_id = :e
                    """).param("c", d.category().name()).param("n", d.name().strip()).param("h", d.healthEffects().strip())
                    .param("pr", d.protection().strip()).param("a", d.firstAid().strip()).param("id", id).param("e", before.enterpriseId()).update();
        } catch (DuplicateKeyException e) {
            throw duplicate(d.name());
        }
        events.publishEvent(new StateChanged("修改职业病危害因素", "occupational_factor", String.valueOf(id),
                before.postName() + "：" + before.name() + " → " + d.category().label + " " + d.name().strip(), before.enterpriseId(), null));
    }

    /** Removes a factor from its post: from now on nobody on the post is exposed to it (exams already recorded stay). */
    @Transactional
    public void remove(Actor me, long id) {
        Factor f = find(me, id);
        jdbc.sql("delete from occupational_factor where id = :id and enterprise_id = :e").param("id", id).param("e", f.enterpriseId()).update();
        events.publishEvent(new StateChanged("删除职业病危害因素", "occupational_factor", String.valueOf(id),
                f.postName() + "：" + f.categoryLabel() + " " + f.name(), f.enterpriseId(), null));
    }

    /** The intervals of the factor names the enterprise has declared (or set), the default where none is set. */
    public List<Interval> intervals(long enterpriseId) {
        Map<String, Integer> set = jdbc.sql("select factor_name, months from occupational_exam_interval where enterprise_id = :e order by factor_name")
                .param("e", enterpriseId).query(Rows.pairs(String.class, Integer.class));
        Map<String, Interval> out = new java.util.TreeMap<>();
        for (Factor f : of(enterpriseId)) out.put(f.name(), new Interval(f.name(), DEFAULT_INTERVAL_MONTHS, false));
        set.forEach((name, months) -> out.put(name, new Interval(name, months, true)));
        return List.copyOf(out.values());
    }

    /** Sets the 在岗期间 interval of one factor for the actor's enterprise (1–60 months). */
    @Transactional
    public void setInterval(Actor me, String factorName, Integer months) {
        long enterpriseId = own(me);
        Map<String, String> errors = new LinkedHashMap<>();
        text(errors, "factorName", factorName, "危害因素", 40);
        if (months == null) errors.put("months", "请填写检查周期（月）");
        else if (months < 1 || months > 60) errors.put("months", "检查周期须为 1 至 60 个月");
        refuse(errors);
        jdbc.sql("""
                insert into occupational_exam_interval (enterprise_id, factor_name, months, updated_by, updated_at) values (:e, :n, :m, :u, :t)
                on conflict (enterprise_id, factor_name) do update set months = excluded.months, updated_by = excluded.updated_by,
                                                                     updated_at = excluded.updated_at
                """).param("e", enterpriseId).param("n", factorName.strip()).param("m", months).param("u", me.username())
                .param("t", Timestamp.from(clock.instant())).update();
        events.publishEvent(new StateChanged("设置在岗期间职业健康检查周期", "occupational_exam_interval", enterpriseId + ":" + factorName.strip(),
                factorName.strip() + "：每 " + months + " 个月", enterpriseId, null));
    }

    private static void check(Draft d, Map<String, String> errors) {
        if (d.category() == null) errors.put("category", "请选择危害因素类别");
        text(errors, "name", d.name(), "危害因素名称", 40);
        text(errors, "healthEffects", d.healthEffects(), "健康危害", 500);
        text(errors, "protection", d.protection(), "防护措施", 500);
        text(errors, "firstAid", d.firstAid(), "应急救治措施", 500);
        refuse(errors);
    }

    private static DomainException duplicate(String name) {
        return new DomainException(HttpStatus.CONFLICT, "该岗位已登记危害因素「" + name.strip() + "」", Map.of("name", "该岗位已登记此危害因素"));
    }

    /** Only an enterprise's own accounts keep its posts' hazards and its people's examinations. */
    static long own(Actor me) {
        if (me.enterpriseId() == null) throw new DomainException(HttpStatus.FORBIDDEN, "只有企业账号可以登记本企业的职业健康信息", null);
        return me.enterpriseId();
    }

    static void text(Map<String, String> errors, String field, String value, String label, int max) {
        if (value == null || value.isBlank()) errors.put(field, "请填写" + label);
        else if (value.strip().length() > max) errors.put(field, label + "长度不能超过 " + max + " 个字");
    }

    static void refuse(Map<String, String> errors) {
        if (!errors.isEmpty()) throw new DomainException(HttpStatus.BAD_REQUEST, errors.values().iterator().next(), errors);
    }
}
