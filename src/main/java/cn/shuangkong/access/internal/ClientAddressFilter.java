package cn.shuangkong.access.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The client's address, as rate limits, login throttling and the audit trail see it ({@code getRemoteAddr()}): the
 * connection's peer, unless that peer is one of {@code shuangkong.security.trusted-proxies}; only then is
 * {@code X-Forwarded-For} read, right to left, skipping our own proxies, and its first untrusted hop is the client.
 * A header from anyone else is ignored, so a client cannot name itself.
 */
public class ClientAddressFilter extends OncePerRequestFilter {

    /** An address or a CIDR block of addresses. */
    record Block(byte[] network, int prefix) {

        static Block parse(String text) {
            String s = text.strip();
            int slash = s.indexOf('/');
            byte[] address = literal(slash < 0 ? s : s.substring(0, slash));
            if (address == null) throw new IllegalArgumentException("shuangkong.security.trusted-proxies：无法识别的地址 " + s);
            int bits = address.length * 8;
            int prefix = slash < 0 ? bits : Integer.parseInt(s.substring(slash + 1));
            if (prefix < 0 || prefix > bits) throw new IllegalArgumentException("shuangkong.security.trusted-proxies：前缀长度无效 " + s);
            return new Block(address, prefix);
        }

        boolean contains(byte[] address) {
            if (address == null || address.length != network.length) return false;
            int shift = network.length * 8 - prefix;
            return new BigInteger(1, address).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
        }
    }

    private final List<Block> trusted;

    public ClientAddressFilter(List<String> trustedProxies) {
        List<Block> blocks = new ArrayList<>();
        for (String p : trustedProxies) if (p != null && !p.isBlank()) blocks.add(Block.parse(p));
        this.trusted = List.copyOf(blocks);
    }

    /** The client behind {@code peer}, given the {@code X-Forwarded-For} values the request carried. */
    public String clientOf(String peer, List<String> forwardedFor) {
        if (!trusted(peer)) return peer;
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) for (String hop : header.split(",")) if (!hop.isBlank()) hops.add(hop.strip());
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (literal(hop) == null) return client; // garbage from further out: the last hop we could vouch for is the client
            client = hop;
            if (!trusted(hop)) return client;
        }
        return client;
    }

    private boolean trusted(String address) {
        if (trusted.isEmpty()) return false;
        byte[] bytes = literal(address);
        return trusted.stream().anyMatch(b -> b.contains(bytes));
    }

    /** The bytes of a numeric IPv4/IPv6 literal; null for anything else (never a DNS lookup). */
    static byte[] literal(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) return null;
        String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = t.indexOf(':') >= 0 && t.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) return null;
        // an out-of-range dotted quad would otherwise be looked up as a host name
        if (v4 && java.util.Arrays.stream(t.split("\\.")).anyMatch(o -> Integer.parseInt(o) > 255)) return null;
        try {
            byte[] bytes = InetAddress.getByName(t).getAddress();
            if (bytes.length == 16 && isMappedV4(bytes)) return java.util.Arrays.copyOfRange(bytes, 12, 16);
            return bytes;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String peer = request.getRemoteAddr();
        String client = trusted.isEmpty() ? peer : clientOf(peer, java.util.Collections.list(request.getHeaders("X-Forwarded-For")));
        if (client.equals(peer)) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getRemoteAddr() {
                return client;
            }

            @Override
            public String getRemoteHost() {
                return client;
            }
        }, response);
    }
}
