package cn.shuangkong.support;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;
import java.util.List;

/**
 * A regulator's account for service-level tests, as gov_city or gov_town is: its area (all industries) as scope, and
 * every permission, so that only the scope decides what it reaches.
 */
public record TestRegulator(String username, String displayName, String regionPrefix, String label) implements Actor {
    public Jurisdiction jurisdiction() { return Jurisdiction.regulator(regionPrefix, List.of(), label); }
    public Long enterpriseId() { return null; }
    public Long serviceOrgId() { return null; }
    public Long employeeId() { return null; }
    public boolean can(String permission) { return true; }
}
