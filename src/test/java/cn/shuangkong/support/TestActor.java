package cn.shuangkong.support;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import java.util.Set;

/**
 * A person of one enterprise for service-level tests that need no account: its own enterprise as scope, the employee
 * record it is (or none), and the permissions it holds.
 */
public record TestActor(long enterprise, Long employee, Set<String> permissions) implements Actor {
    public String username() { return "test" + enterprise + "-" + employee; }
    public String displayName() { return "测试人员"; }
    public Jurisdiction jurisdiction() { return Jurisdiction.enterprise(enterprise, "测试企业"); }
    public Long enterpriseId() { return enterprise; }
    public Long serviceOrgId() { return null; }
    public Long employeeId() { return employee; }
    public boolean can(String permission) { return permissions.contains(permission); }
}
