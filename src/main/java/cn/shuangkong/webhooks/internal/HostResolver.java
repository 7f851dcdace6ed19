package cn.shuangkong.webhooks.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How a webhook's host name becomes addresses — the one lookup {@link UrlGuard} checks and a send then connects to. A
 * seam so that a test can play a hostile DNS server (DNS rebinding, ADR 0080); the platform uses the system's resolver.
 */
@FunctionalInterface
public interface HostResolver {

    /** Every address the name stands for now; a literal address stands for itself. */
    InetAddress[] resolve(String host) throws UnknownHostException;
}
