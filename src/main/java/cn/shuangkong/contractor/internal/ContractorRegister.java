package cn.shuangkong.contractor.internal;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.contractor.Contractors;
import cn.shuangkong.organization.CreditCode;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Ref;
import cn.shuangkong.shared.Refs;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.training.Certificates;
import cn.shuangkong.training.TrainingRecords;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The enterprise's contractors as master data: the companies, their 资质 (a renewal is a new 资质 of the same kind;
 * the latest of a kind counts), their people with the 入厂 safety briefing, and — through {@code training} — their
 * certificates and entry training. Regulators and service organisations read within their scope; only the
 * enterprise's own accounts write.
 */
@Service
public class ContractorRegister {

    /** A contractor as listed; {@code qualifiedUntil} is the earliest expiry among the latest 资质 of each kind. */
    public record Contractor(long id, long enterpriseId, String enterpriseName, String name, String creditCode, String contactName,
                             String contactPhone, String workScope, LocalDate onSiteFrom, LocalDate onSiteUntil, String state,
                             boolean blacklisted, LocalDate qualifiedUntil, int people) {
        /** 黑名单 / 已终止合作 / 合作中. */
        public String stateLabel() {
            return blacklisted ? "黑名单" : "ENDED".equals(state) ? "已终止合作" : "合作中";
        }

        /** 资质有效 / 资质即将到期 / 资质已过期 / 未登记资质, on {@code day}. */
        public String qualificationStatusOn(LocalDate day, int soonDays) {
            if (qualifiedUntil == null) return "未登记资质";
            return Expiry.statusOn(qualifiedUntil, day, soonDays, "资质");
        }
    }

    /** One 资质; {@code renewed} when a later one of the same kind replaced it. */
    public record Qualification(long id, long contractorId, String kind, String number, String issuedBy, LocalDate validUntil,
                                boolean renewed) {
        public String statusOn(LocalDate day, int soonDays) {
            return renewed ? "已续期" : Expiry.statusOn(validUntil, day, soonDays, "");
        }
    }

    /** One of a contractor's people; the id number is only ever shown masked. */
    public record Person(long id, long contractorId, String name, String idNumberMasked, String job) { }

    public record Briefing(long id, long personId, LocalDate briefedOn, String briefedBy, String content) { }

    /** A person with what decides whether they may work on the site today. */
    public record PersonView(Person person, List<Certificates.Certificate> certificates, List<TrainingRecords.Training> trainings,
                             List<Briefing> briefings, List<String> refusals) {
        public boolean admissible() {
            return refusals.isEmpty();
        }
    }

    /** Everything the contractor's page shows; {@code refusals} says why it may not be given new work today. */
    public record Detail(Contractor contractor, List<Qualification> qualifications, List<PersonView> people,
                         List<ContractorConduct.Violation> violations, List<ContractorConduct.Evaluation> evaluations,
                         List<ContractorConduct.BlacklistEntry> blacklist, List<String> refusals) { }

    public record ContractorDraft(String name, String creditCode, String contactName, String contactPhone, String workScope,
                                  LocalDate onSiteFrom, LocalDate onSiteUntil) { }

    public record QualificationDraft(String kind, String number, String issuedBy, LocalDate validUntil) { }

    public record PersonDraft(String name, String idNumber, String job) { }

    public record BriefingDraft(LocalDate briefedOn, String briefedBy, String content) { }

    private static final String SELECT = """
            select c.id, c.enterprise_id, e.name as enterprise_name, c.name, c.credit_code, c.contact_name, c.contact_phone,
                   c.work_scope, c.on_site_from, c.on_site_until, c.state,
                   exists (select 1 from contractor_blacklist b where b.contractor_id = c.id and b.lifted_on is null) as blacklisted,
                   (select min(latest) from (select max(q.valid_until) as latest from contractor_qualification q
                                              where q.contractor_id = c.id group by q.kind) k) as qualified_until,
                   (select count(*) from contractor_person p where p.contractor_id = c.id) as people
              from contractor c join (%s) e on e.id = c.enterprise_id
            """.formatted(OrganizationFacts.enterprises());

