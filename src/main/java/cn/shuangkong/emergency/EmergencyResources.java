package cn.shuangkong.emergency;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 应急资源: rescue teams with their members, the expert pool, and equipment and materials with quantity, location (on
 * the site plan or by coordinates) and expiry date.
 */
@Service
public class EmergencyResources {

    /** 应急装备 / 应急物资. */
    public enum Category {
        EQUIPMENT("应急装备"), MATERIAL("应急物资");

        public final String label;

        Category(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }
    }

    public record Team(long id, long enterpriseId, String enterpriseName, String name, String kind, String leader,
                       String phone, String location, BigDecimal planX, BigDecimal planY, BigDecimal longitude,
                       BigDecimal latitude, int memberCount) { }

    public record Member(long id, long teamId, String name, String role, String phone) { }

    public record Expert(long id, long enterpriseId, String enterpriseName, String name, String specialties, String title,
                         String organisation, String phone) { }

    public record Resource(long id, long enterpriseId, String enterpriseName, String category, String name,
                           BigDecimal quantity, String unit, String location, BigDecimal planX, BigDecimal planY,
                           BigDecimal longitude, BigDecimal latitude, LocalDate expiresOn, String keeper, String phone) {
        public String categoryLabel() {
            return Category.valueOf(category).label;
        }

        public String quantityText() {
            return quantity.stripTrailingZeros().toPlainString() + " " + unit;
        }

        public boolean expired(LocalDate today) {
            return expiresOn != null && expiresOn.isBefore(today);
        }

        public boolean expiringWithin(LocalDate today, int days) {
            return expiresOn != null && !expired(today) && !expiresOn.isAfter(today.plusDays(days));
        }
    }

    public record MemberDraft(String name, String role, String phone) { }

    public record TeamDraft(String name, String kind, String leader, String phone, String location, BigDecimal planX,
                            BigDecimal planY, BigDecimal longitude, BigDecimal latitude, List<MemberDraft> members) { }

    public record ExpertDraft(String name, String specialties, String title, String organisation, String phone) { }

    public record ResourceDraft(String category, String name, BigDecimal quantity, String unit, String location,
                                BigDecimal planX, BigDecimal planY, BigDecimal longitude, BigDecimal latitude,
                                LocalDate expiresOn, String keeper, String phone) { }

    /** A replenishment or replacement: the new quantity and, for items that expire, the new expiry date. */
    public record StockUpdate(BigDecimal quantity, LocalDate expiresOn) { }

    private final JdbcClient jdbc;
    private final Owners owners;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int reminderDays;

    EmergencyResources(JdbcClient jdbc, Owners owners, ApplicationEventPublisher events, Clock clock,
                       @Value("${shuangkong.emergency.expiry-reminder-days:30}") int reminderDays) {
        this.jdbc = jdbc;
        this.owners = owners;
        this.events = events;
        this.clock = clock;
        this.reminderDays = reminderDays;
    }

    /** How many days before expiry equipment and materials are flagged and reminded. */
    public int reminderDays() {
        return reminderDays;
    }

    public List<Team> teams(Jurisdiction scope, Long enterpriseId) {
        return scoped(scope, enterpriseId, """
                select t.id, t.enterprise_id, e.name as enterprise_name, t.name, t.kind, t.leader, t.phone, t.location,
                       t.plan_x, t.plan_y, t.longitude, t.latitude,
                       (select count(*) from emergency_team_member m where m.team_id = t.id) as member_count
                  from emergency_team t join enterprise e on e.id = t.enterprise_id
                """, "t", " order by e.name, t.id", Team.class);
    }

    public List<Member> members(long teamId) {
        return jdbc.sql("select id, team_id, name, role, phone from emergency_team_member where team_id = :t order by id")
                .param("t", teamId).query(Member.class).list();
    }

    public List<Expert> experts(Jurisdiction scope, Long enterpriseId) {
        return scoped(scope, enterpriseId, """
                select x.id, x.enterprise_id, e.name as enterprise_name, x.name, x.specialties, x.title, x.organisation, x.phone
                  from emergency_expert x join enterprise e on e.id = x.enterprise_id
                """, "x", " order by e.name, x.id", Expert.class);
    }

