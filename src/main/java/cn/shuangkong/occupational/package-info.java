/**
 * 职业健康: the 职业病危害因素 at an enterprise's posts with the warning each post shows, the enterprise's workers'
 * 职业健康检查 (GBZ 188), and what follows from both — who is exposed, who lacks an exam or is overdue, who must be
 * moved off a post (职业禁忌证) or sent for diagnosis (疑似职业病); the 职业病危害项目申报 filed frozen with its hash, the
 * 检测 results, and what is due of both (ADR 0083). Posts and employees are the organization module's,
 * read through its API (ADR 0081). Its services are in {@code internal}; the alert rules read the to-dos through
 * {@link cn.shuangkong.occupational.OccupationalTodos}.
 */
package cn.shuangkong.occupational;
