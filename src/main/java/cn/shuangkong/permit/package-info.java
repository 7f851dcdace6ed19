/**
 * 特殊作业票 (GB 30871-2022 危险化学品企业特殊作业安全规范): the eight kinds of special work with their levels,
 * safety-measure checklists, gas analyses, approvals and life, and the rules the platform enforces on them.
 * 特殊作业票：八类特殊作业的分级、安全措施、气体分析、审批与作业全过程，以及平台强制执行的规则。
 *
 * <p>Public API (pages, PDF, the regulators' live view and the 大屏 build on it; names are stable):
 * <ul>
 *   <li>{@link cn.shuangkong.permit.Permits} — {@code list(Jurisdiction, Query)}, {@code find(Jurisdiction, id)},
 *       {@code sheet(Jurisdiction, id)} (everything about one permit, with {@code blockers}: why it may not start now),
 *       {@code openTopLevelWork(Jurisdiction)} (open 特级/一级 动火 and 一级 吊装, for 报备 and the 大屏); the steps
 *       {@code apply}, {@code recordAnalysis}, {@code confirmMeasures}, {@code approve}, {@code start}, {@code suspend},
 *       {@code resume}, {@code complete}, {@code close}, {@code cancel}, {@code extend}, {@code attachVideo},
 *       {@code link}, each taking the signed-in {@code Actor} and refusing in Chinese ({@code DomainException});
 *       {@code linkable} (what the page offers to link); {@code expireDue} (the expiry sweep, ADR 0043).</li>
 *   <li>{@link cn.shuangkong.permit.PermitExpired}, published when a permit's expiry is recorded.</li>
 *   <li>{@link cn.shuangkong.permit.PermitKind}, {@link cn.shuangkong.permit.PermitStatus},
 *       {@link cn.shuangkong.permit.WorkerRole}, {@link cn.shuangkong.permit.PermitRules} (levels, validity, gas
 *       judgement, approver table), {@link cn.shuangkong.permit.SafetyMeasures} (each kind's checklist),
 *       {@link cn.shuangkong.permit.WorkCalendar} (holidays), {@link cn.shuangkong.permit.PermitSettings}
 *       ({@code shuangkong.permit.*}).</li>
 *   <li>{@link cn.shuangkong.permit.PermitRefs#PERMIT} for {@code Refs}; the risk module's
 *       {@link cn.shuangkong.risk.SpecialWorkToday} is implemented here.</li>
 *   <li>REST: {@code /api/v1/permits} (see the OpenAPI document); permissions {@code permit:read},
 *       {@code permit:write}, {@code permit:approve}, {@code permit:approve:top} (特级 动火, 一级 吊装).</li>
 * </ul>
 */
package cn.shuangkong.permit;
