/**
 * 特殊作业票 (GB 30871-2022 危险化学品企业特殊作业安全规范): the eight kinds of special work with their levels,
 * safety-measure checklists, gas analyses, approvals and life, and the rules the platform enforces on them.
 * 特殊作业票：八类特殊作业的分级、安全措施、气体分析、审批与作业全过程，以及平台强制执行的规则。
 *
 * <p>No other module calls the permits: their pages, PDF, the regulators' live view and the 大屏 are the module's own
 * ({@code web} over {@code internal}: {@code Permits} with {@code list}, {@code find}, {@code sheet} and the steps, each
 * taking the signed-in {@code Actor} and refusing in Chinese; {@code PermitRules}, {@code SafetyMeasures},
 * {@code WorkCalendar}, {@code PermitSettings}, and risk's {@link cn.shuangkong.risk.SpecialWorkToday} implemented).
 * Its API is this package: {@link cn.shuangkong.permit.PermitExpired}, published when a permit's expiry is recorded.
 * REST: {@code /api/v1/permits} (see the OpenAPI document); permissions {@code permit:read}, {@code permit:write},
 * {@code permit:approve}, {@code permit:approve:top} (特级 动火, 一级 吊装).
 */
package cn.shuangkong.permit;
