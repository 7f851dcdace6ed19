package cn.shuangkong.support;

import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Jurisdiction;

/**
 * Someone of one enterprise, known by a username, allowed every step there: for service-level tests whose steps need
 * different people (the three signatures of a risk assessment, a rectifier and an acceptor). When a step needs an
 * account (a hazard's 整改责任人), the username is that account's.
 */
public record EnterprisePerson(String username, long enterprise) implements Actor {
    public String displayName() { return username; }
    public Jurisdiction jurisdiction() { return Jurisdiction.enterprise(enterprise, "本企业"); }
    public Long enterpriseId() { return enterprise; }
    public Long serviceOrgId() { return null; }
    public Long employeeId() { return null; }
    public boolean can(String permission) { return true; }
}
