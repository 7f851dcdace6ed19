package cn.shuangkong.quality.web;

import cn.shuangkong.quality.internal.QualityChecks;
import cn.shuangkong.quality.internal.QualityRules;
import cn.shuangkong.quality.QualityScores;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
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

@Tag(name = "数据质量", description = "平台对自身数据的检查：规则（可配置扣分和启停）、每家企业的问题和得分（100 减去加权问题）、按乡镇排名；按调用者的数据范围过滤")
@RestController
@RequestMapping("/api/v1/quality")
class QualityApi {

    record EnterpriseQuality(QualityScores.Score score, List<QualityScores.Finding> findings) { }

    private final QualityScores scores;
    private final QualityChecks checks;
    private final QualityRules rules;

    QualityApi(QualityScores scores, QualityChecks checks, QualityRules rules) {
        this.scores = scores;
        this.checks = checks;
        this.rules = rules;
    }

    @Operation(summary = "数据质量规则", description = "每条规则的说明、整改方法、每项扣分、扣分上限、参数和启停")
    @GetMapping("/rules")
    @PreAuthorize("hasAuthority('quality:finding:read')")
    List<QualityRules.Rule> rules() {
        return rules.all();
    }

    @Operation(summary = "修改数据质量规则", description = "weight 每项扣分、maxDeduction 扣分上限、parameter 参数、enabled 启停；留空不改。下次检查起生效")
    @PutMapping("/rules/{code}")
    @PreAuthorize("hasAuthority('quality:rule:manage')")
    QualityRules.Rule change(@AuthenticationPrincipal Actor me, @PathVariable String code, @RequestBody QualityRules.Change change) {
        return rules.change(me, code, change);
    }

    @Operation(summary = "企业的数据质量", description = "得分和未解决的问题（含整改方法）；resolved=true 时为近 90 天已解决的问题")
    @GetMapping("/enterprises/{id}")
    @PreAuthorize("hasAuthority('quality:finding:read')")
    EnterpriseQuality enterprise(@AuthenticationPrincipal Actor me, @PathVariable long id,
                                 @RequestParam(defaultValue = "false") boolean resolved) {
        var score = scores.of(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("企业"));
        return new EnterpriseQuality(score, scores.findings(me.jurisdiction(), id, resolved));
    }

    @Operation(summary = "立即检查一家企业", description = "按当前启用的规则重新检查，返回得分和新增、解除的问题数")
    @PostMapping("/enterprises/{id}/check")
    @PreAuthorize("hasAuthority('quality:finding:read')")
    QualityChecks.Outcome check(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return checks.check(me, id);
    }

    @Operation(summary = "按乡镇排名", description = "辖区内企业按属地（乡镇、街道、园区）分组，平均分低的在前；region 只看一个乡镇的企业")
    @GetMapping("/ranking")
    @PreAuthorize("hasAuthority('quality:finding:read')")
    List<QualityScores.Town> ranking(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String region) {
        return scores.ranking(me.jurisdiction(), region == null || region.isBlank() ? null : region);
    }
}
