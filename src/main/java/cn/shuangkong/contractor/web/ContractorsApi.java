package cn.shuangkong.contractor.web;

import cn.shuangkong.contractor.Contractors;
import cn.shuangkong.contractor.internal.ContractorConduct;
import cn.shuangkong.contractor.internal.ContractorRegister;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.MirrorQuery;
import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.training.Certificates;
import cn.shuangkong.training.TrainingRecords;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "承包商管理", description = "承包商及其资质、人员（证书、入厂安全教育、入厂安全交底）、违章记录、年度评价与承包商黑名单；按调用者的数据范围过滤，只有本企业账号可以登记")
@RestController
@RequestMapping("/api/v1/contractors")
@PreAuthorize("hasAuthority('contractor:read')")
class ContractorsApi {

    record Created(long id) { }

    /** A contractor as listed, with its state and 资质 status today. */
    record ContractorJson(ContractorRegister.Contractor contractor, String state, String qualificationStatus) { }

    record ContractorBody(String name, String creditCode, String contactName, String contactPhone, String workScope,
                          LocalDate onSiteFrom, LocalDate onSiteUntil) { }

    record QualificationBody(String kind, String number, String issuedBy, LocalDate validUntil) { }

    record PersonBody(String name, String idNumber, String job) { }

    record BriefingBody(LocalDate briefedOn, String briefedBy, String content) { }

    record CertificateBody(Certificates.Kind kind, String category, String number, String issuedBy, LocalDate issuedOn,
                           LocalDate expiresOn) { }

    record TrainingBody(TrainingRecords.Kind kind, String title, BigDecimal hours, LocalDate trainedOn, String trainer, Boolean passed) { }

    record ViolationBody(LocalDate occurredOn, String description, String jobReference, String foundBy, Integer points) { }

    record EvaluationBody(Integer year, Map<String, Integer> marks) { }

    record Reason(String reason) { }

    /** Whether the contractor may be given new work on the day, and why not. */
    record Admissibility(boolean admissible, List<String> reasons) { }

    private final ContractorRegister register;
    private final ContractorConduct conduct;
    private final Contractors contractors;
    private final Mirrors mirrors;
    private final Clock clock;

    ContractorsApi(ContractorRegister register, ContractorConduct conduct, Contractors contractors, Mirrors mirrors, Clock clock) {
        this.register = register;
        this.conduct = conduct;
        this.contractors = contractors;
        this.mirrors = mirrors;
        this.clock = clock;
    }

    @Operation(summary = "承包商列表", description = "state：合作中 / 已终止合作 / 黑名单；qualificationStatus 为今天的资质状态。"
            + "增量同步：给出 cursor / updatedSince / limit 时按 (更新时间, id) 升序分页，资质、人员或黑名单变化时承包商随之更新")
    @GetMapping
    List<ContractorJson> list(@AuthenticationPrincipal Actor me, @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        LocalDate today = LocalDate.now(clock);
        return mirrors.list(mirror, response, "contractor", j -> j.contractor().id(), () -> register.list(me.jurisdiction()).stream()
                .map(c -> new ContractorJson(c, c.stateLabel(), c.qualificationStatusOn(today, register.soonDays()))).toList());
    }

    @Operation(summary = "承包商黑名单", description = "数据范围内各企业的承包商黑名单，在册者在前；监管部门只读。"
            + "增量同步：给出 cursor / updatedSince / limit 时按 (更新时间, id) 升序分页，移出黑名单的记录随之更新")
    @GetMapping("/blacklist")
    List<ContractorConduct.BlacklistEntry> blacklist(@AuthenticationPrincipal Actor me, @ParameterObject MirrorQuery mirror,
                                                     HttpServletResponse response) {
        return mirrors.list(mirror, response, "contractor_blacklist", ContractorConduct.BlacklistEntry::id,
                () -> conduct.blacklist(me.jurisdiction()));
    }

    @Operation(summary = "今日在场承包商", description = "本企业在进场–离场期间、合作中且未列入黑名单的承包商及其人数（承诺公告的“承包商在场”）")
    @GetMapping("/on-site")
    List<Contractors.OnSite> onSite(@AuthenticationPrincipal Actor me, @RequestParam(required = false) LocalDate day) {
        if (me.enterpriseId() == null) throw new DomainException(HttpStatus.FORBIDDEN, "只有企业账号可以查看本企业在场承包商", null);
        return contractors.onSite(me.enterpriseId(), day == null ? LocalDate.now(clock) : day);
    }

    @Operation(summary = "承包商详情", description = "资质（已续期 / 有效 / 即将到期 / 已过期）、人员（身份证号码脱敏）及其证书、培训、交底和今日能否入厂、违章、年度评价、黑名单记录")
    @GetMapping("/{id}")
    ContractorRegister.Detail detail(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return register.detail(me, id);
    }

