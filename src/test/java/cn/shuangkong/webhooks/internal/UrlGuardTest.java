package cn.shuangkong.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.shared.DomainException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No request forgery through a subscription (SSRF), a test per kind of address, with no operator allow-list (the
 * platform tests allow-list their local receivers): each is refused on the field {@code url} in Chinese. The same check
 * runs before every send ({@code WebhookDeliveryTest} holds that a stored address now internal is not posted to).
 */
class UrlGuardTest {

    private final UrlGuard guard = new UrlGuard(List.of(), new SystemHostResolver());

    private void refused(String url) {
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
}
