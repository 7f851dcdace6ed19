package cn.shuangkong.exchange.internal;

import cn.shuangkong.risk.RiskPoints;
import java.math.BigDecimal;

/**
 * 管控措施's inspection duty → 隐患排查任务 (t_yhpcrwxx): one task per measure, whose periodic instances the platform
 * generates; units the model lacks are converted (班 = 8 小时, 周 = 7 天, 季度 = 3 月).
 */
final class TaskMapper {

    private TaskMapper() { }

    static ModelRecord map(RiskPoints.Measure m) {
        BigDecimal cycle = m.checkCycle();
        String unit;
        switch (m.checkCycleUnit()) {
            case "HOUR" -> unit = "小时";
            case "SHIFT" -> { unit = "小时"; cycle = cycle.multiply(BigDecimal.valueOf(8)); }
            case "DAY" -> unit = "天";
            case "WEEK" -> { unit = "天"; cycle = cycle.multiply(BigDecimal.valueOf(7)); }
            case "MONTH" -> unit = "月";
            case "QUARTER" -> { unit = "月"; cycle = cycle.multiply(BigDecimal.valueOf(3)); }
            case "YEAR" -> unit = "年";
            default -> unit = null;
        }
        return ModelRecord.of("task", m.id())
                .put("troubleshootContent", m.checkContent()).put("checkCycle", cycle).put("checkCycleUnit", unit)
                .put("workStartTime", "00:00:00").put("workEndTime", "23:59:59")
                .put("workDayType", "0").put("workType", "0").put("taskNum", "1")
                .link("measure", m.id(), "riskMeasureId")
                .build();
    }
}
