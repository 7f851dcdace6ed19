package cn.shuangkong.alerting.internal;

import java.math.BigDecimal;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code shuangkong.evaluation} for E = (A + B) × α (see README, 运行效果评估).
 *
 * @param periodDays         how far back the scores look
 * @param taskPoints         the most A (任务完成得分) can be
 * @param rectificationPoints the most B (隐患整改得分) can be
 * @param alphaFloor         α never drops below this
 * @param alphaDeductions    by alert rule code: how much each open alert of that rule takes off α (which starts at 1)
 * @param guarantorDays      by 包保 role (PRINCIPAL, TECHNICAL, OPERATOR): the days within which the role must inspect
 *                           its major hazard source once (quarterly, monthly, weekly under the 2021 包保 rules)
 */
@ConfigurationProperties("shuangkong.evaluation")
public record EvaluationProperties(int periodDays, BigDecimal taskPoints, BigDecimal rectificationPoints,
                                   BigDecimal alphaFloor, Map<String, BigDecimal> alphaDeductions,
                                   Map<String, Integer> guarantorDays) {
}
