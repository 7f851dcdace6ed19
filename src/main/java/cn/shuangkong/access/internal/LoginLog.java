package cn.shuangkong.access.internal;

import cn.shuangkong.shared.PageResult;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * 登录日志: every attempt to sign in, on the login page or for an API token, with its outcome and client address, and
 * every sign-out — what a 等保 assessor asks to see first, and what an admin reads when an account says "that was not
 * me". Written as the attempt is answered, outside any transaction, so that a refusal is logged too.
 */
@Component
public class LoginLog {

    public enum Channel {
        PAGE("页面"), API("API");
        public final String label;
        Channel(String label) { this.label = label; }
    }

    public enum Outcome {
        SUCCESS("登录成功", false),
        CODE_WAITING("密码正确，待输入动态验证码", false),
        BAD_PASSWORD("用户名或密码错误", true),
        CODE_MISSING("未提供动态验证码", true),
        BAD_CODE("动态验证码错误", true),
        LOCKED("已锁定，拒绝登录", true),
        DISABLED("账号已停用，拒绝登录", true),
        NOT_ENROLLED("未绑定身份验证器，拒绝签发令牌", true),
        PASSWORD_CHANGE_DUE("须先修改密码，拒绝签发令牌", true),
        LOGOUT("退出登录", false);
        public final String label;
        public final boolean failure;
        Outcome(String label, boolean failure) { this.label = label; this.failure = failure; }
    }

    /** A line of the log. */
    public record Entry(long id, Instant at, String username, Long userId, String client, Channel channel, Outcome outcome) { }

    private static final org.springframework.jdbc.core.RowMapper<Entry> ENTRIES = cn.shuangkong.shared.Rows.of(Entry.class);

    private final JdbcClient jdbc;
    private final Clock clock;

    LoginLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void record(String username, Long userId, String client, Channel channel, Outcome outcome) {
        String name = username == null ? "" : username.length() > 64 ? username.substring(0, 64) : username;
        String from = client == null ? "" : client.length() > 64 ? client.substring(0, 64) : client;
        jdbc.sql("insert into login_event (at, username, user_id, client, channel, outcome) values (:at, :u, :id, :c, :ch, :o)")
                .param("at", Timestamp.from(clock.instant())).param("u", name).param("id", userId).param("c", from)
                .param("ch", channel.name()).param("o", outcome.name()).update();
    }

    /** The log, newest first; {@code username} exact (as the admin types it, case-insensitive), {@code failures} only refusals. */
    public PageResult<Entry> search(String username, boolean failures, PageResult.Request page) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> params = new HashMap<>();
        if (username != null && !username.isBlank()) {
            where.append(" and username = :u");
            params.put("u", username.strip().toLowerCase(java.util.Locale.ROOT));
        }
        if (failures) {
            where.append(" and outcome in (:failed)");
            params.put("failed", java.util.Arrays.stream(Outcome.values()).filter(o -> o.failure).map(Enum::name).toList());
        }
        long total = jdbc.sql("select count(*) from login_event" + where).params(params).query(Long.class).single();
        params.put("limit", page.size());
        params.put("offset", page.offset());
        var rows = jdbc.sql("select id, at, username, user_id, client, channel, outcome from login_event" + where
                + " order by at desc, id desc limit :limit offset :offset").params(params).query(ENTRIES).list();
        return new PageResult<>(rows, total, page.page(), page.size());
    }
}
