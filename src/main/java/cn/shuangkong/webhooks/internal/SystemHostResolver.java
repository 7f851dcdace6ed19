package cn.shuangkong.webhooks.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.stereotype.Component;

/** The operating system's resolver, as {@link InetAddress} asks it: what the platform looks webhook hosts up with. */
@Component
class SystemHostResolver implements HostResolver {

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }
}
