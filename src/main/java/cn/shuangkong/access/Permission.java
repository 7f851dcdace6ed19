package cn.shuangkong.access;

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
    // --- risk (risk2): the GB 6441 edition used for new risk events ---
    RISK_DICTIONARY_MANAGE("risk:dictionary:manage", "选择新登记风险事件使用的 GB 6441 版本");

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
