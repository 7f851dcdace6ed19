package cn.shuangkong.access;

/**
 * Accounts as a relation other modules compose into their queries instead of naming this module's tables (ADR 0041);
 * never their credentials. Who is to be told about an enterprise's affairs is {@link PermissionHolders}' question.
 */
public final class AccessFacts {

    private AccessFacts() { }

    /**
     * One row per account: {@code username, display_name, kind} ({@code ENTERPRISE}, {@code REGULATOR} …){@code ,
     * enterprise_id, department_id} (a regulator's){@code , grid_id} (a grid worker's){@code , employee_id} (the person
     * behind an enterprise account, when known){@code , enabled, email} (its own address for notices, may be null or
     * empty).
     */
    public static String accounts() {
        return "select u.username, u.display_name, u.kind, u.enterprise_id, u.department_id, u.grid_id, u.employee_id, u.enabled, u.email"
                + " from user_account u";
    }
}
