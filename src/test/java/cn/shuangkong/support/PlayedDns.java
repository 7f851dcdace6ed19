package cn.shuangkong.support;

import cn.shuangkong.webhooks.internal.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server a test plays for the names it scripts — a hostile one that rebinds a name (ADR 0080) — with every
 * other name answered by the system's resolver. Addresses are given as literals, so playing one never asks a real DNS.
 */
public class PlayedDns implements HostResolver {

    private record Script(InetAddress[] first, InetAddress[] later, AtomicInteger lookups) { }

    private final Map<String, Script> scripts = new ConcurrentHashMap<>();

    /** The first lookup of {@code host} answers {@code first}; every lookup after it answers {@code later}. */
    public void rebind(String host, String first, String later) {
        scripts.put(host, new Script(literal(first), literal(later), new AtomicInteger()));
    }

    /** How often {@code host} has been looked up since it was scripted. */
    public int lookups(String host) {
        Script s = scripts.get(host);
        return s == null ? 0 : s.lookups().get();
    }

    public void forget(String host) {
        scripts.remove(host);
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        Script s = scripts.get(host);
        if (s == null) return InetAddress.getAllByName(host);
        return (s.lookups().getAndIncrement() == 0 ? s.first() : s.later()).clone();
    }

    private static InetAddress[] literal(String address) {
        if (!address.matches("[0-9.]+|[0-9a-fA-F:]+")) throw new IllegalArgumentException("an address literal, not a name: " + address);
        try {
            return List.of(InetAddress.getByName(address)).toArray(InetAddress[]::new);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
