package cn.shuangkong.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.shared.DomainException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * No request forgery through a subscription (SSRF), a test per kind of address, with no operator allow-list (the
 * platform tests allow-list their local receivers): each is refused on the field {@code url} in Chinese. The same check
 * runs before every send ({@code WebhookDeliveryTest} holds that a stored address now internal is not posted to).
 */
class UrlGuardTest {

    private final UrlGuard guard = new UrlGuard(List.of(), new SystemHostResolver());

    private void refused(String url) {
        refused(guard, url);
    }

    private static void refused(UrlGuard guard, String url) {
        assertThatThrownBy(() -> guard.check(url)).as(url).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.getMessage()).as(url).containsPattern("[\\u4e00-\\u9fa5]");
            assertThat(e.fieldErrors()).as(url).containsKey("url");
        });
    }

    @Test
    void loopback_is_refused() {
        refused("http://127.0.0.1/hook");
        refused("http://127.8.9.10:8080/hook");
        refused("http://[::1]/hook");
        refused("http://[::ffff:127.0.0.1]/hook");
    }

    @Test
    void a_name_resolving_to_loopback_is_refused() {
        refused("http://localhost/hook");
        refused("http://LOCALHOST:9/hook");
    }

    @Test
    void link_local_and_cloud_metadata_are_refused() {
        refused("http://169.254.169.254/latest/meta-data/");
        refused("http://[fe80::1]/hook");
        refused("http://[::ffff:169.254.169.254]/");
    }

    @Test
    void private_ranges_are_refused() {
        refused("http://10.0.0.8/hook");
        refused("http://10.255.255.254/hook");
        refused("http://172.16.0.1/hook");
        refused("http://192.168.1.1/hook");
        refused("http://100.64.0.1/hook"); // CGNAT
        refused("http://[fd00::1]/hook");
    }

    @Test
    void the_unspecified_address_is_refused() {
        refused("http://0.0.0.0:8080/");
        refused("http://[::]/");
    }

    @Test
    void an_internal_ipv4_address_inside_an_ipv6_one_is_refused() {
        refused("http://[64:ff9b::a9fe:a9fe]/"); // NAT64 of 169.254.169.254
        refused("http://[2002:7f00:1::]/"); // 6to4 of 127.0.0.1
        refused("http://[::7f00:1]/"); // IPv4-compatible 127.0.0.1
    }

    @Test
    void a_public_address_and_an_operators_allowed_host_are_taken() {
        assertThat(guard.check("https://8.8.8.8/hook").getHost()).isEqualTo("8.8.8.8");
        assertThat(guard.check("http://[64:ff9b::808:808]/hook").getHost()).isEqualTo("[64:ff9b::808:808]");
        assertThat(new UrlGuard(List.of("receiver.internal"), new SystemHostResolver()).check("http://receiver.internal/hook").getHost()).isEqualTo("receiver.internal");
    }

    /** A DNS server answering these literal addresses for every name, counting the lookups. */
    private record Answering(AtomicInteger lookups, InetAddress... addresses) implements HostResolver {
        Answering(String... literals) throws UnknownHostException {
            this(new AtomicInteger(), literals(literals));
        }

        private static InetAddress[] literals(String... literals) throws UnknownHostException {
            InetAddress[] all = new InetAddress[literals.length];
            for (int i = 0; i < literals.length; i++) all[i] = InetAddress.getByName(literals[i]); // a literal: no DNS asked
            return all;
        }

        @Override
        public InetAddress[] resolve(String host) {
            lookups.incrementAndGet();
            return addresses.clone();
        }
    }

    @Test
    void a_name_is_looked_up_once_and_refused_if_any_of_its_addresses_is_internal() throws Exception {
        Answering dns = new Answering("93.184.216.34", "10.0.0.8");
        UrlGuard guard = new UrlGuard(List.of(), dns);
        refused(guard, "https://mixed.example.test/hook");
        assertThatThrownBy(() -> guard.check("https://mixed.example.test/hook")).hasMessageContaining("10.0.0.8");
        assertThat(dns.lookups()).hasValue(2); // one for each check
    }

    @Test
    void a_connection_may_go_to_exactly_the_addresses_checked() throws Exception {
        Answering dns = new Answering("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946");
        assertThat(new UrlGuard(List.of(), dns).addresses("[Public.Example.Test]"))
                .containsExactly(dns.addresses());
        assertThat(dns.lookups()).hasValue(1);
    }

    @Test
    void an_operators_allowed_host_is_not_looked_up_when_registered_and_connects_to_its_internal_address() throws Exception {
        Answering dns = new Answering("10.0.0.8");
        UrlGuard guard = new UrlGuard(List.of("receiver.internal"), dns);
        assertThat(guard.check("http://receiver.internal/hook").getHost()).isEqualTo("receiver.internal");
        assertThat(dns.lookups()).as("taken as written, resolvable now or not").hasValue(0);
        assertThat(guard.addresses("RECEIVER.internal")).containsExactly(dns.addresses());
    }

    @Test
    void a_name_with_no_address_is_refused_as_unresolvable() {
        assertThatThrownBy(() -> new UrlGuard(List.of(), host -> new InetAddress[0]).addresses("void.example.test"))
                .isInstanceOf(DomainException.class).hasMessageContaining("无法解析");
    }
}
