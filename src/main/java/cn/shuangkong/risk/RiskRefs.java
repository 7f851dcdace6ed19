package cn.shuangkong.risk;

import cn.shuangkong.shared.RefKind;

/** The parts of a risk register that other records name by id, for {@link cn.shuangkong.shared.Refs}. */
public final class RiskRefs {
    public static final RefKind RISK_POINT = RefKind.of("风险点", "select enterprise_id from risk_point where id = :id");
    public static final RefKind RISK_UNIT = RefKind.of("风险分析单元", "select p.enterprise_id from risk_unit u join risk_point p on p.id = u.risk_point_id where u.id = :id");
    public static final RefKind RISK_STEP = RefKind.of("作业步骤或检查项目", "select p.enterprise_id from risk_step s join risk_point p on p.id = s.risk_point_id where s.id = :id");
    public static final RefKind RISK_EVENT = RefKind.of("风险事件", "select p.enterprise_id from risk_event v join risk_point p on p.id = v.risk_point_id where v.id = :id");
    public static final RefKind CONTROL_MEASURE = RefKind.of("管控措施", "select p.enterprise_id from control_measure m join risk_point p on p.id = m.risk_point_id where m.id = :id");

    private RiskRefs() { }
}
