package cn.shuangkong.access;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.access.internal.PasswordPolicy;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    @Test
    void a_long_mixed_password_is_accepted() {
        assertThat(PasswordPolicy.problemWith("ent_chem", "Safe#2026x")).isEmpty();
    }

    @Test
    void short_plain_or_username_based_passwords_are_refused_with_a_reason() {
        assertThat(PasswordPolicy.problemWith("ent_chem", "Ab#1")).contains("密码至少8位");
        assertThat(PasswordPolicy.problemWith("ent_chem", "abcdefgh1")).contains("密码须同时包含字母、数字和符号");
        assertThat(PasswordPolicy.problemWith("ent_chem", "ent_chem#2026")).contains("密码不能包含用户名");
    }

    @Test
    void a_password_padded_with_spaces_is_refused() {
        assertThat(PasswordPolicy.problemWith("ent_chem", " Safe#2026x")).contains("密码首尾不能有空格");
        assertThat(PasswordPolicy.problemWith("ent_chem", "Safe#2026x\t")).contains("密码首尾不能有空格");
        assertThat(PasswordPolicy.problemWith("ent_chem", "Safe# 2026x")).isEmpty();
    }

    @Test
    void a_password_longer_than_bcrypt_reads_is_refused_with_a_reason_not_an_error() {
        assertThat(PasswordPolicy.problemWith("ent_chem", "安全生产人人有责双重预防机制落实到位隐患排查治理闭环管理风险分级管控A1")).contains("密码过长：汉字每个按3位计，合计不能超过72位");
    }
}
