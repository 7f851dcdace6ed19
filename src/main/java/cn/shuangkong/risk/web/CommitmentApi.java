package cn.shuangkong.risk.web;

import cn.shuangkong.risk.DailyCommitments;
import cn.shuangkong.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "安全承诺公告", description = "安全风险研判与承诺公告，按调用者的数据范围过滤")
@RestController
@RequestMapping("/api/v1")
class CommitmentApi {

    private final DailyCommitments commitments;

    CommitmentApi(DailyCommitments commitments) {
        this.commitments = commitments;
    }

    @Operation(summary = "某日承诺公告查阅", description = "辖区内每家企业当日的承诺公告（未发布为 null）、是否迟报（晚于 "
            + "shuangkong.commitment.late-after），以及与当日作业票不符之处（承诺的特殊作业少于已开出的作业票，每次查阅时重新核对）。"
            + "字段结构化之前签署的公告没有 work / majorSources / riskLevel 等字段")
    @GetMapping("/commitments")
    @PreAuthorize("hasAuthority('risk:filing:review')")
    List<DailyCommitments.Review> reviews(@AuthenticationPrincipal Actor me,
                                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
        return commitments.reviews(me.jurisdiction(), day == null ? commitments.today() : day);
    }
}
