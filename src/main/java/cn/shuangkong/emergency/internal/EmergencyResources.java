package cn.shuangkong.emergency.internal;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
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
                       BigDecimal latitude, int memberCount, Instant retiredAt) { }

    public record Member(long id, long teamId, String name, String role, String phone) { }

    public record Expert(long id, long enterpriseId, String enterpriseName, String name, String specialties, String title,
                         String organisation, String phone, Instant retiredAt) { }

    public record Resource(long id, long enterpriseId, String enterpriseName, String category, String name,
                           BigDecimal quantity, String unit, String location, BigDecimal planX, BigDecimal planY,
                           BigDecimal longitude, BigDecimal latitude, LocalDate expiresOn, String keeper, String phone,
                           Instant retiredAt) {
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
        return teams(scope, enterpriseId, false);
    }

    /** With {@code withRetired}, retired ones too (with their retiredAt): a mirror must learn that they went. */
    public List<Team> teams(Jurisdiction scope, Long enterpriseId, boolean withRetired) {
        return scoped(scope, enterpriseId, withRetired, """
                select t.id, t.enterprise_id, e.name as enterprise_name, t.name, t.kind, t.leader, t.phone, t.location,
                       t.plan_x, t.plan_y, t.longitude, t.latitude, t.retired_at,
                       (select count(*) from emergency_team_member m where m.team_id = t.id) as member_count
                  from emergency_team t join (%s) e on e.id = t.enterprise_id
                """.formatted(OrganizationFacts.enterprises()), "t", " order by e.name, t.id", Team.class);
    }

    public List<Member> members(long teamId) {
        return jdbc.sql("select id, team_id, name, role, phone from emergency_team_member where team_id = :t order by id")
                .param("t", teamId).query(Member.class).list();
    }

    public List<Expert> experts(Jurisdiction scope, Long enterpriseId) {
        return experts(scope, enterpriseId, false);
    }

    /** With {@code withRetired}, retired ones too (with their retiredAt): a mirror must learn that they went. */
    public List<Expert> experts(Jurisdiction scope, Long enterpriseId, boolean withRetired) {
        return scoped(scope, enterpriseId, withRetired, """
                select x.id, x.enterprise_id, e.name as enterprise_name, x.name, x.specialties, x.title, x.organisation, x.phone, x.retired_at
                  from emergency_expert x join (%s) e on e.id = x.enterprise_id
                """.formatted(OrganizationFacts.enterprises()), "x", " order by e.name, x.id", Expert.class);
    }

    public List<Resource> resources(Jurisdiction scope, Long enterpriseId) {
        return resources(scope, enterpriseId, false);
    }

    /** With {@code withRetired}, retired ones too (with their retiredAt): a mirror must learn that they went. */
    public List<Resource> resources(Jurisdiction scope, Long enterpriseId, boolean withRetired) {
        return scoped(scope, enterpriseId, withRetired, """
                select r.id, r.enterprise_id, e.name as enterprise_name, r.category, r.name, r.quantity, r.unit, r.location,
                       r.plan_x, r.plan_y, r.longitude, r.latitude, r.expires_on, r.keeper, r.phone, r.retired_at
                  from emergency_resource r join (%s) e on e.id = r.enterprise_id
                """.formatted(OrganizationFacts.enterprises()), "r", " order by e.name, r.category, r.expires_on nulls last, r.id", Resource.class);
    }

    private <T> List<T> scoped(Jurisdiction scope, Long enterpriseId, boolean withRetired, String select, String alias, String order,
                               Class<T> type) {
        var f = scope.enterpriseFilter("e");
        Map<String, Object> params = new HashMap<>(f.params());
        String where = " where " + (withRetired ? "" : alias + ".retired_at is null and ") + f.sql();
        if (enterpriseId != null) {
            where += " and " + alias + ".enterprise_id = :ent";
            params.put("ent", enterpriseId);
        }
        return jdbc.sql(select + where + order).params(params).query(type).list();
    }

    @Transactional
    public long addTeam(Actor me, TeamDraft draft) {
        var owner = owners.own(me);
        TeamDraft d = validTeam(draft, true);
        List<MemberDraft> members = d.members();
        long id = jdbc.sql("""
                insert into emergency_team (enterprise_id, name, kind, leader, phone, location, plan_x, plan_y, longitude, latitude, created_at)
                values (:e, :n, :k, :l, :p, :loc, :x, :y, :lon, :lat, :t) returning id
                """).param("e", owner.id()).param("n", d.name()).param("k", d.kind()).param("l", d.leader()).param("p", d.phone())
                .param("loc", d.location()).param("x", d.planX()).param("y", d.planY()).param("lon", d.longitude())
                .param("lat", d.latitude()).param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        for (MemberDraft m : members) insertMember(id, m);
        events.publishEvent(new StateChanged("登记救援队伍", "emergency_team", String.valueOf(id),
                d.name() + "（" + d.kind() + "，负责人 " + d.leader() + "，队员 " + members.size() + " 人）", owner.id(), owner.regionCode()));
        return id;
    }

    /** Edits a team's own fields with the same checks as registration; its members change one by one. */
    @Transactional
    public void editTeam(Actor me, long id, TeamDraft draft) {
        var owner = owned(me, "emergency_team", id, "救援队伍");
        TeamDraft d = validTeam(draft, false);
        jdbc.sql("""
                update emergency_team set name = :n, kind = :k, leader = :l, phone = :p, location = :loc, plan_x = :x, plan_y = :y,
                       longitude = :lon, latitude = :lat where id = :id
                """).param("n", d.name()).param("k", d.kind()).param("l", d.leader()).param("p", d.phone())
                .param("loc", d.location()).param("x", d.planX()).param("y", d.planY()).param("lon", d.longitude())
                .param("lat", d.latitude()).param("id", id).update();
        events.publishEvent(new StateChanged("修改救援队伍", "emergency_team", String.valueOf(id),
                d.name() + "（" + d.kind() + "，负责人 " + d.leader() + " " + d.phone() + "）", owner.id(), owner.regionCode()));
    }

    @Transactional
    public long addMember(Actor me, long teamId, MemberDraft draft) {
        var owner = owned(me, "emergency_team", teamId, "救援队伍");
        Fields check = Fields.check();
        MemberDraft m = validMember(check, "", "队员", draft);
        check.done();
        long id = insertMember(teamId, m);
        events.publishEvent(new StateChanged("增加救援队员", "emergency_team", String.valueOf(teamId),
                m.name() + (m.role() == null ? "" : "（" + m.role() + "）") + " " + m.phone(), owner.id(), owner.regionCode()));
        return id;
    }

    @Transactional
    public void removeMember(Actor me, long teamId, long memberId) {
        var owner = owned(me, "emergency_team", teamId, "救援队伍");
        var m = members(teamId).stream().filter(x -> x.id() == memberId).findFirst()
                .orElseThrow(() -> cn.shuangkong.shared.DomainException.notFound("救援队员"));
        jdbc.sql("delete from emergency_team_member where id = :id").param("id", memberId).update();
        events.publishEvent(new StateChanged("移除救援队员", "emergency_team", String.valueOf(teamId),
                m.name() + (m.role() == null ? "" : "（" + m.role() + "）") + " " + m.phone(), owner.id(), owner.regionCode()));
    }

    private TeamDraft validTeam(TeamDraft d, boolean withMembers) {
        Fields check = Fields.check();
        String name = check.text("name", d.name(), "队伍名称", 120, true);
        String kind = check.text("kind", d.kind(), "队伍类型", 60, true);
        String leader = check.text("leader", d.leader(), "负责人", 40, true);
        String phone = check.phone("phone", d.phone(), "联系电话", true);
        String location = check.text("location", d.location(), "驻地", 200, false);
        check.position(d.planX(), d.planY(), d.longitude(), d.latitude());
        List<MemberDraft> members = new java.util.ArrayList<>();
        List<MemberDraft> given = !withMembers || d.members() == null ? List.of() : d.members();
        for (int i = 0; i < given.size(); i++) {
            members.add(validMember(check, "members[" + i + "].", "第 " + (i + 1) + " 名队员的", given.get(i)));
        }
        check.done();
        return new TeamDraft(name, kind, leader, phone, location, d.planX(), d.planY(), d.longitude(), d.latitude(), members);
    }

    private static MemberDraft validMember(Fields check, String prefix, String label, MemberDraft m) {
        if (m == null) m = new MemberDraft(null, null, null);
        return new MemberDraft(check.text(prefix + "name", m.name(), label + "姓名", 40, true),
                check.text(prefix + "role", m.role(), label + "职责", 60, false),
                check.phone(prefix + "phone", m.phone(), label + "电话", true));
    }

    private long insertMember(long teamId, MemberDraft m) {
        return jdbc.sql("insert into emergency_team_member (team_id, name, role, phone) values (:t, :n, :r, :p) returning id")
                .param("t", teamId).param("n", m.name()).param("r", m.role()).param("p", m.phone()).query(Long.class).single();
    }

    @Transactional
    public long addExpert(Actor me, ExpertDraft draft) {
        var owner = owners.own(me);
        ExpertDraft d = validExpert(draft);
        long id = jdbc.sql("""
                insert into emergency_expert (enterprise_id, name, specialties, title, organisation, phone, created_at)
                values (:e, :n, :s, :ti, :o, :p, :t) returning id
                """).param("e", owner.id()).param("n", d.name()).param("s", d.specialties()).param("ti", d.title())
                .param("o", d.organisation()).param("p", d.phone()).param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        events.publishEvent(new StateChanged("登记应急专家", "emergency_expert", String.valueOf(id), d.name() + "（" + d.specialties() + "）",
                owner.id(), owner.regionCode()));
        return id;
    }

    @Transactional
    public void editExpert(Actor me, long id, ExpertDraft draft) {
        var owner = owned(me, "emergency_expert", id, "应急专家");
        ExpertDraft d = validExpert(draft);
        jdbc.sql("update emergency_expert set name = :n, specialties = :s, title = :ti, organisation = :o, phone = :p where id = :id")
                .param("n", d.name()).param("s", d.specialties()).param("ti", d.title()).param("o", d.organisation())
                .param("p", d.phone()).param("id", id).update();
        events.publishEvent(new StateChanged("修改应急专家", "emergency_expert", String.valueOf(id),
                d.name() + "（" + d.specialties() + "）" + d.phone(), owner.id(), owner.regionCode()));
    }

    private static ExpertDraft validExpert(ExpertDraft d) {
        Fields check = Fields.check();
        String name = check.text("name", d.name(), "专家姓名", 40, true);
        String specialties = check.text("specialties", d.specialties(), "专业领域", 200, true);
        String title = check.text("title", d.title(), "职称", 60, false);
        String organisation = check.text("organisation", d.organisation(), "工作单位", 120, false);
        String phone = check.phone("phone", d.phone(), "联系电话", true);
        check.done();
        return new ExpertDraft(name, specialties, title, organisation, phone);
    }

    @Transactional
    public long addResource(Actor me, ResourceDraft draft) {
        var owner = owners.own(me);
        ResourceDraft d = validResource(draft);
        long id = jdbc.sql("""
                insert into emergency_resource (enterprise_id, category, name, quantity, unit, location, plan_x, plan_y,
                                                longitude, latitude, expires_on, keeper, phone, created_at)
                values (:e, :c, :n, :q, :u, :loc, :x, :y, :lon, :lat, :exp, :k, :p, :t) returning id
                """).param("e", owner.id()).param("c", d.category()).param("n", d.name()).param("q", d.quantity())
                .param("u", d.unit()).param("loc", d.location()).param("x", d.planX()).param("y", d.planY())
                .param("lon", d.longitude()).param("lat", d.latitude()).param("exp", d.expiresOn()).param("k", d.keeper())
                .param("p", d.phone()).param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        events.publishEvent(new StateChanged("登记" + Category.valueOf(d.category()).label, "emergency_resource", String.valueOf(id),
                describe(d), owner.id(), owner.regionCode()));
        return id;
    }

    /** Edits an item with the same checks as registration; a changed expiry date is reminded of when it comes near. */
    @Transactional
    public void editResource(Actor me, long id, ResourceDraft draft) {
        var owner = owned(me, "emergency_resource", id, "应急装备或物资");
        ResourceDraft d = validResource(draft);
        jdbc.sql("""
                update emergency_resource set category = :c, name = :n, quantity = :q, unit = :u, location = :loc, plan_x = :x,
                       plan_y = :y, longitude = :lon, latitude = :lat, expires_on = :exp, keeper = :k, phone = :p where id = :id
                """).param("c", d.category()).param("n", d.name()).param("q", d.quantity())
                .param("u", d.unit()).param("loc", d.location()).param("x", d.planX()).param("y", d.planY())
                .param("lon", d.longitude()).param("lat", d.latitude()).param("exp", d.expiresOn()).param("k", d.keeper())
                .param("p", d.phone()).param("id", id).update();
        events.publishEvent(new StateChanged("修改应急装备物资", "emergency_resource", String.valueOf(id), describe(d),
                owner.id(), owner.regionCode()));
    }

    private static String describe(ResourceDraft d) {
        return d.name() + " " + d.quantity().stripTrailingZeros().toPlainString() + d.unit() + "，" + d.location()
                + (d.expiresOn() == null ? "" : "，有效期至 " + d.expiresOn());
    }

    private static ResourceDraft validResource(ResourceDraft d) {
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
        return new ResourceDraft(category.name(), name, d.quantity(), unit, location, d.planX(), d.planY(), d.longitude(),
                d.latitude(), d.expiresOn(), keeper, phone);
    }

    /** The tables whose rows can be retired, with what a user calls them. */
    private static final Map<String, String> RETIRABLE = Map.of("emergency_team", "救援队伍", "emergency_expert", "应急专家",
            "emergency_resource", "应急装备或物资");

    /**
     * Retires (停用) a team, expert or item: the row and its history stay, but it is no longer listed, no longer counts
     * among the resources near a risk point and is no longer reminded of.
     */
    @Transactional
    public void retire(Actor me, String table, long id) {
        String what = RETIRABLE.get(table);
        if (what == null) throw new IllegalArgumentException(table);
        var owner = owned(me, table, id, what);
        String name = jdbc.sql("update " + table + " set retired_at = :t where id = :id returning name")
                .param("t", Timestamp.from(clock.instant())).param("id", id).query(String.class).single();
        events.publishEvent(new StateChanged("停用" + what, table, String.valueOf(id), name + " 已停用", owner.id(), owner.regionCode()));
    }

    /** A live (not retired) row of the actor's own enterprise; anything else looks as if it did not exist. */
    private Owners.Owner owned(Actor me, String table, long id, String what) {
        Long enterprise = jdbc.sql("select enterprise_id from " + table + " where id = :id and retired_at is null")
                .param("id", id).query(Long.class).optional().orElseThrow(() -> cn.shuangkong.shared.DomainException.notFound(what));
        return owners.own(me, enterprise, what);
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
