package cn.shuangkong.access.internal;

import java.util.Optional;

/**
 * 密码策略: at least 8 characters with letters, digits and a symbol; not the username; no spaces at either end (a
 * pasted password keeps a stray space the person never sees, and "        1a#" would pass the length rule on spaces).
 */
public final class PasswordPolicy {

    private PasswordPolicy() {
    }

    /** The reason a password is refused, or empty when it is acceptable. */
    public static Optional<String> problemWith(String username, String password) {
        if (password == null || password.length() < 8) return Optional.of("密码至少8位");
        if (!password.equals(password.strip())) return Optional.of("密码首尾不能有空格");
        if (password.length() > 64) return Optional.of("密码不能超过64位");
        // BCrypt reads 72 bytes at most and Spring's encoder refuses more: a long Chinese password must be told, not fail
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) return Optional.of("密码过长：汉字每个按3位计，合计不能超过72位");
        if (!password.matches(".*[A-Za-z].*") || !password.matches(".*\\d.*") || !password.matches(".*[^A-Za-z0-9].*")) {
            return Optional.of("密码须同时包含字母、数字和符号");
        }
        if (username != null && password.toLowerCase().contains(username.toLowerCase())) {
            return Optional.of("密码不能包含用户名");
        }
        return Optional.empty();
    }
}
