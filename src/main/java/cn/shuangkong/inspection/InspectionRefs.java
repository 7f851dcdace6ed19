package cn.shuangkong.inspection;

import cn.shuangkong.shared.RefKind;

/** The inspection records that requests name by id, for {@link cn.shuangkong.shared.Refs}. */
public enum InspectionRefs implements RefKind {
    DUTY_TASK("包保任务", "select enterprise_id from duty_task where id = :id");

    private final String label;
    private final String ownerSql;

    InspectionRefs(String label, String ownerSql) {
        this.label = label;
        this.ownerSql = ownerSql;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public String ownerSql() {
        return ownerSql;
    }
}
