package cn.shuangkong.training;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Ref;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The certificates people hold. A certificate is valid on a day from its issue date up to and including its expiry
 * date, unless revoked (吊销 / 注销, with the reason); a renewed certificate is a new record, so that what someone held
 * on the day of a job stays answerable.
 */
@Service
public class Certificates {

    /** The national kinds of certificate the 双重预防 and 特殊作业 rules ask about. */
    public enum Kind {
        SPECIAL_OPERATION("特种作业操作证"), SPECIAL_EQUIPMENT("特种设备作业人员证"),
        PRINCIPAL("主要负责人安全生产知识和管理能力考核合格证"), SAFETY_MANAGER("安全管理人员安全生产知识和管理能力考核合格证");

        public final String label;

        Kind(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }
    }

    /**
     * What a role needs: a kind and the category written on the certificate (the 作业类别 of a 特种作业操作证). The
     * category names are those printed on the national certificates.
     */
    public enum Requirement {
        WELDER(Kind.SPECIAL_OPERATION, "焊接与热切割作业"), ELECTRICIAN(Kind.SPECIAL_OPERATION, "电工作业"),
        WORK_AT_HEIGHT(Kind.SPECIAL_OPERATION, "高处作业"), HAZARDOUS_CHEMICALS(Kind.SPECIAL_OPERATION, "危险化学品安全作业"),
        CRANE(Kind.SPECIAL_EQUIPMENT, "起重机作业");

        public final Kind kind;
        public final String category;

        Requirement(Kind kind, String category) {
            this.kind = kind;
            this.category = category;
        }
    }

    /** The 作业类别 offered on the form for a 特种作业操作证 (the national list); other kinds take free text. */
    public static final List<String> SPECIAL_OPERATION_CATEGORIES = List.of("电工作业", "焊接与热切割作业", "高处作业",
            "制冷与空调作业", "危险化学品安全作业", "烟花爆竹安全作业", "冶金（有色）生产安全作业", "金属非金属矿山安全作业",
            "石油天然气安全作业", "煤矿安全作业");

    /** {@code employeeId} or {@code contractorPersonId} names the holder; a contractor person's name is the contractor module's. */
    public record Certificate(long id, long enterpriseId, Long employeeId, Long contractorPersonId, String holderName, String kind, String category,
                              String number, String issuedBy, LocalDate issuedOn, LocalDate expiresOn,
                              java.time.Instant revokedAt, String revokeReason) {
        public String kindLabel() {
            return Kind.valueOf(kind).label;
        }

        public boolean validOn(LocalDate day) {
            return revokedAt == null && !day.isBefore(issuedOn) && !day.isAfter(expiresOn);
        }

        /** 有效 / 即将到期 (within {@code soonDays}) / 已过期 / 已吊销, as the list shows it. */
        public String statusOn(LocalDate day, int soonDays) {
            if (revokedAt != null) return "已吊销";
            if (day.isAfter(expiresOn)) return "已过期";
            if (day.isBefore(issuedOn)) return "未生效";
            return expiresOn.isAfter(day.plusDays(soonDays)) ? "有效" : "即将到期";
        }
    }

    public record Draft(Long employeeId, Kind kind, String category, String number, String issuedBy, LocalDate issuedOn,
                        LocalDate expiresOn) { }

    private static final String SELECT = """
            select c.id, c.enterprise_id, c.employee_id, c.contractor_person_id, m.name as holder_name, c.kind, c.category, c.number, c.issued_by,
                   c.issued_on, c.expires_on, c.revoked_at, c.revoke_reason
              from certificate c join (%s) m on m.id = c.employee_id join (%s) e on e.id = c.enterprise_id
            """.formatted(OrganizationFacts.employees(), OrganizationFacts.enterprises());

    private final JdbcClient jdbc;
    private final OrgStructure org;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int soonDays;

    Certificates(JdbcClient jdbc, OrgStructure org, ApplicationEventPublisher events, Clock clock,
                 @Value("${shuangkong.training.expiry-reminder-days:30}") int soonDays) {
        this.jdbc = jdbc;
        this.org = org;
        this.events = events;
        this.clock = clock;
        this.soonDays = soonDays;
    }

    /** Days before expiry a certificate counts as 即将到期 and its holder is reminded. */
    public int soonDays() {
        return soonDays;
    }

    /** Certificates in scope, soonest expiry first; {@code enterpriseId} narrows to one enterprise. */
    public List<Certificate> list(Jurisdiction scope, Long enterpriseId) {
        var f = scope.enterpriseFilter("e").narrowedTo("c.enterprise_id", enterpriseId);
        Map<String, Object> params = f.params();
        String where = " where " + f.sql();
        return jdbc.sql(SELECT + where + " order by c.revoked_at nulls first, c.expires_on, c.id").params(params)
                .query(Certificate.class).list();
    }

    /**
     * Whether the employee holds, on {@code day}, a valid certificate meeting {@code need}: the check a role that
     * needs a certificate makes before it is given.
     */
    public boolean holds(long enterpriseId, long employeeId, Requirement need, LocalDate day) {
        return jdbc.sql("""
                select count(*) from certificate
                 where enterprise_id = :e and employee_id = :m and kind = :k and category = :c and revoked_at is null
                   and issued_on <= :d and expires_on >= :d
                """).param("e", enterpriseId).param("m", employeeId).param("k", need.kind.name())
                .param("c", need.category).param("d", day).query(Long.class).single() > 0;
    }

