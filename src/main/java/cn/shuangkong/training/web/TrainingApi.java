package cn.shuangkong.training.web;

import org.springdoc.core.annotations.ParameterObject;
import jakarta.servlet.http.HttpServletResponse;
import cn.shuangkong.shared.MirrorQuery;
import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.training.Certificates;
import cn.shuangkong.training.TrainingRecords;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "培训与持证", description = "人员证书（特种作业操作证、特种设备作业人员证、主要负责人/安全管理人员考核合格证）及到期状态、培训记录与学时；按调用者的数据范围过滤")
@RestController
@RequestMapping("/api/v1/training")
@PreAuthorize("hasAuthority('training:read')")
class TrainingApi {

    record Created(long id) { }

    /** A certificate as listed, with its status today (有效 / 即将到期 / 已过期 / 已吊销). */
    record CertificateJson(Certificates.Certificate certificate, String status) { }

    record CertificateBody(Long employeeId, Certificates.Kind kind, String category, String number, String issuedBy,
                           LocalDate issuedOn, LocalDate expiresOn) { }

    record Revocation(String reason) { }

    record TrainingBody(Long employeeId, TrainingRecords.Kind kind, String title, BigDecimal hours, LocalDate trainedOn,
                        String trainer, Boolean passed) { }

    private final Certificates certificates;
    private final TrainingRecords trainings;
    private final java.time.Clock clock;

    private final Mirrors mirrors;

    TrainingApi(Certificates certificates, TrainingRecords trainings, java.time.Clock clock, Mirrors mirrors) {
        this.mirrors = mirrors;
        this.certificates = certificates;
        this.trainings = trainings;
        this.clock = clock;
    }

    @Operation(summary = "人员证书列表", description = "到期早者在前；status 为今天的状态")
    @GetMapping("/certificates")
    List<CertificateJson> certificates(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
                                       @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        LocalDate today = LocalDate.now(clock);
        return mirrors.list(mirror, response, "certificate", json -> json.certificate().id(), () -> certificates.list(me.jurisdiction(), enterpriseId).stream()
                .map(c -> new CertificateJson(c, c.statusOn(today, certificates.soonDays()))).toList());
    }

    @Operation(summary = "登记证书", description = "kind: SPECIAL_OPERATION 特种作业操作证（category 为国家目录中的作业类别）/ SPECIAL_EQUIPMENT / PRINCIPAL / SAFETY_MANAGER")
    @PostMapping("/certificates")
    @PreAuthorize("hasAuthority('training:write')")
    ResponseEntity<Created> record(@AuthenticationPrincipal Actor me, @RequestBody CertificateBody b) {
        long id = certificates.record(me, new Certificates.Draft(b.employeeId(), b.kind(), b.category(), b.number(),
                b.issuedBy(), b.issuedOn(), b.expiresOn()));
        return ResponseEntity.created(URI.create("/api/v1/training/certificates")).body(new Created(id));
    }

    @Operation(summary = "吊销或注销证书", description = "证书自此不再有效；记录与原因保留")
    @PostMapping("/certificates/{id}/revoke")
    @PreAuthorize("hasAuthority('training:write')")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody Revocation b) {
        certificates.revoke(me, id, b.reason());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "培训记录列表", description = "培训日期新者在前")
    @GetMapping("/records")
    List<TrainingRecords.Training> records(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Long enterpriseId,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "training_record", TrainingRecords.Training::id, () -> trainings.list(me.jurisdiction(), enterpriseId));
    }

    @Operation(summary = "登记培训", description = "kind: LEVEL_COMPANY / LEVEL_WORKSHOP / LEVEL_TEAM（三级安全教育）/ ANNUAL / SPECIAL / ENTRY；hours 学时")
    @PostMapping("/records")
    @PreAuthorize("hasAuthority('training:write')")
    ResponseEntity<Created> train(@AuthenticationPrincipal Actor me, @RequestBody TrainingBody b) {
        long id = trainings.record(me, new TrainingRecords.Draft(b.employeeId(), b.kind(), b.title(), b.hours(),
                b.trainedOn(), b.trainer(), b.passed()));
        return ResponseEntity.created(URI.create("/api/v1/training/records")).body(new Created(id));
    }
}
