package cn.shuangkong.access.internal;

import cn.shuangkong.access.CurrentUser;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Rows;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * API 令牌 for machine clients. Only a SHA-256 of each secret is stored; a token acts with the permissions and
 * jurisdiction of the account that made it. A resolved token is remembered for {@code token-cache} (ADR 0023): any
 * change of a token, an account or a role on this instance forgets them all after it commits, so a revocation, a
 * stopped account or a withdrawn role takes effect at once here and within {@code token-cache} on other instances.
 */
@Service
public class ApiTokens {

    /** A token as its owner sees it in the list (never the secret), with what it may do. */
    public record TokenInfo(long id, String name, Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt,
                            Set<TokenScope> scopes, List<ApiModule> modules) {
        public boolean active(Instant now) {
            return revokedAt == null && expiresAt.isAfter(now);
        }
    }

    /** What a presented token may do and until when: read by {@link TokenScopeFilter} on every call. */
    public record Grant(long id, Set<TokenScope> scopes, Set<String> modules, Instant expiresAt, Instant revokedAt) {
        public boolean has(TokenScope scope) {
            return scopes.contains(scope);
        }

        /** No module named: every module. */
        public boolean reaches(String module) {
            return modules.isEmpty() || modules.contains(module);
        }
    }

    /** Everything a token can carry: what a password login hands out, as before scopes existed. */
    public static final Set<TokenScope> FULL = EnumSet.allOf(TokenScope.class);

    /** A newly issued token: the secret is shown this once. */
    public record Issued(long id, String token, Instant expiresAt) { }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final CurrentUsers currentUsers;
    private final StoredAccounts stored;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Duration defaultTtl;
    private final Duration cacheFor;
    /** Resolved tokens by the hash of their secret. */
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();
    /** Moves on every forgetting, so that a lookup that started before it does not put back what it read. */
    private final AtomicLong generation = new AtomicLong();

    /** A resolved token: who it acts as, until when, and when this instance last wrote its last_used_at. */
    private record Resolved(long tokenId, CurrentUser user, Instant expiresAt, long resolvedAtNanos, Instant usedWritten) { }

    ApiTokens(JdbcClient jdbc, CurrentUsers currentUsers, StoredAccounts stored, Clock clock, ApplicationEventPublisher events,
              @Value("${shuangkong.security.api-token-ttl}") Duration defaultTtl,
              @Value("${shuangkong.security.token-cache:PT10S}") Duration cacheFor) {
        this.jdbc = jdbc;
        this.currentUsers = currentUsers;
        this.stored = stored;
        this.clock = clock;
        this.events = events;
        this.defaultTtl = defaultTtl;
        this.cacheFor = cacheFor;
    }

    @Transactional
    public Issued issue(CurrentUser user, String name, Duration ttl) {
        return issue(user, name, ttl, FULL, Set.of());
    }

