package cn.shuangkong.access.internal;

import java.util.Arrays;
import java.util.List;

/**
 * Every permission the platform checks, as {@code module:resource:action} strings. Roles are sets of these; the role
 * editor offers exactly this list, so a permission that no code checks cannot be granted.
 */
public enum Permission {
    ENTERPRISE_READ("organization:enterprise:read", "查看企业"),
    ENTERPRISE_WRITE("organization:enterprise:write", "登记和修改企业"),
    ENTERPRISE_IMPORT("organization:enterprise:import", "导入企业"),
    STRUCTURE_WRITE("organization:structure:write", "维护组织架构和员工"),
    REGION_READ("organization:region:read", "查看行政区划和网格"),
    DEPARTMENT_READ("organization:department:read", "查看监管部门"),
    SERVICE_ORG_READ("organization:service-org:read", "查看服务机构和合同"),
    MASTER_WRITE("organization:master:write", "维护监管部门、网格、服务机构和合同"),
    ROLE_MANAGE("access:role:manage", "管理角色和权限"),
    USER_MANAGE("access:user:manage", "管理用户账号"),
    TOKEN_MANAGE("access:token:manage", "管理自己的 API 令牌"),
    AUDIT_READ("audit:log:read", "查看审计日志"),
    AUDIT_VERIFY("audit:chain:verify", "校验审计链"),
    RISK_READ("risk:register:read", "查看风险分级管控清单"),
    RISK_WRITE("risk:register:write", "维护风险点、风险事件和管控措施"),
    RISK_APPROVE("risk:assessment:approve", "审核和审定风险评价"),
    RISK_MAJOR_READ("risk:major:read", "查看辖区重大风险清单"),
    HAZARD_READ("hazard:register:read", "查看隐患台账"),
    HAZARD_WRITE("hazard:register:write", "登记、确认和下达整改隐患"),
    HAZARD_REPORT("hazard:report", "随手拍上报隐患"),
    HAZARD_RECTIFY("hazard:rectify", "整改隐患"),
    HAZARD_ACCEPT("hazard:accept", "验收隐患、审批延期"),
    HAZARD_SUPERVISE("hazard:supervise", "挂牌督办重大隐患、审批销号"),
    INSPECTION_DO("inspection:task:do", "执行排查任务"),
    INSPECTION_READ("inspection:task:read", "查看排查任务和完成率"),
    OUTAGE_WRITE("inspection:outage:write", "登记停用检维修"),
    RISK_FILING_SUBMIT("risk:filing:submit", "签署并提交风险清单备案"),
    RISK_FILING_REVIEW("risk:filing:review", "查看和退回风险清单备案"),
    // inspection: standalone checklists
    INSPECTION_CHECKLIST_WRITE("inspection:checklist:write", "管理排查清单、下达专项检查"),
    // --- supervision (政府监管) ---
    SUPERVISION_RATING_READ("supervision:rating:read", "查看企业整体风险等级"),
    SUPERVISION_READ("supervision:enforcement:read", "查看执法计划、双随机抽取和执法检查"),
    SUPERVISION_PLAN("supervision:plan:manage", "生成年度执法计划、双随机抽取、维护执法人员"),
    SUPERVISION_ENFORCE("supervision:enforcement:write", "记录执法检查、签发指令书和复查意见书"),
    SUPERVISION_PATROL("supervision:patrol:record", "记录网格巡查"),
    SUPERVISION_CREDIT("supervision:credit:write", "提请黑名单、记录约谈和通报"),
    SUPERVISION_CREDIT_APPROVE("supervision:credit:approve", "审批黑名单"),
    // --- alerting (预警、走过场、运行效果评估) and publicreport (群众举报) ---
    ALERT_READ("alerting:alert:read", "查看预警"),
    ALERT_HANDLE("alerting:alert:handle", "确认和处理预警"),
    ALERT_CLOSE("alerting:alert:close", "关闭预警"),
    ALERT_RULE_RUN("alerting:rule:run", "立即运行预警规则"),
    ALERT_RULE_MANAGE("alerting:rule:manage", "配置预警规则和阈值"),
    EVALUATION_READ("alerting:evaluation:read", "查看运行效果评估"),
    PUBLIC_REPORT_HANDLE("publicreport:report:handle", "受理、分派、核查群众举报"),
    // --- emergency ---
    EMERGENCY_READ("emergency:register:read", "查看应急预案、演练和应急资源"),
    EMERGENCY_WRITE("emergency:register:write", "维护应急预案、演练、应急资源和相邻单位告知"),
    // --- analytics (监管驾驶舱、数据大屏) and regional (区域风险) ---
    DASHBOARD_READ("analytics:dashboard:read", "查看辖区监管驾驶舱和数据大屏"),
    REGIONAL_RISK_READ("regional:risk:read", "查看区域风险和一镇一册"),
    REGIONAL_RISK_WRITE("regional:risk:write", "登记和评价区域（公共区域）风险"),
    // --- monitoring: 重大危险源与在线监测 ---
    MONITORING_SOURCE_READ("monitoring:source:read", "查看重大危险源"),
    MONITORING_SOURCE_DECLARE("monitoring:source:declare", "申报重大危险源（辨识与分级）"),
    MONITORING_CHECK_DO("monitoring:check:do", "记录包保责任人检查"),
    MONITORING_POINT_WRITE("monitoring:point:write", "维护监测点和报警阈值"),
    MONITORING_READING_WRITE("monitoring:reading:write", "通过接口上报监测数据"),
    MONITORING_ALARM_READ("monitoring:alarm:read", "查看监测报警和实时数据"),
    MONITORING_ALARM_HANDLE("monitoring:alarm:handle", "确认、消除报警，由报警登记隐患"),
    // --- quality (数据质量) ---
    QUALITY_READ("quality:finding:read", "查看数据质量问题和得分"),
    QUALITY_RULE_MANAGE("quality:rule:manage", "配置数据质量规则"),
    // --- bulletin (季度风险研判通报) ---
    BULLETIN_READ("bulletin:read", "查看风险动态信息通报"),
    BULLETIN_WRITE("bulletin:write", "起草、修改、签发和发布本级风险动态信息通报"),
    // --- risk (risk2): the GB 6441 edition used for new risk events ---
    RISK_DICTIONARY_MANAGE("risk:dictionary:manage", "选择新登记风险事件使用的 GB 6441 版本"),
    // --- referral (隐患抄告、治理反馈) ---
    REFERRAL_READ("referral:referral:read", "查看本部门发出和收到的抄告"),
    REFERRAL_WRITE("referral:referral:write", "抄告其他部门、签收并反馈抄告"),
    // --- training and contractor (培训与持证、承包商管理): granted by V185 and V200, editable like the rest ---
    TRAINING_READ("training:read", "查看人员证书和培训记录"),
    TRAINING_WRITE("training:write", "登记本企业人员的证书和培训"),
    CONTRACTOR_READ("contractor:read", "查看承包商和承包商黑名单"),
    CONTRACTOR_WRITE("contractor:write", "登记承包商、资质、人员、违章、年度评价和黑名单"),
    // --- occupational (职业健康): granted by V308 ---
    OCCUPATIONAL_READ("occupational:read", "查看职业病危害因素、接害人员和职业健康检查"),
    OCCUPATIONAL_WRITE("occupational:write", "登记本企业岗位的职业病危害因素和人员的职业健康检查"),
    // --- permit (特殊作业票) ---
    PERMIT_READ("permit:read", "查看特殊作业票"),
    PERMIT_WRITE("permit:write", "申请特殊作业票，记录气体分析、确认安全措施、作业、验收、关闭或取消"),
    PERMIT_APPROVE("permit:approve", "审批特殊作业票（一级、二级动火及其他作业）"),
    PERMIT_APPROVE_TOP("permit:approve:top", "审批特级动火、一级吊装作业票（主要负责人或其授权人）");

    public final String code;
    public final String label;

    Permission(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public static List<String> codes() {
        return Arrays.stream(values()).map(p -> p.code).toList();
    }

    public static boolean isKnown(String code) {
        return Arrays.stream(values()).anyMatch(p -> p.code.equals(code));
    }
}
