package cn.shuangkong.exchange.internal;

import cn.shuangkong.inspection.Inspections;

/** One answer of an inspection record → 隐患排查记录 (t_yhpcjl) of the task (measure) answered. */
final class RecordMapper {

    private RecordMapper() { }

    static ModelRecord map(Inspections.AnswerFact a) {
        String status = switch (a.result()) {
            case NORMAL -> "0";
            case ABNORMAL -> "1";
            case NOT_APPLICABLE -> "3";
        };
        return ModelRecord.of("record", a.id())
                .put("checkTime", ModelRecord.date(a.submittedAt())).put("checkStatus", status)
                .put("mobileMe", a.inspector()).put("isDefend", "0")
                .put("createBy", a.inspector()).put("createDate", ModelRecord.date(a.submittedAt()))
                .link("task", a.measureId(), "checkTaskId")
                .build();
    }
}
