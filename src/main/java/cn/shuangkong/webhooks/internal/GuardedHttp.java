package cn.shuangkong.webhooks.internal;

import cn.shuangkong.shared.DomainException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.HttpsSupport;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The HTTP client webhooks are posted with. Its name lookup is {@link UrlGuard#addresses}: a host is looked up once,
 * refused if any of its addresses is internal, and the connection goes to exactly the addresses checked — the JDK
 * client looked the name up again itself, which a DNS server answering differently the second time turned into a
 * request to the platform's own network (DNS rebinding, ADR 0080). TLS still checks the certificate against the URL's
 * host name, and sends it as SNI: the library's default checks, spelt out, untouched by where the name led
 * ({@code GuardedHttpTest}).
 */
@Component
class GuardedHttp implements DisposableBean {

    /** A host the guard refused to connect to; its message is the guard's Chinese reason. */
    static final class Refused extends UnknownHostException {
        Refused(String reason) {
            super(reason);
        }
    }

    private final UrlGuard guard;
    private final Timeout timeout;
    private final Supplier<SSLContext> tls;
    private CloseableHttpClient client;

    @Autowired
    GuardedHttp(UrlGuard guard, @Value("${shuangkong.webhooks.timeout:10s}") Duration timeout) {
        this(guard, timeout, SSLContexts::createSystemDefault); // the JVM's trust store, as the JDK client had
    }

    /** With the certificates {@code tls} trusts: a test's own, for a receiver on loopback. */
    GuardedHttp(UrlGuard guard, Duration timeout, Supplier<SSLContext> tls) {
        this.guard = guard;
        this.timeout = Timeout.of(timeout);
        this.tls = tls;
    }

    /** Posts {@code body} with these headers; the receiver's status code. */
    int post(URI uri, Map<String, String> headers, String body) throws IOException {
        HttpPost post = new HttpPost(uri);
        headers.forEach(post::setHeader);
        // no content type of its own: the caller's Content-Type header is the one sent
        post.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), null));
        // the body is read and dropped, so that the connection can be kept for the next send
        return client().execute(post, response -> response.getCode());
    }

    // Built at the first delivery, not at start: a client loads the TLS trust store (ADR 0060).
    private synchronized CloseableHttpClient client() {
        if (client == null) client = build();
        return client;
    }

    private CloseableHttpClient build() {
        DnsResolver guarded = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                try {
                    return guard.addresses(host);
                } catch (DomainException e) {
                    throw new Refused(e.getMessage());
                }
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host; // asked only by SPNEGO authentication, which webhooks never use: no reverse lookup
            }
        };
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(guarded)
                        // the name checked by JSSE (which also sends it as SNI) and by the library's verifier, both
                        .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls.get(), HostnameVerificationPolicy.BOTH,
                                HttpsSupport.getDefaultHostnameVerifier()))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).setConnectionRequestTimeout(timeout).build())
                // never follows a redirect: a receiver could otherwise send the platform on to an internal address
                .disableRedirectHandling()
                // a failed send is the outbox's to retry, after its backoff; no cookies or credentials carried between receivers
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression() // the body is dropped: never inflate one
                .build();
    }

    @Override
    public synchronized void destroy() throws IOException {
        if (client != null) client.close();
    }
}
