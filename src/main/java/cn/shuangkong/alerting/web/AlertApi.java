package cn.shuangkong.alerting.web;

import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.alerting.internal.AlertEngine;
import cn.shuangkong.alerting.internal.AlertRules;
import cn.shuangkong.alerting.internal.Alerts;
import cn.shuangkong.alerting.internal.OperationEvaluation;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.shared.MirrorQuery;
import jakarta.servlet.http.HttpServletResponse;
import org.springdoc.core.annotations.ParameterObject;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
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

@Tag(name = "预警与运行效果评估", description = "预警中心（确认、处理、关闭须填写说明）、预警规则配置与手动运行、运行效果评估 E = (A + B) × α；按调用者的数据范围过滤")
@RestController
@RequestMapping("/api/v1")
class AlertApi {

    record Note(String note) { }

    record RuleSettings(Boolean enabled, BigDecimal threshold, Integer windowValue) { }

    record AlertDetail(Alerts.Alert alert, List<Alerts.Action> timeline) { }

    record Evaluation(List<OperationEvaluation.EnterpriseScore> enterprises, List<OperationEvaluation.GuarantorScore> guarantors,
                      List<cn.shuangkong.inspection.DutyTasks.RoleFigures> dutyTasks) { }

    private final Alerts alerts;
    private final AlertRules rules;
    private final AlertEngine engine;
    private final OperationEvaluation evaluation;

    AlertApi(Alerts alerts, AlertRules rules, AlertEngine engine, OperationEvaluation evaluation) {
        this.alerts = alerts;
        this.rules = rules;
        this.engine = engine;
        this.evaluation = evaluation;
    }

    @Operation(summary = "预警列表", description = "open=true 仅未关闭的；rule 为规则代码；category 为 DAILY / FORMALITY / SENSOR。"
            + "增量同步：给出 cursor / updatedSince / limit 时按 (更新时间, id) 升序分页，下一页游标在响应头 X-Next-Cursor 和 Link 中，total 为本页条数；每次规则运行都会刷新未关闭预警的最近确认时间，因而更新时间随之变化")
    @GetMapping("/alerts")
    @PreAuthorize("hasAuthority('alerting:alert:read')")
    PageResult<Alerts.Alert> list(@AuthenticationPrincipal Actor me, @RequestParam(required = false) Boolean open,
                                  @RequestParam(required = false) String rule, @RequestParam(required = false) String category,
                                  @RequestParam(required = false) Long enterpriseId, @RequestParam(required = false) String q,
                                  @RequestParam(defaultValue = "1") int page, @RequestParam(defaultValue = "20") int size,
                                  @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        var query = new Alerts.Query(open, rule, category, enterpriseId, q);
        return Mirrors.paged(mirror, response, window -> alerts.changes(me.jurisdiction(), query, window),
                (items, window) -> new PageResult<>(items, items.size(), 1, window.limit()),
                () -> alerts.search(me.jurisdiction(), query, new PageResult.Request(page, size)));
    }

    @Operation(summary = "预警详情（证据与处理记录）")
    @GetMapping("/alerts/{id}")
    @PreAuthorize("hasAuthority('alerting:alert:read')")
    AlertDetail get(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        var detail = alerts.detail(me.jurisdiction(), id);
        return new AlertDetail(detail.alert(), detail.timeline());
    }

    @Operation(summary = "确认预警")
    @PostMapping("/alerts/{id}/acknowledge")
    @PreAuthorize("hasAuthority('alerting:alert:handle')")
    Alerts.Alert acknowledge(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return alerts.acknowledge(me, id);
    }

    @Operation(summary = "记录处理情况（note 必填）")
    @PostMapping("/alerts/{id}/handle")
    @PreAuthorize("hasAuthority('alerting:alert:handle')")
    Alerts.Alert handle(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody(required = false) Note body) {
        return alerts.handle(me, id, body == null ? null : body.note());
    }

    @Operation(summary = "关闭预警（note 必填，仅监管部门）")
    @PostMapping("/alerts/{id}/close")
    @PreAuthorize("hasAuthority('alerting:alert:close')")
    Alerts.Alert close(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody(required = false) Note body) {
        return alerts.close(me, id, body == null ? null : body.note());
    }

    @Operation(summary = "立即运行全部启用的预警规则", description = "已有未关闭预警的同一规则同一对象不会重复生成")
    @PostMapping("/alerts/run")
    @PreAuthorize("hasAuthority('alerting:rule:run')")
    Map<String, Object> run() {
        var run = engine.runAll();
        return Map.of("found", run.found(), "raised", run.raised(), "resolved", run.resolved());
    }

    @Operation(summary = "预警规则及其阈值")
    @GetMapping("/alert-rules")
    @PreAuthorize("hasAuthority('alerting:alert:read')")
    List<AlertRules.Rule> rules() {
        return rules.all();
    }

    @Operation(summary = "修改预警规则（启用、阈值、统计期间）")
    @PutMapping("/alert-rules/{code}")
    @PreAuthorize("hasAuthority('alerting:rule:manage')")
    AlertRules.Rule configure(@AuthenticationPrincipal Actor me, @PathVariable String code, @RequestBody RuleSettings body) {
        var current = rules.find(code).orElseThrow(() -> DomainException.notFound("预警规则"));
        return rules.configure(me, code, body.enabled() == null ? current.enabled() : body.enabled(),
                body.threshold() == null ? current.threshold() : body.threshold(),
                body.windowValue() == null ? current.windowValue() : body.windowValue());
    }

    @Operation(summary = "运行效果评估排名", description = "E = (A + B) × α，按企业和包保责任人排名；dutyTasks 为包保责任人任务清单按角色（主要/技术/操作负责人）分列的到期、按时完成、逾期数")
    @GetMapping("/evaluation")
    @PreAuthorize("hasAuthority('alerting:evaluation:read')")
    Evaluation evaluation(@AuthenticationPrincipal Actor me) {
        return new Evaluation(evaluation.enterprises(me.jurisdiction()), evaluation.guarantors(me.jurisdiction()),
                evaluation.dutyTasks(me.jurisdiction()));
    }
}
