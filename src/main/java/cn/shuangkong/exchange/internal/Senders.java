package cn.shuangkong.exchange.internal;

import cn.shuangkong.organization.Regions;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 上报方: the platforms and enterprise systems allowed to report into this one, each with its own key (only its
 * SHA-256 is kept) and the region it may report for. An unknown key is refused 401, a revoked one 403.
 */
@Service
public class Senders {

    /** A registered sender as the list shows it (never the key). */
    public record Sender(long id, String name, String regionCode, String createdBy, Instant createdAt, Instant revokedAt,
                         Instant lastUsedAt) { }

    /** A new sender and its key, shown this once. */
    public record Issued(long id, String name, String regionCode, String key) { }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Regions regions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Senders(JdbcClient jdbc, Regions regions, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Issued register(Actor me, String name, String regionCode) {
        if (name == null || name.isBlank() || name.strip().length() > 60) {
            throw DomainException.invalid("name", "上报方名称不能为空，且不超过60字");
        }
        if (regionCode == null || regionCode.isBlank()) throw DomainException.invalid("regionCode", "请选择上报方所辖区划");
        var region = regions.find(regionCode.strip()).orElseThrow(() -> DomainException.invalid("regionCode", "未知的行政区划代码"));
        if (!covers(me.jurisdiction(), region.code())) throw DomainException.invalid("regionCode", "该区划不在您的管辖范围内");
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = "skx_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        long id = jdbc.sql("""
                insert into exchange_sender (name, key_hash, region_code, created_by, created_at)
                values (:n, :h, :r, :by, :at) returning id
                """).param("n", name.strip()).param("h", hash(key)).param("r", region.code()).param("by", me.username())
                .param("at", Timestamp.from(clock.instant())).query(Long.class).single();
        events.publishEvent(new StateChanged("登记上报方", "exchange_sender", String.valueOf(id),
                name.strip() + "（" + region.name() + "）", null, region.code()));
        return new Issued(id, name.strip(), region.code(), key);
    }

    /**
     * Stops the sender's key; a key stopped already is refused (409), as a revoked certificate is: answering a repeat
     * as done would tell the administrator of a change that did not happen, with no record of it.
     */
    @Transactional
    public void revoke(Actor me, long id) {
        Sender s = list(me).stream().filter(x -> x.id() == id).findFirst().orElseThrow(() -> DomainException.notFound("上报方"));
        int changed = jdbc.sql("update exchange_sender set revoked_at = :at where id = :id and revoked_at is null")
                .param("at", Timestamp.from(clock.instant())).param("id", id).update();
        if (changed == 0) throw DomainException.conflict("上报方「" + s.name() + "」的密钥已停用");
        events.publishEvent(new StateChanged("停用上报方", "exchange_sender", String.valueOf(id), s.name() + " 的密钥已停用",
                null, s.regionCode()));
    }

    public List<Sender> list(Actor me) {
        return jdbc.sql("select id, name, region_code, created_by, created_at, revoked_at, last_used_at from exchange_sender order by id")
                .query(Sender.class).list().stream().filter(s -> covers(me.jurisdiction(), s.regionCode())).toList();
    }

    /** The sender of a key, or 401/403 in Chinese. */
    Sender authenticate(String key) {
        if (key == null || key.isBlank()) {
            throw new DomainException(HttpStatus.UNAUTHORIZED, "缺少上报方密钥：请在 X-Exchange-Key 头中提供接收方发放的密钥", null);
        }
        Sender s = jdbc.sql("select id, name, region_code, created_by, created_at, revoked_at, last_used_at from exchange_sender where key_hash = :h")
                .param("h", hash(key.strip())).query(Sender.class).optional()
                .orElseThrow(() -> new DomainException(HttpStatus.UNAUTHORIZED, "未知的上报方：密钥无效", null));
        if (s.revokedAt() != null) throw new DomainException(HttpStatus.FORBIDDEN, "该上报方已停用，不再接收其数据", null);
        jdbc.sql("update exchange_sender set last_used_at = :at where id = :id").param("at", Timestamp.from(clock.instant()))
                .param("id", s.id()).update();
        return s;
    }

    static boolean covers(Jurisdiction scope, String regionCode) {
        return switch (scope.kind()) {
            case PLATFORM -> true;
            case REGULATOR -> regionCode.startsWith(scope.regionPrefix());
            default -> false;
        };
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
