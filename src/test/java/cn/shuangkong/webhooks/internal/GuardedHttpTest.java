package cn.shuangkong.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client webhooks are posted with, against receivers on loopback: it connects only where the guard's one lookup
 * led, and TLS still holds the receiver to the URL's host name — the address it connected to changes nothing there.
 * Every name here is played (no DNS asked) and answers 127.0.0.1: nothing leaves the machine.
 */
class GuardedHttpTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir Path dir;

    /** What a receiver got: the path, and for TLS the name the client asked for (SNI). */
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private GuardedHttp http;

    @AfterEach
    void stop() throws Exception {
        if (http != null) http.destroy();
        if (server != null) server.stop(0);
    }

    /** A guard whose DNS answers loopback for every name (an address stands for itself); {@code allowed} are the operator's allowed hosts. */
    private static UrlGuard guardOnLoopback(String... allowed) {
        return new UrlGuard(List.of(allowed), host -> host.contains(":") || host.matches("[0-9.]+")
                ? InetAddress.getAllByName(host) // a literal: no DNS asked
                : new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})});
    }

    private <S extends HttpServer> S serve(S s) {
        s.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String sni = exchange instanceof HttpsExchange tls
                    ? ((ExtendedSSLSession) tls.getSSLSession()).getRequestedServerNames().stream()
                            .map(n -> ((SNIHostName) n).getAsciiName()).toList().toString()
                    : "";
            received.add(exchange.getRequestURI().getPath() + sni);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        s.start();
        server = s;
        return s;
    }

    private int post(String url) throws Exception {
        return http.post(URI.create(url), Map.of("Content-Type", "application/json; charset=utf-8"), "{}");
    }

    @Test
    void a_name_answering_an_internal_address_at_the_connection_is_refused_and_nothing_reaches_it() throws Exception {
        int port = serve(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0)).getAddress().getPort();
        http = new GuardedHttp(guardOnLoopback(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> post("http://rebind.example.test:" + port + "/hook"))
                .isInstanceOf(GuardedHttp.Refused.class)
                .hasMessage("推送地址指向内网、本机或保留地址（127.0.0.1），不允许推送");
        // an address written in the URL goes through the same check (the library could have taken it as resolved)
        assertThatThrownBy(() -> post("http://127.0.0.1:" + port + "/hook")).isInstanceOf(GuardedHttp.Refused.class)
                .hasMessageContaining("127.0.0.1");
        assertThatThrownBy(() -> post("http://[::1]:" + port + "/hook")).isInstanceOf(GuardedHttp.Refused.class)
                .hasMessageContaining("0:0:0:0:0:0:0:1");
        assertThat(received).isEmpty();
    }

    @Test
    void tls_holds_the_receiver_to_the_urls_host_name_not_to_the_address_connected_to() throws Exception {
        KeyStore store = certificateFor("tls.example.test");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        int port = serve(https).getAddress().getPort();

        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store); // the test's certificate is the only one trusted
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);
        // both names are the operator's allowed hosts: loopback is theirs to post to, so only TLS can stand in the way
        http = new GuardedHttp(guardOnLoopback("tls.example.test", "other.example.test"), Duration.ofSeconds(5), () -> clientTls);

        assertThat(post("https://tls.example.test:" + port + "/right")).isEqualTo(204);
        assertThat(received).as("delivered, the URL's name sent as SNI").containsExactly("/right[tls.example.test]");

        // the same address and certificate under another name: refused by the client before a request is sent
        assertThatThrownBy(() -> post("https://other.example.test:" + port + "/wrong"))
                .isInstanceOf(SSLException.class).hasMessageContaining("other.example.test");
        assertThat(received).hasSize(1);
    }

    /** A key and a self-signed certificate for {@code name} only, made by the JDK's keytool. */
    private KeyStore certificateFor(String name) throws Exception {
        Path file = dir.resolve("receiver.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + name, "-ext", "SAN=dns:" + name, "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }
}
