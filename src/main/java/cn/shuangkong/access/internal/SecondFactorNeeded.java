package cn.shuangkong.access.internal;

import org.springframework.security.authentication.AccountStatusException;

/**
 * The login page's first step ended with a right password for an account that has a second factor: not signed in yet.
 * An account status, so that no other provider is asked after it. Carries the account, which the failure handler keeps in the session (server-side) for the code page.
 */
public class SecondFactorNeeded extends AccountStatusException {

    private final long accountId;

    SecondFactorNeeded(long accountId) {
        super("请输入动态验证码");
        this.accountId = accountId;
    }

    public long accountId() {
        return accountId;
    }
}
