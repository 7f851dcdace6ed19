package cn.shuangkong.hazard.internal;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * 限期整改 / 治理方案: who is responsible, what will be done, with what money, by when and with what contingency plan
 * — for a 重大隐患 all five are the 五落实 and every one is required.
 *
 * @param responsible     username of the responsible person (责任)
 * @param measures        整改措施 (措施)
 * @param funds           整改资金 in yuan (资金)
 * @param deadline        整改时限, inclusive (时限)
 * @param contingencyPlan 应急预案 while the hazard stands (预案)
 */
public record RemediationPlan(String responsible, String measures, BigDecimal funds, LocalDate deadline,
                              String contingencyPlan) {
}
