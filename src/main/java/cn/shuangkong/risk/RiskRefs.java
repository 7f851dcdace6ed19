package cn.shuangkong.risk;

import cn.shuangkong.shared.RefKind;

/** The parts of a risk register that other records name by id, for {@link cn.shuangkong.shared.Refs}. */
public enum RiskRefs implements RefKind {
    RISK_POINT("风险点", "select enterprise_id from risk_point where id = :id"),
    RISK_UNIT("风险分析单元", "select p.enterprise_id from risk_unit u join risk_point p on p.id = u.risk_point_id where u.id = :id"),
    RISK_STEP("作业步骤或检查项目", "select p.enterprise_id from risk_step s join risk_point p on p.id = s.risk_point_id where s.id = :id"),
    RISK_EVENT("风险事件", "select p.enterprise_id from risk_event v join risk_point p on p.id = v.risk_point_id where v.id = :id"),
    CONTROL_MEASURE("管控措施", "select p.enterprise_id from control_measure m join risk_point p on p.id = m.risk_point_id where m.id = :id");

    private final String label;
    private final String ownerSql;

    RiskRefs(String label, String ownerSql) {
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