    public List<Resource> resources(Jurisdiction scope, Long enterpriseId) {
        return scoped(scope, enterpriseId, """
                select r.id, r.enterprise_id, e.name as enterprise_name, r.category, r.name, r.quantity, r.unit, r.location,
                       r.plan_x, r.plan_y, r.longitude, r.latitude, r.expires_on, r.keeper, r.phone
                  from emergency_resource r join enterprise e on e.id = r.enterprise_id
                """, "r", " order by e.name, r.category, r.expires_on nulls last, r.id", Resource.class);
    }

    private <T> List<T> scoped(Jurisdiction scope, Long enterpriseId, String select, String alias, String order, Class<T> type) {
        var f = scope.enterpriseFilter("e");
        Map<String, Object> params = new HashMap<>(f.params());
        String where = " where " + f.sql();
        if (enterpriseId != null) {
            where += " and " + alias + ".enterprise_id = :ent";
            params.put("ent", enterpriseId);
        }
        return jdbc.sql(select + where + order).params(params).query(type).list();
    }

    @Transactional
    public long addTeam(Actor me, TeamDraft d) {
        var owner = owners.own(me);
        Fields check = Fields.check();
        String name = check.text("name", d.name(), "队伍名称", 120, true);
        String kind = check.text("kind", d.kind(), "队伍类型", 60, true);
        String leader = check.text("leader", d.leader(), "负责人", 40, true);
        String phone = check.phone("phone", d.phone(), "联系电话", true);
        String location = check.text("location", d.location(), "驻地", 200, false);
        check.position(d.planX(), d.planY(), d.longitude(), d.latitude());
        List<MemberDraft> members = d.members() == null ? List.of() : d.members();
        for (int i = 0; i < members.size(); i++) {
            MemberDraft m = members.get(i);
            check.text("members[" + i + "].name", m.name(), "第 " + (i + 1) + " 名队员的姓名", 40, true);
            check.text("members[" + i + "].role", m.role(), "第 " + (i + 1) + " 名队员的职责", 60, false);
            check.phone("members[" + i + "].phone", m.phone(), "第 " + (i + 1) + " 名队员的电话", true);
        }
        check.done();
        long id = jdbc.sql("""
                insert into emergency_team (enterprise_id, name, kind, leader, phone, location, plan_x, plan_y, longitude, latitude, created_at)
                values (:e, :n, :k, :l, :p, :loc, :x, :y, :lon, :lat, :t) returning id
                """).param("e", owner.id()).param("n", name).param("k", kind).param("l", leader).param("p", phone)
                .param("loc", location).param("x", d.planX()).param("y", d.planY()).param("lon", d.longitude())
                .param("lat", d.latitude()).param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        for (MemberDraft m : members) {
            jdbc.sql("insert into emergency_team_member (team_id, name, role, phone) values (:t, :n, :r, :p)")
                    .param("t", id).param("n", m.name().strip()).param("r", m.role() == null || m.role().isBlank() ? null : m.role().strip())
                    .param("p", m.phone().strip()).update();
        }
        events.publishEvent(new StateChanged("登记救援队伍", "emergency_team", String.valueOf(id),
                name + "（" + kind + "，负责人 " + leader + "，队员 " + members.size() + " 人）", owner.id(), owner.regionCode()));
        return id;
    }

    @Transactional
    public long addExpert(Actor me, ExpertDraft d) {
        var owner = owners.own(me);
        Fields check = Fields.check();
        String name = check.text("name", d.name(), "专家姓名", 40, true);
        String specialties = check.text("specialties", d.specialties(), "专业领域", 200, true);
        String title = check.text("title", d.title(), "职称", 60, false);
        String organisation = check.text("organisation", d.organisation(), "工作单位", 120, false);
        String phone = check.phone("phone", d.phone(), "联系电话", true);
        check.done();
        long id = jdbc.sql("""
                insert into emergency_expert (enterprise_id, name, specialties, title, organisation, phone, created_at)
                values (:e, :n, :s, :ti, :o, :p, :t) returning id
                """).param("e", owner.id()).param("n", name).param("s", specialties).param("ti", title).param("o", organisation)
                .param("p", phone).param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        events.publishEvent(new StateChanged("登记应急专家", "emergency_expert", String.valueOf(id), name + "（" + specialties + "）",
                owner.id(), owner.regionCode()));
        return id;
    }

