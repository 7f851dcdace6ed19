package cn.shuangkong.monitoring.internal;

import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may connect to the embedded broker and where they may publish (ADR 0015). No anonymous client. The platform's
 * own connection (the demo simulator publishes through it; readings reach ingestion inside the broker, ADR 0034) uses
 * an internal identity whose password lives only in this process. Every other client is an enterprise's gateway, user name = its credit code,
 * and may publish only under {@code shuangkong/v1/{that credit code}/...} and subscribe to nothing.
 */
public final class MqttBrokerSecurity implements IAuthenticator, IAuthorizatorPolicy {

    private static final Logger log = LoggerFactory.getLogger(MqttBrokerSecurity.class);
    public static final String INTERNAL_USER = "shuangkong-platform";
    public static final String TOPIC_ROOT = "shuangkong/v1/";

    private final MqttCredentials credentials;
    private final String internalPassword;

    public MqttBrokerSecurity(MqttCredentials credentials) {
        this.credentials = credentials;
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        this.internalPassword = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    String internalPassword() {
        return internalPassword;
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        if (username == null || password == null) return false;
        boolean ok = INTERNAL_USER.equals(username)
                ? MessageDigest.isEqual(internalPassword.getBytes(StandardCharsets.UTF_8), password)
                : credentials.valid(username, password);
        if (!ok) log.warn("MQTT connection refused: client {} user {}", clientId, username);
        return ok;
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        String name = topic.toString();
        if (INTERNAL_USER.equals(user)) return name.startsWith(TOPIC_ROOT);
        // Its own code's topic (TOPIC_ROOT + user) and anything below it; wildcards are no publish topic anyway, but say
        // so here too. Compared in place: this runs for every message, and building the prefix each time was garbage.
        int end = TOPIC_ROOT.length() + (user == null ? 0 : user.length());
        boolean own = user != null && !user.isBlank() && name.startsWith(TOPIC_ROOT) && name.startsWith(user, TOPIC_ROOT.length())
                && (name.length() == end || name.charAt(end) == '/') && name.indexOf('+') < 0 && name.indexOf('#') < 0;
        if (!own) log.warn("MQTT publish refused: user {} may not publish to {}", user, name);
        return own;
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        return INTERNAL_USER.equals(user);
    }
}