    /** The certificates of the enterprise's contractor people, soonest expiry first; their names are the contractor module's. */
    public List<Certificate> ofContractorPeople(long enterpriseId) {
        return jdbc.sql("""
                select c.id, c.enterprise_id, c.employee_id, c.contractor_person_id, null as holder_name, c.kind, c.category,
                       c.number, c.issued_by, c.issued_on, c.expires_on, c.revoked_at, c.revoke_reason
                  from certificate c where c.enterprise_id = :e and c.contractor_person_id is not null
                 order by c.revoked_at nulls first, c.expires_on, c.id
                """).param("e", enterpriseId).query(Certificate.class).list();
    }

    /** Records a certificate of one of the actor's own enterprise's employees. */
    @Transactional
    public long record(Actor me, Draft d) {
        long enterpriseId = own(me);
        Map<String, String> errors = new LinkedHashMap<>();
        if (d.employeeId() == null) errors.put("employeeId", "请选择持证人");
        else if (org.employees(enterpriseId).stream().noneMatch(e -> e.id() == d.employeeId())) throw DomainException.notFound("员工");
        return insert(me, enterpriseId, d.employeeId(), null, d, errors);
    }

    /**
     * Records a certificate of a contractor's person, whom the contractor module has resolved in the actor's scope
     * ({@code person} is that reference); {@code d.employeeId} is ignored.
     */
    @Transactional
    public long recordForContractorPerson(Actor me, Ref person, Draft d) {
        long enterpriseId = own(me);
        if (person.enterpriseId() != enterpriseId) throw DomainException.notFound(person.kind().label());
        return insert(me, enterpriseId, null, person.id(), d, new LinkedHashMap<>());
    }

    private long insert(Actor me, long enterpriseId, Long employeeId, Long contractorPersonId, Draft d, Map<String, String> errors) {
        if (d.kind() == null) errors.put("kind", "请选择证书类别");
        text(errors, "category", d.category(), "作业类别 / 项目", 40);
        text(errors, "number", d.number(), "证书编号", 40);
        text(errors, "issuedBy", d.issuedBy(), "发证机关", 80);
        if (d.issuedOn() == null) errors.put("issuedOn", "请填写发证日期");
        else if (d.issuedOn().isAfter(LocalDate.now(clock))) errors.put("issuedOn", "发证日期不能晚于今天");
        if (d.expiresOn() == null) errors.put("expiresOn", "请填写有效期至");
        else if (d.issuedOn() != null && !d.expiresOn().isAfter(d.issuedOn())) errors.put("expiresOn", "有效期至必须晚于发证日期");
        if (d.kind() == Kind.SPECIAL_OPERATION && d.category() != null && !SPECIAL_OPERATION_CATEGORIES.contains(d.category().strip())) {
            errors.put("category", "特种作业操作证的作业类别须为国家目录中的一类，如 电工作业、焊接与热切割作业");
        }
        if (!errors.isEmpty()) throw new DomainException(HttpStatus.BAD_REQUEST, errors.values().iterator().next(), errors);
        long id;
        try {
            id = jdbc.sql("""
                    insert into certificate (enterprise_id, employee_id, contractor_person_id, kind, category, number, issued_by,
                                             issued_on, expires_on, created_by, created_at)
                    values (:e, :m, :p, :k, :c, :n, :b, :i, :x, :u, :t) returning id
                    """).param("e", enterpriseId).param("m", employeeId).param("p", contractorPersonId).param("k", d.kind().name())
                    .param("c", d.category().strip()).param("n", d.number().strip()).param("b", d.issuedBy().strip())
                    .param("i", d.issuedOn()).param("x", d.expiresOn()).param("u", me.username())
                    .param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw new DomainException(HttpStatus.CONFLICT, "该类证书编号「" + d.number().strip() + "」已登记", Map.of("number", "证书编号已登记"));
        }
        events.publishEvent(new StateChanged("登记证书", "certificate", String.valueOf(id),
                d.kind().label + " " + d.category().strip() + " " + d.number().strip() + "，有效期至 " + d.expiresOn(), enterpriseId, null));
        return id;
    }

    /** 吊销 / 注销: the certificate stops counting from now; the record and the reason stay. */
    @Transactional
    public void revoke(Actor me, long id, String reason) {
        long enterpriseId = own(me);
        if (reason == null || reason.isBlank()) throw DomainException.invalid("reason", "请填写吊销或注销的原因");
        if (reason.strip().length() > 200) throw DomainException.invalid("reason", "原因不能超过 200 个字");
        int n = jdbc.sql("""
                update certificate set revoked_at = :t, revoked_by = :u, revoke_reason = :r
                 where id = :id and enterprise_id = :e and revoked_at is null
                """).param("t", Timestamp.from(clock.instant())).param("u", me.username()).param("r", reason.strip())
                .param("id", id).param("e", enterpriseId).update();
        if (n == 0) {
            boolean exists = jdbc.sql("select count(*) from certificate where id = :id and enterprise_id = :e")
                    .param("id", id).param("e", enterpriseId).query(Long.class).single() > 0;
            if (!exists) throw DomainException.notFound("证书");
            throw DomainException.conflict("该证书已吊销或注销");
        }
        events.publishEvent(new StateChanged("吊销证书", "certificate", String.valueOf(id), reason.strip(), enterpriseId, null));
    }

    /** Only an enterprise's own accounts keep its people's certificates and training. */
    static long own(Actor me) {
        if (me.enterpriseId() == null) throw new DomainException(HttpStatus.FORBIDDEN, "只有企业账号可以登记本企业人员的证书和培训", null);
        return me.enterpriseId();
    }

    static void text(Map<String, String> errors, String field, String value, String label, int max) {
        if (value == null || value.isBlank()) errors.put(field, "请填写" + label);
        else if (value.strip().length() > max) errors.put(field, label + "不能超过 " + max + " 个字");
    }
}
