/**
 * 隐患排查治理: the hazard register and its closed loop (登记 → 整改 → 验收 → 销号), 重大隐患 reporting and 挂牌督办,
 * overdue escalation and the in-app inbox. Other modules (inspection, public reports, monitoring, supervision) report
 * hazards into it through {@link cn.shuangkong.hazard.HazardRegister#register}; it depends on none of them. Its API is
 * this package: the register, its facts and its types, the notices and {@link
 * cn.shuangkong.hazard.EvidencePhotoReused}; ledger, deadlines, grading, mail and plans are in {@code internal}.
 */
package cn.shuangkong.hazard;
