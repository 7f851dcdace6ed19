package cn.shuangkong.access;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.access.internal.Roles;
import cn.shuangkong.access.internal.UserAdministration;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.support.AtOnce;
import cn.shuangkong.support.FreshEnterprise;
import cn.shuangkong.support.PlatformTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An account or a role created twice at once under one name (a double click, two administrators): both once found the
 * name free and the second broke its unique key, answered with the database's generic conflict (ADR 0084). Now the
 * second is told in words that the name is taken, and one is created.
 */
class AccountRacesTest extends PlatformTest {

    @Autowired UserAdministration users;
    @Autowired Roles roles;

    @Test
    void an_account_opened_twice_at_the_same_moment_is_opened_once() throws Exception {
        long enterprise = FreshEnterprise.create(jdbc, "账号并发测试").id();
        String username = "race" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        var opened = AtOnce.run(4, i -> users.open(new UserAdministration.NewUser(username, "并发测试安全员", null, "ENTERPRISE",
                enterprise, null, null, List.of("ENTERPRISE_SAFETY"), "Race#2026x")));
        assertThat(opened.stream().filter(AtOnce.Outcome::succeeded)).as("opened once").hasSize(1);
        assertThat(opened.stream().filter(o -> !o.succeeded())).hasSize(3).allSatisfy(o -> assertThat(o.failure())
                .isInstanceOf(DomainException.class).hasMessageContaining("用户名已存在"));
    }

    @Test
    void a_role_created_twice_at_the_same_moment_is_created_once() throws Exception {
        String code = "RACE_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
        var created = AtOnce.run(4, i -> roles.create(code, "并发测试角色", null));
        assertThat(created.stream().filter(AtOnce.Outcome::succeeded)).as("created once").hasSize(1);
        assertThat(created.stream().filter(o -> !o.succeeded())).hasSize(3).allSatisfy(o -> assertThat(o.failure())
                .isInstanceOf(DomainException.class).hasMessageContaining("角色编码已存在"));
    }
}