    /** A token held to some scopes and, if {@code modules} names any, to those modules' APIs. */
    @Transactional
    public Issued issue(CurrentUser user, String name, Duration ttl, Set<TokenScope> scopes, Set<ApiModule> modules) {
        if (scopes == null || scopes.isEmpty()) {
            throw DomainException.invalid("scopes", "请至少选择一种令牌权限（读取、写入或数据交换）");
        }
        if (name == null || name.isBlank() || name.length() > 60) {
            throw DomainException.invalid("name", "令牌名称不能为空，且不超过60字");
        }
        Duration life = ttl == null ? defaultTtl : ttl;
        if (life.isNegative() || life.isZero() || life.compareTo(Duration.ofDays(366)) > 0) {
            throw DomainException.invalid("ttl", "有效期应在1分钟到366天之间");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "sk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Instant expires = now.plus(life);
        String[] scopeCodes = scopes.stream().sorted().map(Enum::name).toArray(String[]::new);
        String[] moduleCodes = (modules == null ? Set.<ApiModule>of() : modules).stream().sorted().map(ApiModule::code).toArray(String[]::new);
        long id = jdbc.sql("""
                insert into api_token (user_id, name, token_hash, created_at, expires_at, scopes, modules)
                values (:u, :n, :h, :c, :x, :scopes, :modules) returning id""")
                .param("u", user.id()).param("n", name.trim()).param("h", hash(token))
                .param("c", java.sql.Timestamp.from(now)).param("x", java.sql.Timestamp.from(expires))
                .param("scopes", scopeCodes).param("modules", moduleCodes)
                .query(Long.class).single();
        events.publishEvent(new StateChanged(ISSUED, "api_token", String.valueOf(id), user.displayName() + "：" + name.trim()
                + "（" + String.join("、", scopes.stream().sorted().map(TokenScope::label).toList())
                + (moduleCodes.length == 0 ? "，全部模块" : "，模块 " + String.join("、", moduleCodes)) + "，至 " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(expires.atZone(cn.shuangkong.shared.PlatformTime.zone())) + "）",
                user.enterpriseId(), null));
        return new Issued(id, token, expires);
    }

    /** A live token as stored. */
    private record Stored(long id, long userId, Instant expiresAt, Instant lastUsedAt) { }

    private static final RowMapper<Stored> STORED = Rows.of(Stored.class);

    /**
     * The account behind a presented secret, if the token exists, is not revoked and has not expired. Read from the
     * database at most once per {@code token-cache}; {@code last_used_at} is written at most once a minute per token
     * (the list shows minutes), so that a busy client does not queue its calls on its token's row.
     */
    public Optional<CurrentUser> resolve(String token) {
        Instant now = clock.instant();
        String hash = hash(token);
        Resolved known = resolved.get(hash);
        if (known == null || System.nanoTime() - known.resolvedAtNanos() > cacheFor.toNanos() || !known.expiresAt().isAfter(now)) {
            long seen = generation.get();
            known = jdbc.sql("select id, user_id, expires_at, last_used_at from api_token where token_hash = :h and revoked_at is null and expires_at > :now")
                    .param("h", hash).param("now", java.sql.Timestamp.from(now))
                    .query(STORED).optional()
                    .flatMap(row -> stored.byId(row.userId()).filter(StoredAccounts.Account::enabled).map(currentUsers::of)
                            .map(user -> new Resolved(row.id(), user, row.expiresAt(), System.nanoTime(),
                                    row.lastUsedAt() == null ? Instant.EPOCH : row.lastUsedAt())))
                    .orElse(null);
            if (known == null) {
                resolved.remove(hash);
                return Optional.empty();
            }
            if (generation.get() == seen && !cacheFor.isZero() && !cacheFor.isNegative()) resolved.put(hash, known);
        }
        if (known.usedWritten().isBefore(now.minus(LAST_USED_GRANULARITY))) {
            jdbc.sql("update api_token set last_used_at = :now where id = :id")
                    .param("now", java.sql.Timestamp.from(now)).param("id", known.tokenId()).update();
            resolved.computeIfPresent(hash, (h, r) -> new Resolved(r.tokenId(), r.user(), r.expiresAt(), r.resolvedAtNanos(), now));
        }
        return Optional.of(known.user());
    }

    /**
     * Forgets every resolved token once a change to tokens, accounts or roles has committed (a change outside a
     * transaction: at once). Forgetting all is simple and rare enough: such changes are a few a day. A plain listener
     * with a synchronisation, not a transactional event listener: that would record a publication for every change.
     */
    @EventListener
    void forget(StateChanged change) {
        // A token issued takes nothing from anyone (every sign-in issues one); anything else on these might.
        if (!FORGET_ON.contains(change.entityType()) || ISSUED.equals(change.action())) return;
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    forgetAll();
                }
            });
        } else {
            forgetAll();
        }
    }

    private void forgetAll() {
        generation.incrementAndGet();
        resolved.clear();
    }

    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);
    private static final int MAX_REMEMBERED = 10_000;
    private static final String ISSUED = "签发API令牌";
    private static final java.util.Set<String> FORGET_ON = java.util.Set.of("api_token", "user_account", "role");

    /** A token as listed, read by the library; its arrays' elements become scopes and modules by the rules below. */
    private record Listed(long id, String name, Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt,
                          List<String> scopes, List<String> modules) { }

    /** What a presented secret's token may do, read by the library; its scopes become constants below. */
    private record Granted(long id, List<String> scopes, List<String> modules, Instant expiresAt, Instant revokedAt) { }

    private static final RowMapper<Listed> LISTED = Rows.of(Listed.class);

    private static final RowMapper<Granted> GRANTED = Rows.of(Granted.class);

    public List<TokenInfo> of(CurrentUser user) {
        return jdbc.sql("select * from api_token where user_id = :u order by id desc")
                .param("u", user.id()).query(LISTED).list().stream()
                // a module code no longer known is left out of the list rather than failing it
                .map(t -> new TokenInfo(t.id(), t.name(), t.createdAt(), t.expiresAt(), t.revokedAt(), t.lastUsedAt(),
                        scopes(t.scopes()), t.modules().stream().flatMap(c -> ApiModule.byCode(c).stream()).toList()))
                .toList();
    }

    /** Module codes from a request as modules; an unknown one is refused, naming the known ones. */
    public static Set<ApiModule> modules(java.util.Collection<String> codes) {
        Set<ApiModule> out = EnumSet.noneOf(ApiModule.class);
        for (String code : codes == null ? List.<String>of() : codes) {
            out.add(ApiModule.byCode(code).orElseThrow(() -> DomainException.invalid("modules", "未知的模块：" + code + "（可选："
                    + String.join("、", java.util.Arrays.stream(ApiModule.values()).map(ApiModule::code).toList()) + "）")));
        }
        return out;
    }

    /** What the token behind a presented secret may do, expired and revoked ones included (so that they can be told apart). */
    public Optional<Grant> grantOf(String token) {
        return jdbc.sql("select id, scopes, modules, expires_at, revoked_at from api_token where token_hash = :h")
                .param("h", hash(token))
                .query(GRANTED).optional()
                .map(g -> new Grant(g.id(), scopes(g.scopes()), Set.copyOf(g.modules()), g.expiresAt(), g.revokedAt()));
    }

    private static Set<TokenScope> scopes(List<String> codes) {
        Set<TokenScope> out = EnumSet.noneOf(TokenScope.class);
        for (String s : codes) out.add(TokenScope.valueOf(s));
        return out;
    }

    @Transactional
    public void revoke(CurrentUser user, long tokenId) {
        int n = jdbc.sql("update api_token set revoked_at = :now where id = :id and user_id = :u and revoked_at is null")
                .param("now", java.sql.Timestamp.from(clock.instant())).param("id", tokenId).param("u", user.id()).update();
        if (n == 0) {
            throw DomainException.notFound("令牌");
        }
        // the person by name, as the 审计 page shows it to the enterprise (the record keeps who acted by account)
        events.publishEvent(new StateChanged("吊销API令牌", "api_token", String.valueOf(tokenId), user.displayName(), user.enterpriseId(), null));
    }

    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