    @Operation(summary = "能否承揽新作业", description = "列入黑名单、终止合作、资质过期或未登记资质时不能；day 缺省为今天")
    @GetMapping("/{id}/admissibility")
    Admissibility admissibility(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) LocalDate day) {
        var reasons = register.refusals(me, id, day == null ? LocalDate.now(clock) : day);
        return new Admissibility(reasons.isEmpty(), reasons);
    }

    @Operation(summary = "登记承包商", description = "creditCode 为18位统一社会信用代码（校验位按 GB 32100）；onSiteFrom/onSiteUntil 为进场、离场日期")
    @PostMapping
    @PreAuthorize("hasAuthority('contractor:write')")
    ResponseEntity<Created> register(@AuthenticationPrincipal Actor me, @RequestBody ContractorBody b) {
        long id = register.register(me, draft(b));
        return ResponseEntity.created(URI.create("/api/v1/contractors/" + id)).body(new Created(id));
    }

    @Operation(summary = "修改承包商", description = "名称、信用代码、联系人、承包范围和进场–离场日期")
    @PutMapping("/{id}")
    @PreAuthorize("hasAuthority('contractor:write')")
    ResponseEntity<Void> update(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody ContractorBody b) {
        register.update(me, id, draft(b));
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "终止合作", description = "终止后不能承揽新作业，记录保留")
    @PostMapping("/{id}/end")
    @PreAuthorize("hasAuthority('contractor:write')")
    ResponseEntity<Void> end(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        register.setActive(me, id, false);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "恢复合作")
    @PostMapping("/{id}/resume")
    @PreAuthorize("hasAuthority('contractor:write')")
    ResponseEntity<Void> resume(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        register.setActive(me, id, true);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "登记资质", description = "续期即登记同类资质的新证书，同类以有效期最晚者为准")
    @PostMapping("/{id}/qualifications")
    @PreAuthorize("hasAuthority('contractor:write')")
    ResponseEntity<Created> qualification(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody QualificationBody b) {
        long q = register.addQualification(me, id, new ContractorRegister.QualificationDraft(b.kind(), b.number(), b.issuedBy(), b.validUntil()));
        return created(id, q);
    }

    @Operation(summary = "登记承包商人员", description = "idNumber 为18位居民身份证号码，列表中脱敏显示")
    @PostMapping("/{id}/people")
    @PreAuthorize("hasAuthority('contractor:write')")
    ResponseEntity<Created> person(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody PersonBody b) {
        return created(id, register.addPerson(me, id, new ContractorRegister.PersonDraft(b.name(), b.idNumber(), b.job())));
    }

    @Operation(summary = "入厂安全交底", description = "交底日期、交底人、交底内容；未交底的人员不得入厂作业")
    @PostMapping("/{id}/people/{personId}/briefings")
    @PreAuthorize("hasAuthority('contractor:write')")
    ResponseEntity<Created> brief(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long personId,
                                  @RequestBody BriefingBody b) {
        return created(id, register.brief(me, id, personId, new ContractorRegister.BriefingDraft(b.briefedOn(), b.briefedBy(), b.content())));
    }

    @Operation(summary = "登记人员证书", description = "与本企业员工的证书同一登记簿（培训与持证）；kind 同 /api/v1/training/certificates")
    @PostMapping("/{id}/people/{personId}/certificates")
    @PreAuthorize("hasAuthority('contractor:write')")
    ResponseEntity<Created> certificate(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long personId,
                                        @RequestBody CertificateBody b) {
        return created(id, register.recordCertificate(me, id, personId, new Certificates.Draft(null, b.kind(), b.category(),
                b.number(), b.issuedBy(), b.issuedOn(), b.expiresOn())));
    }

    @Operation(summary = "登记人员培训", description = "入厂安全教育为 kind=ENTRY；未通过入厂安全教育的人员不得入厂作业")
    @PostMapping("/{id}/people/{personId}/trainings")
    @PreAuthorize("hasAuthority('contractor:write')")
    ResponseEntity<Created> training(@AuthenticationPrincipal Actor me, @PathVariable long id, @PathVariable long personId,
                                     @RequestBody TrainingBody b) {
        return created(id, register.recordTraining(me, id, personId, new TrainingRecords.Draft(null, b.kind(), b.title(), b.hours(),
                b.trainedOn(), b.trainer(), b.passed())));
    }

    @Operation(summary = "记录违章", description = "jobReference 为作业票号或作业（文本）；points 扣分 1–100，计入当年评价")
    @PostMapping("/{id}/violations")
    @PreAuthorize("hasAuthority('contractor:write')")
    ResponseEntity<Created> violation(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody ViolationBody b) {
        return created(id, conduct.recordViolation(me, id, new ContractorConduct.ViolationDraft(b.occurredOn(), b.description(),
                b.jobReference(), b.foundBy(), b.points())));
    }

    @Operation(summary = "年度评价", description = "marks 为检查表各项得分：QUALIFICATION ≤20、MANAGEMENT ≤20、SITE ≤30、EQUIPMENT ≤15、COOPERATION ≤15；"
            + "减去当年违章扣分得总分，85 分及以上合格、70 分及以上基本合格、其余不合格；每年一次")
    @PostMapping("/{id}/evaluations")
    @PreAuthorize("hasAuthority('contractor:write')")
    ResponseEntity<Created> evaluate(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody EvaluationBody b) {
        return created(id, conduct.evaluate(me, id, b.year(), b.marks()));
    }

    @Operation(summary = "列入承包商黑名单", description = "自今日起不能承揽新作业，直至移出")
    @PostMapping("/{id}/blacklist")
    @PreAuthorize("hasAuthority('contractor:write')")
    ResponseEntity<Created> blacklist(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Reason b) {
        return created(id, conduct.blacklist(me, id, b.reason()));
    }

    @Operation(summary = "移出承包商黑名单", description = "须填写原因；原记录保留")
    @PostMapping("/{id}/blacklist/lift")
    @PreAuthorize("hasAuthority('contractor:write')")
    ResponseEntity<Void> lift(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Reason b) {
        conduct.lift(me, id, b.reason());
        return ResponseEntity.noContent().build();
    }

    private static ContractorRegister.ContractorDraft draft(ContractorBody b) {
        return new ContractorRegister.ContractorDraft(b.name(), b.creditCode(), b.contactName(), b.contactPhone(), b.workScope(),
                b.onSiteFrom(), b.onSiteUntil());
    }

    private static ResponseEntity<Created> created(long contractorId, long id) {
        return ResponseEntity.created(URI.create("/api/v1/contractors/" + contractorId)).body(new Created(id));
    }
}
