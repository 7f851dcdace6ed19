package cn.shuangkong.access.internal;

import cn.shuangkong.access.CurrentUser;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.ExternalUrl;
import cn.shuangkong.shared.QrCodes;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.shared.StateChanged;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 双因素认证: an account proves who it is with its password and a code from an authenticator app (TOTP, {@link Totp}),
 * or, with the phone lost, one of ten recovery codes shown once at enrolment. Enrolment is two steps — the secret is
 * shown, then the app's first code confirms it — so that an account never depends on a secret its app does not have.
 * Which kinds of account must enrol is configuration ({@code shuangkong.security.second-factor-required-for}): GB/T
 * 22239-2019 at level 3 asks it of administrators; a province may ask it of every regulator.
 */
@Service
public class SecondFactors {

    /** What the enrolment page shows once: the secret to type, and the same as a QR code for the app to scan. */
    public record Enrolment(String secret, String uri, String qrDataUri) {
        /** The secret in groups of four, as people type it. */
        public String grouped() {
            return secret.replaceAll("(.{4})(?!$)", "$1 ");
        }
    }

    static final int RECOVERY_CODES = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ExternalUrl externalUrl;
    private final Set<CurrentUser.Kind> requiredFor;

    SecondFactors(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock, ExternalUrl externalUrl,
                  @Value("${shuangkong.security.second-factor-required-for:}") Set<CurrentUser.Kind> requiredFor) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.externalUrl = externalUrl;
        this.requiredFor = Set.copyOf(requiredFor);
    }

    /** Whether logging in as {@code userId} takes a code as well as the password. */
    public boolean enabled(long userId) {
        return jdbc.sql("select exists (select 1 from account_second_factor where user_id = :u and confirmed_at is not null)")
                .param("u", userId).query(Boolean.class).single();
    }

    /** Whether the platform's configuration makes an account of {@code kind} enrol before it does anything else. */
    public boolean required(String kind) {
        return requiredFor.stream().anyMatch(k -> k.name().equals(kind));
    }

    /** Starts (or starts again) {@code me}'s enrolment with a new secret; refused while a confirmed one is in use. */
    @Transactional
    public Enrolment begin(CurrentUser me) {
        if (enabled(me.id())) throw DomainException.conflict("双因素认证已启用；如需更换手机，请先关闭再重新启用");
        String secret = Totp.newSecret();
        jdbc.sql("""
                insert into account_second_factor (user_id, secret, begun_at) values (:u, :s, :now)
                on conflict (user_id) do update set secret = excluded.secret, begun_at = excluded.begun_at, last_step = 0""")
                .param("u", me.id()).param("s", secret).param("now", Timestamp.from(clock.instant())).update();
        events.publishEvent(new StateChanged("开始绑定双因素认证", "user_account", String.valueOf(me.id()),
                me.username() + "：生成新密钥，待身份验证器的第一个验证码确认", me.enterpriseId(), null));
        return enrolment(me, secret);
    }

    /** The enrolment begun and not yet confirmed, shown again (the page reloaded), or empty. */
    public Optional<Enrolment> pending(CurrentUser me) {
        return jdbc.sql("select secret from account_second_factor where user_id = :u and confirmed_at is null")
                .param("u", me.id()).query(String.class).optional().map(secret -> enrolment(me, secret));
    }

    private Enrolment enrolment(CurrentUser me, String secret) {
        // issuer and label as the apps show them: "双控平台 (host): username"
        String issuer = "双控平台" + " (" + java.net.URI.create(externalUrl.link("/")).getHost() + ")";
        String label = enc(issuer) + ":" + enc(me.username());
        String uri = "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + enc(issuer)
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
        return new Enrolment(secret, uri, QrCodes.dataUri(uri, 220));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Confirms {@code me}'s enrolment with the app's first code; from now on the login asks for a code. Answers the ten
     * recovery codes, which are shown this once and kept only as hashes.
     */
    @Transactional
    public List<String> confirm(CurrentUser me, String code) {
        String secret = jdbc.sql("select secret from account_second_factor where user_id = :u and confirmed_at is null for update")
                .param("u", me.id()).query(String.class).optional()
                .orElseThrow(() -> DomainException.conflict("请先点击“启用双因素认证”取得密钥"));
        long step = Totp.match(secret, code, Totp.stepAt(clock.instant().getEpochSecond()), 0)
                .orElseThrow(() -> DomainException.invalid("code", "验证码不正确：请输入身份验证器当前显示的6位数字，并确认手机时间准确"));
        jdbc.sql("update account_second_factor set confirmed_at = :now, last_step = :step where user_id = :u")
                .param("now", Timestamp.from(clock.instant())).param("step", step).param("u", me.id()).update();
        List<String> codes = newRecoveryCodes(me.id());
        events.publishEvent(new StateChanged("启用双因素认证", "user_account", String.valueOf(me.id()),
                me.username() + "：绑定身份验证器，生成恢复码 " + codes.size() + " 个", me.enterpriseId(), null));
        return codes;
    }

    private List<String> newRecoveryCodes(long userId) {
        jdbc.sql("delete from account_recovery_code where user_id = :u").param("u", userId).update();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            byte[] raw = new byte[7];
            RANDOM.nextBytes(raw);
            String code = Totp.base32(raw).substring(0, 10).toLowerCase(Locale.ROOT);
            codes.add(code.substring(0, 5) + "-" + code.substring(5));
            jdbc.sql("insert into account_recovery_code (user_id, code_hash) values (:u, :h)")
                    .param("u", userId).param("h", hash(code)).update();
        }
        return codes;
    }

    /** Turns {@code me}'s second factor off, proven with a current code; refused where the configuration requires one. */
    @Transactional
    public void disable(CurrentUser me, String code) {
        if (required(me.kind().name())) {
            throw new DomainException(HttpStatus.FORBIDDEN, "本平台要求此类账号启用双因素认证，不能关闭；更换手机请联系管理员重置", null);
        }
        if (!enabled(me.id())) throw DomainException.conflict("双因素认证未启用");
        if (!verify(me.id(), code)) throw DomainException.invalid("code", "验证码不正确，双因素认证未关闭");
        remove(me.id());
        events.publishEvent(new StateChanged("关闭双因素认证", "user_account", String.valueOf(me.id()), me.username(), me.enterpriseId(), null));
    }

    /** An admin's reset for an account whose phone is lost: it logs in with its password alone until it enrols again. */
    @Transactional
    public void reset(long userId, String username) {
        if (remove(userId) == 0) throw DomainException.conflict("该账号未启用双因素认证，无需重置");
        events.publishEvent(new StateChanged("重置双因素认证", "user_account", String.valueOf(userId), username, null, null));
    }

    private int remove(long userId) {
        jdbc.sql("delete from account_recovery_code where user_id = :u").param("u", userId).update();
        return jdbc.sql("delete from account_second_factor where user_id = :u").param("u", userId).update();
    }

    /** A confirmed second factor: its secret and the last TOTP step accepted. */
    private record Factor(String secret, long lastStep) { }

    private static final RowMapper<Factor> FACTORS = Rows.of(Factor.class);

    /**
     * Whether {@code code} proves {@code userId}: a TOTP code of a step later than the last one accepted (so a code seen
     * over a shoulder is spent), or an unused recovery code, which is then spent (and the use audited).
     */
    @Transactional
    public boolean verify(long userId, String code) {
        if (code == null || code.isBlank()) return false;
        var factor = jdbc.sql("select secret, last_step from account_second_factor where user_id = :u and confirmed_at is not null for update")
                .param("u", userId).query(FACTORS).optional();
        if (factor.isEmpty()) return false;
        var step = Totp.match(factor.get().secret(), code, Totp.stepAt(clock.instant().getEpochSecond()), factor.get().lastStep());
        if (step.isPresent()) {
            jdbc.sql("update account_second_factor set last_step = :s where user_id = :u").param("s", step.getAsLong()).param("u", userId).update();
            return true;
        }
        String recovery = code.strip().toLowerCase(Locale.ROOT).replace("-", "");
        int spent = jdbc.sql("update account_recovery_code set used_at = :now where user_id = :u and code_hash = :h and used_at is null")
                .param("now", Timestamp.from(clock.instant())).param("u", userId).param("h", hash(recovery)).update();
        if (spent == 0) return false;
        int left = recoveryCodesLeft(userId);
        events.publishEvent(new StateChanged("使用恢复码登录", "user_account", String.valueOf(userId), "剩余恢复码 " + left + " 个", null, null));
        return true;
    }

    /** Unused recovery codes of {@code me} (the account page warns when few are left). */
    public int recoveryCodesLeft(CurrentUser me) {
        return recoveryCodesLeft(me.id());
    }

    private int recoveryCodesLeft(long userId) {
        return jdbc.sql("select count(*) from account_recovery_code where user_id = :u and used_at is null").param("u", userId)
                .query(Integer.class).single();
    }

    private static String hash(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