    @Transactional
    public long addResource(Actor me, ResourceDraft d) {
        var owner = owners.own(me);
        Fields check = Fields.check();
        Category category = check.choice("category", d.category(), Category.class, "请选择类别（应急装备或应急物资）", "类别只能是应急装备或应急物资");
        String name = check.text("name", d.name(), "名称", 120, true);
        check.require(d.quantity(), "quantity", "请填写数量");
        check.rule(d.quantity() == null || d.quantity().signum() >= 0, "quantity", "数量不能为负数");
        check.rule(d.quantity() == null || d.quantity().scale() <= 2 && d.quantity().precision() - d.quantity().scale() <= 10,
                "quantity", "数量最多 10 位整数、2 位小数");
        String unit = check.text("unit", d.unit(), "计量单位", 10, true);
        String location = check.text("location", d.location(), "存放地点", 200, true);
        check.position(d.planX(), d.planY(), d.longitude(), d.latitude());
        String keeper = check.text("keeper", d.keeper(), "保管人", 40, false);
        String phone = check.phone("phone", d.phone(), "保管人电话", false);
        check.done();
        long id = jdbc.sql("""
                insert into emergency_resource (enterprise_id, category, name, quantity, unit, location, plan_x, plan_y,
                                                longitude, latitude, expires_on, keeper, phone, created_at)
                values (:e, :c, :n, :q, :u, :loc, :x, :y, :lon, :lat, :exp, :k, :p, :t) returning id
                """).param("e", owner.id()).param("c", category.name()).param("n", name).param("q", d.quantity())
                .param("u", unit).param("loc", location).param("x", d.planX()).param("y", d.planY())
                .param("lon", d.longitude()).param("lat", d.latitude()).param("exp", d.expiresOn()).param("k", keeper)
                .param("p", phone).param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        events.publishEvent(new StateChanged("登记" + category.label, "emergency_resource", String.valueOf(id),
                name + " " + d.quantity().stripTrailingZeros().toPlainString() + unit + "，" + location
                        + (d.expiresOn() == null ? "" : "，有效期至 " + d.expiresOn()), owner.id(), owner.regionCode()));
        return id;
    }

    /**
     * Records a replenishment or replacement. A new expiry date is a new item as far as reminders go: it will be
     * reminded again when it in turn comes near.
     */
    @Transactional
    public void updateStock(Actor me, long id, StockUpdate u) {
        var r = resources(me.jurisdiction(), null).stream().filter(x -> x.id() == id).findFirst()
                .orElseThrow(() -> cn.shuangkong.shared.DomainException.notFound("应急装备或物资"));
        var owner = owners.own(me, r.enterpriseId(), "应急装备或物资");
        Fields check = Fields.check();
        check.require(u.quantity(), "quantity", "请填写数量");
        check.rule(u.quantity() == null || u.quantity().signum() >= 0, "quantity", "数量不能为负数");
        check.rule(u.expiresOn() == null || !u.expiresOn().isBefore(LocalDate.now(clock)), "expiresOn", "新的有效期不能早于今天");
        check.done();
        jdbc.sql("update emergency_resource set quantity = :q, expires_on = :e where id = :id")
                .param("q", u.quantity()).param("e", u.expiresOn()).param("id", id).update();
        events.publishEvent(new StateChanged("更新应急装备物资", "emergency_resource", String.valueOf(id),
                r.name() + "：数量 " + r.quantityText() + " → " + u.quantity().stripTrailingZeros().toPlainString() + " " + r.unit()
                        + "，有效期 " + (r.expiresOn() == null ? "长期" : r.expiresOn()) + " → " + (u.expiresOn() == null ? "长期" : u.expiresOn()),
                owner.id(), owner.regionCode()));
    }
}