    private final JdbcClient jdbc;
    private final Refs refs;
    private final Contractors contractors;
    private final ContractorAdmission admission;
    private final ContractorConduct conduct;
    private final Certificates certificates;
    private final TrainingRecords trainings;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ContractorRegister(JdbcClient jdbc, Refs refs, Contractors contractors, ContractorAdmission admission, ContractorConduct conduct,
                       Certificates certificates, TrainingRecords trainings, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.refs = refs;
        this.contractors = contractors;
        this.admission = admission;
        this.conduct = conduct;
        this.certificates = certificates;
        this.trainings = trainings;
        this.events = events;
        this.clock = clock;
    }

    /** Days before expiry a 资质 counts as 即将到期 and is reminded of: the same window as certificates. */
    public int soonDays() {
        return certificates.soonDays();
    }

    /** Contractors in scope, blacklisted and lapsing first within each enterprise. */
    public List<Contractor> list(Jurisdiction scope) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SELECT + " where " + f.sql() + " order by e.name, c.state, c.name, c.id").params(f.params())
                .query(Contractor.class).list();
    }

    /** One contractor in the actor's scope with its 资质, people, conduct and today's refusals. */
    public Detail detail(Actor me, long id) {
        Ref ref = refs.resolve(me, ContractorRefs.CONTRACTOR, id);
        LocalDate today = LocalDate.now(clock);
        Contractor c = jdbc.sql(SELECT + " where c.id = :id").param("id", id).query(Contractor.class).single();
        List<Qualification> qualifications = jdbc.sql("""
                select q.id, q.contractor_id, q.kind, q.number, q.issued_by, q.valid_until,
                       exists (select 1 from contractor_qualification o where o.contractor_id = q.contractor_id and o.kind = q.kind
                                  and (o.valid_until > q.valid_until or (o.valid_until = q.valid_until and o.id > q.id))) as renewed
                  from contractor_qualification q where q.contractor_id = :id order by q.kind, q.valid_until desc, q.id desc
                """).param("id", id).query(Qualification.class).list();
        Map<Long, List<Certificates.Certificate>> certs = certificates.ofContractorPeople(ref.enterpriseId()).stream()
                .collect(Collectors.groupingBy(Certificates.Certificate::contractorPersonId));
        Map<Long, List<TrainingRecords.Training>> trained = trainings.ofContractorPeople(ref.enterpriseId()).stream()
                .collect(Collectors.groupingBy(TrainingRecords.Training::contractorPersonId));
        Map<Long, List<Briefing>> briefings = jdbc.sql("""
                select b.id, b.person_id, b.briefed_on, b.briefed_by, b.content from contractor_briefing b
                  join contractor_person p on p.id = b.person_id where p.contractor_id = :id order by b.briefed_on desc, b.id desc
                """).param("id", id).query(Briefing.class).list().stream().collect(Collectors.groupingBy(Briefing::personId));
        List<PersonView> people = people(id).stream().map(p -> new PersonView(p, certs.getOrDefault(p.id(), List.of()),
                trained.getOrDefault(p.id(), List.of()), briefings.getOrDefault(p.id(), List.of()),
                admission.personRefusals(ref.enterpriseId(), p.id(), today))).toList();
        return new Detail(c, qualifications, people, conduct.violations(id), conduct.evaluations(id), conduct.blacklistOf(id),
                admission.refusals(ref.enterpriseId(), id, today));
    }

    /** Why the contractor in the actor's scope may not be given new work on {@code day}. */
    public List<String> refusals(Actor me, long id, LocalDate day) {
        Ref ref = refs.resolve(me, ContractorRefs.CONTRACTOR, id);
        return admission.refusals(ref.enterpriseId(), id, day);
    }

    /** By hand for its rule: the ID number is shown masked. */
    private List<Person> people(long contractorId) {
        return jdbc.sql("select id, contractor_id, name, id_number, job from contractor_person where contractor_id = :id order by name, id")
                .param("id", contractorId).query((rs, n) -> new Person(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        IdNumbers.masked(rs.getString(4)), rs.getString(5))).list();
    }

    @Transactional
    public long register(Actor me, ContractorDraft d) {
        long enterpriseId = ownEnterprise(me);
        ContractorDraft v = valid(d);
        long id;
        try {
            id = jdbc.sql("""
                    insert into contractor (enterprise_id, name, credit_code, contact_name, contact_phone, work_scope, on_site_from,
                                            on_site_until, created_by, created_at)
                    values (:e, :n, :cc, :cn, :cp, :w, :f, :u, :by, :t) returning id
                    """).param("e", enterpriseId).param("n", v.name()).param("cc", v.creditCode()).param("cn", v.contactName())
                    .param("cp", v.contactPhone()).param("w", v.workScope()).param("f", v.onSiteFrom()).param("u", v.onSiteUntil())
                    .param("by", me.displayName()).param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw duplicateCreditCode(v.creditCode());
        }
        events.publishEvent(new StateChanged("登记承包商", "contractor", String.valueOf(id),
                v.name() + "（" + v.creditCode() + "），承包范围：" + v.workScope() + sitePeriod(v), enterpriseId, null));
        return id;
    }

    /** Corrects the contractor's particulars and its 进场–离场 period. */
    @Transactional
    public void update(Actor me, long id, ContractorDraft d) {
        Ref ref = own(me, id);
        ContractorDraft v = valid(d);
        try {
            jdbc.sql("""
                    update contractor set name = :n, credit_code = :cc, contact_name = :cn, contact_phone = :cp, work_scope = :w,
                           on_site_from = :f, on_site_until = :u where id = :id
                    """).param("n", v.name()).param("cc", v.creditCode()).param("cn", v.contactName()).param("cp", v.contactPhone())
                    .param("w", v.workScope()).param("f", v.onSiteFrom()).param("u", v.onSiteUntil()).param("id", id).update();
        } catch (DuplicateKeyException e) {
            throw duplicateCreditCode(v.creditCode());
        }
        events.publishEvent(new StateChanged("修改承包商", "contractor", String.valueOf(id),
                v.name() + "（" + v.creditCode() + "），联系人 " + v.contactName() + sitePeriod(v), ref.enterpriseId(), null));
    }

    /** 终止合作 or 恢复合作: an ended contractor keeps its record and history but may not be given new work. */
    @Transactional
    public void setActive(Actor me, long id, boolean active) {
        Ref ref = own(me, id);
        int n = jdbc.sql("update contractor set state = :s where id = :id and state <> :s")
                .param("s", active ? "ACTIVE" : "ENDED").param("id", id).update();
        if (n == 0) throw DomainException.conflict(active ? "该承包商已在合作中" : "与该承包商的合作已终止");
        events.publishEvent(new StateChanged(active ? "恢复承包商合作" : "终止承包商合作", "contractor", String.valueOf(id),
                contractors.nameOf(ref.enterpriseId(), id).orElse(""), ref.enterpriseId(), null));
    }

    @Transactional
    public long addQualification(Actor me, long contractorId, QualificationDraft d) {
        Ref ref = own(me, contractorId);
        Map<String, String> errors = new LinkedHashMap<>();
        Fields.text(errors, "kind", d.kind(), "资质类别", 60);
        Fields.text(errors, "number", d.number(), "证书编号", 60);
        Fields.text(errors, "issuedBy", d.issuedBy(), "发证机关", 80);
        if (d.validUntil() == null) errors.put("validUntil", "请填写有效期至");
        Fields.refuse(errors);
        long id = jdbc.sql("""
                insert into contractor_qualification (contractor_id, enterprise_id, kind, number, issued_by, valid_until, created_by, created_at)
                values (:c, :e, :k, :n, :b, :v, :by, :t) returning id
                """).param("c", contractorId).param("e", ref.enterpriseId()).param("k", d.kind().strip()).param("n", d.number().strip())
                .param("b", d.issuedBy().strip()).param("v", d.validUntil()).param("by", me.displayName())
                .param("t", Timestamp.from(clock.instant())).query(Long.class).single();
        events.publishEvent(new StateChanged("登记承包商资质", "contractor_qualification", String.valueOf(id),
                d.kind().strip() + " " + d.number().strip() + "，有效期至 " + d.validUntil(), ref.enterpriseId(), null));
        return id;
    }

    @Transactional
    public long addPerson(Actor me, long contractorId, PersonDraft d) {
        Ref ref = own(me, contractorId);
        Map<String, String> errors = new LinkedHashMap<>();
        Fields.text(errors, "name", d.name(), "姓名", 40);
        String number = d.idNumber() == null ? null : d.idNumber().strip().toUpperCase();
        if (number == null || number.isEmpty()) errors.put("idNumber", "请填写身份证号码");
        else if (!IdNumbers.isValid(number)) errors.put("idNumber", "身份证号码须为18位且校验位正确");
        Fields.text(errors, "job", d.job(), "工种 / 岗位", 40);
        Fields.refuse(errors);
        long id;
        try {
            id = jdbc.sql("""
                    insert into contractor_person (contractor_id, enterprise_id, name, id_number, job, created_by, created_at)
                    values (:c, :e, :n, :i, :j, :by, :t) returning id
                    """).param("c", contractorId).param("e", ref.enterpriseId()).param("n", d.name().strip()).param("i", number)
                    .param("j", d.job().strip()).param("by", me.displayName()).param("t", Timestamp.from(clock.instant()))
                    .query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw new DomainException(HttpStatus.CONFLICT, "该身份证号码的人员已登记", Map.of("idNumber", "该身份证号码的人员已登记"));
        }
        events.publishEvent(new StateChanged("登记承包商人员", "contractor_person", String.valueOf(id),
                d.name().strip() + "（" + IdNumbers.masked(number) + "），" + d.job().strip(), ref.enterpriseId(), null));
        return id;
    }

    /** The 入厂 safety briefing given to one of the contractor's people. */
    @Transactional
    public long brief(Actor me, long contractorId, long personId, BriefingDraft d) {
        Ref person = person(me, contractorId, personId);
        Map<String, String> errors = new LinkedHashMap<>();
        if (d.briefedOn() == null) errors.put("briefedOn", "请填写交底日期");
        else if (d.briefedOn().isAfter(LocalDate.now(clock))) errors.put("briefedOn", "交底日期不能晚于今天");
        Fields.text(errors, "briefedBy", d.briefedBy(), "交底人", 40);
        Fields.text(errors, "content", d.content(), "交底内容", 500);
        Fields.refuse(errors);
        long id = jdbc.sql("""
                insert into contractor_briefing (person_id, enterprise_id, briefed_on, briefed_by, content, created_by, created_at)
                values (:p, :e, :d, :b, :c, :by, :t) returning id
                """).param("p", personId).param("e", person.enterpriseId()).param("d", d.briefedOn()).param("b", d.briefedBy().strip())
                .param("c", d.content().strip()).param("by", me.displayName()).param("t", Timestamp.from(clock.instant()))
                .query(Long.class).single();
        events.publishEvent(new StateChanged("入厂安全交底", "contractor_briefing", String.valueOf(id),
                d.briefedOn() + " 由 " + d.briefedBy().strip() + " 交底：" + d.content().strip(), person.enterpriseId(), null));
        return id;
    }

    /** A certificate of one of the contractor's people, kept by {@code training} like an employee's. */
    public long recordCertificate(Actor me, long contractorId, long personId, Certificates.Draft d) {
        return certificates.recordForContractorPerson(me, person(me, contractorId, personId), d);
    }

    /** Training of one of the contractor's people (the 入厂安全教育 first), kept by {@code training}. */
    public long recordTraining(Actor me, long contractorId, long personId, TrainingRecords.Draft d) {
        return trainings.recordForContractorPerson(me, person(me, contractorId, personId), d);
    }

    /** A person with their contractor, as a reminder about them names both. */
    record PersonOf(String name, String contractorName, long contractorId) { }

    /** The person's name and their contractor's, for a reminder about them. */
    java.util.Optional<PersonOf> personAndContractor(long personId) {
        return jdbc.sql("""
                select p.name, c.name as contractor_name, c.id as contractor_id
                  from contractor_person p join contractor c on c.id = p.contractor_id where p.id = :id
                """).param("id", personId).query(Rows.of(PersonOf.class)).optional();
    }

    private Ref own(Actor me, long contractorId) {
        return conduct.own(me, contractorId);
    }

    /** The person, of that very contractor. */
    private Ref person(Actor me, long contractorId, long personId) {
        Ref contractor = own(me, contractorId);
        boolean ofIt = jdbc.sql("select count(*) from contractor_person where id = :p and contractor_id = :c")
                .param("p", personId).param("c", contractorId).query(Long.class).single() > 0;
        if (!ofIt) throw DomainException.notFound(ContractorRefs.CONTRACTOR_PERSON.label());
        return new Ref(ContractorRefs.CONTRACTOR_PERSON, personId, contractor.enterpriseId());
    }

    static long ownEnterprise(Actor me) {
        if (me.enterpriseId() == null) throw new DomainException(HttpStatus.FORBIDDEN, "只有企业账号可以管理本企业的承包商", null);
        return me.enterpriseId();
    }

    private ContractorDraft valid(ContractorDraft d) {
        Map<String, String> errors = new LinkedHashMap<>();
        Fields.text(errors, "name", d.name(), "承包商名称", 120);
        String code = d.creditCode() == null ? null : d.creditCode().strip().toUpperCase();
        if (code == null || code.isEmpty()) errors.put("creditCode", "请填写统一社会信用代码");
        else if (!CreditCode.isValid(code)) errors.put("creditCode", "统一社会信用代码须为18位且校验位正确（GB 32100）");
        Fields.text(errors, "contactName", d.contactName(), "联系人", 40);
        Fields.text(errors, "contactPhone", d.contactPhone(), "联系电话", 20);
        if (!errors.containsKey("contactPhone") && !d.contactPhone().strip().matches("[0-9+\\- ]{5,20}")) {
            errors.put("contactPhone", "联系电话只能包含数字、+、- 和空格");
        }
        Fields.text(errors, "workScope", d.workScope(), "承包范围", 200);
        if (d.onSiteFrom() == null && d.onSiteUntil() != null) errors.put("onSiteFrom", "填写离场日期时请同时填写进场日期");
        if (d.onSiteFrom() != null && d.onSiteUntil() != null && d.onSiteUntil().isBefore(d.onSiteFrom())) {
            errors.put("onSiteUntil", "离场日期不能早于进场日期");
        }
        Fields.refuse(errors);
        return new ContractorDraft(d.name().strip(), code, d.contactName().strip(), d.contactPhone().strip(), d.workScope().strip(),
                d.onSiteFrom(), d.onSiteUntil());
    }

    private static String sitePeriod(ContractorDraft v) {
        if (v.onSiteFrom() == null) return "";
        return "，在场 " + v.onSiteFrom() + " 至 " + (v.onSiteUntil() == null ? "未定" : v.onSiteUntil());
    }

    private static DomainException duplicateCreditCode(String code) {
        return new DomainException(HttpStatus.CONFLICT, "统一社会信用代码 " + code + " 的承包商已登记", Map.of("creditCode", "该信用代码的承包商已登记"));
    }
}
