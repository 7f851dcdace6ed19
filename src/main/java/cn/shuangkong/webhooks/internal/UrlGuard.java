package cn.shuangkong.webhooks.internal;

import cn.shuangkong.shared.DomainException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * No request forgery through a subscription (SSRF): the platform posts only to public addresses. A URL whose host is,
 * or resolves to, loopback, link-local (cloud metadata at 169.254.169.254), a private range, CGNAT, multicast or the
 * unspecified address is refused — when registered, and again by {@link GuardedHttp} as the address a send connects to
 * (a name may resolve elsewhere later, even between a check and a connection: DNS rebinding, ADR 0080) — unless its
 * host is in {@code shuangkong.webhooks.allowed-hosts} (an operator's own internal receiver).
 */
@Component
public class UrlGuard {

    private final List<String> allowedHosts;
    private final HostResolver resolver;

    public UrlGuard(@Value("${shuangkong.webhooks.allowed-hosts:}") List<String> allowedHosts, HostResolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        this.resolver = resolver;
    }

    /** The URL as a URI if the platform may post to it; a Chinese refusal on the field {@code url} otherwise. */
    URI check(String url) {
        URI uri = parse(url);
        // an operator's allowed host is taken as written, resolvable now or not (it is resolved when sent to)
        if (!allowedHosts.contains(bare(uri.getHost()))) addresses(uri.getHost());
        return uri;
    }

    /** The URL as a URI if it is one the platform could post to, its host not yet looked up. */
    URI parse(String url) {
        if (url == null || url.isBlank() || url.length() > 500) throw invalid("推送地址不能为空，且不超过500个字符");
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            throw invalid("推送地址不是有效的网址");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw invalid("推送地址须以 http:// 或 https:// 开头");
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw invalid("推送地址须有主机名，且不能含用户名、密码或 # 片段");
        }
        return uri;
    }

    /**
     * The addresses {@code host} stands for, looked up once: refused if any of them is internal (unless the host is an
     * operator's allowed one). What is returned is all a connection may go to — asking the name again could answer
     * differently.
     */
    InetAddress[] addresses(String host) {
        String bare = bare(host);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            addresses = null;
        }
        if (addresses == null || addresses.length == 0) throw invalid("推送地址的主机名无法解析：" + bare);
        if (allowedHosts.contains(bare)) return addresses;
        for (InetAddress a : addresses) {
            if (internal(a)) throw invalid("推送地址指向内网、本机或保留地址（" + a.getHostAddress() + "），不允许推送");
        }
        return addresses;
    }

    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    public static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff, second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) // CGNAT 100.64.0.0/10
                    || (first == 198 && (second == 18 || second == 19))         // benchmarking 198.18.0.0/15
                    || first >= 240;                                             // reserved and broadcast
        }
        if ((b[0] & 0xfe) == 0xfc) return true; // IPv6 unique local fc00::/7
        // an IPv4 address carried in an IPv6 one reaches that IPv4 host through a translator: NAT64 64:ff9b::/96,
        // 6to4 2002::/16 and the old IPv4-compatible ::/96 (Java turns only the mapped ::ffff:0:0/96 into IPv4 itself)
        byte[] embedded = null;
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && zero(b, 4, 12)) embedded = java.util.Arrays.copyOfRange(b, 12, 16);
        else if (b[0] == 0x20 && b[1] == 0x02) embedded = java.util.Arrays.copyOfRange(b, 2, 6);
        else if (zero(b, 0, 12)) embedded = java.util.Arrays.copyOfRange(b, 12, 16);
        try {
            return embedded != null && internal(InetAddress.getByAddress(embedded));
        } catch (UnknownHostException e) {
            return true; // four bytes are always an address; refuse rather than guess
        }
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != 0) return false;
        return true;
    }

    private static DomainException invalid(String message) {
        return DomainException.invalid("url", message);
    }
}
