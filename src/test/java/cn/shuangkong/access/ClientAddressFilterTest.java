package cn.shuangkong.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.access.internal.ClientAddressFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressFilterTest {

    @Test
    void with_no_trusted_proxy_a_forwarded_header_is_ignored() {
        var filter = new ClientAddressFilter(List.of());
        assertThat(filter.clientOf("203.0.113.9", List.of("1.2.3.4"))).isEqualTo("203.0.113.9");
    }

    @Test
    void behind_a_trusted_proxy_the_first_untrusted_hop_from_the_right_is_the_client() {
        var filter = new ClientAddressFilter(List.of("10.0.0.0/8", "192.0.2.1"));
        // the client put "1.2.3.4" in the header itself; the proxies appended what they saw
        assertThat(filter.clientOf("10.1.1.1", List.of("1.2.3.4, 198.51.100.7, 192.0.2.1"))).isEqualTo("198.51.100.7");
        assertThat(filter.clientOf("10.1.1.1", List.of("1.2.3.4", "198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(filter.clientOf("10.1.1.1", List.of())).isEqualTo("10.1.1.1");
    }

    @Test
    void a_header_from_an_untrusted_peer_is_ignored_even_when_it_names_a_trusted_proxy() {
        var filter = new ClientAddressFilter(List.of("10.0.0.0/8"));
        assertThat(filter.clientOf("203.0.113.9", List.of("10.1.1.1"))).isEqualTo("203.0.113.9");
    }

    @Test
    void garbage_in_the_header_stops_the_walk_at_the_last_address_a_trusted_proxy_vouched_for() {
        var filter = new ClientAddressFilter(List.of("10.0.0.0/8"));
        assertThat(filter.clientOf("10.1.1.1", List.of("evil.example.com, 10.2.2.2"))).isEqualTo("10.2.2.2");
        assertThat(filter.clientOf("10.1.1.1", List.of("999.1.1.1"))).isEqualTo("10.1.1.1");
        assertThat(filter.clientOf("10.1.1.1", List.of("2001:db8::1"))).isEqualTo("2001:db8::1");
    }

    @Test
    void ipv6_blocks_and_ipv4_mapped_addresses_match() {
        var filter = new ClientAddressFilter(List.of("fd00::/8", "127.0.0.1"));
        assertThat(filter.clientOf("fd12::5", List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(filter.clientOf("::ffff:127.0.0.1", List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(filter.clientOf("127.0.0.2", List.of("198.51.100.7"))).isEqualTo("127.0.0.2");
    }

    @Test
    void a_misconfigured_proxy_list_stops_the_start() {
        assertThatThrownBy(() -> new ClientAddressFilter(List.of("proxy.internal"))).hasMessageContaining("无法识别");
        assertThatThrownBy(() -> new ClientAddressFilter(List.of("10.0.0.0/33"))).hasMessageContaining("前缀长度");
    }
}
