package cn.shuangkong.hazard;

/** The steps of the closed loop, by the name a user sees on a button and reads in a 409 answer. */
public enum HazardAction {
    CONFIRM("确认登记", Permissions.WRITE),
    REJECT("驳回", Permissions.WRITE),
    FIX_ON_SPOT("即查即改", Permissions.RECTIFY),
    CONFIRM_FIX("确认即查即改", Permissions.ACCEPT_PERMISSION),
    REFUSE_FIX("退回即查即改", Permissions.ACCEPT_PERMISSION),
    ASSIGN("下达限期整改", Permissions.WRITE),
    COMPLETE("整改完成", Permissions.RECTIFY),
    ACCEPT("验收", Permissions.ACCEPT_PERMISSION),
    REQUEST_EXTENSION("申请延期", Permissions.RECTIFY),
    DECIDE_EXTENSION("审批延期", Permissions.ACCEPT_PERMISSION),
    SUPERVISE("挂牌督办", Permissions.SUPERVISE_PERMISSION),
    APPROVE_CLOSURE("审批销号", Permissions.SUPERVISE_PERMISSION),
    ADJUST_SUPERVISION("调整督办期限", Permissions.SUPERVISE_PERMISSION);

    /** The module's permission strings (granted in V20, listed in access.Permission). */
    public static final class Permissions {
        public static final String READ = "hazard:register:read";
        public static final String WRITE = "hazard:register:write";
        public static final String REPORT = "hazard:report";
        public static final String RECTIFY = "hazard:rectify";
        public static final String ACCEPT_PERMISSION = "hazard:accept";
        public static final String SUPERVISE_PERMISSION = "hazard:supervise";

        private Permissions() {
        }
    }

    public final String label;
    /** The permission a person needs to take this step (on top of the step being allowed now). */
    public final String permission;

    HazardAction(String label, String permission) {
        this.label = label;
        this.permission = permission;
    }

    public String permission() {
        return permission;
    }

    public String label() {
        return label;
    }
}
