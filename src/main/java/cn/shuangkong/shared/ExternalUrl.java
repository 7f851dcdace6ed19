package cn.shuangkong.shared;

import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The platform's address as people reach it ({@code shuangkong.external-url}), the start of every link that leaves
 * the browser: QR codes on printed documents, links in e-mails. It is configuration, never the request's Host or
 * {@code X-Forwarded-*} headers, which any client can forge; and whether it is https decides Secure cookies and HSTS.
 */
@Component
public class ExternalUrl {

    private final String base;

    ExternalUrl(@Value("${shuangkong.external-url}") String base) {
        URI uri = URI.create(base.strip());
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalStateException("shuangkong.external-url 须为 http(s)://主机[:端口][/路径]，当前为：" + base);
        }
        String s = uri.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** For tests and tools that need an address other than the configured one. */
    public static ExternalUrl of(String base) {
        return new ExternalUrl(base);
    }

    /** The absolute link to {@code path} (which starts with a slash), e.g. {@code /risks/12}. */
    public String link(String path) {
        return base + (path.startsWith("/") ? path : "/" + path);
    }

    /** Whether people reach the platform over https: then cookies are Secure and browsers are told to stay on https. */
    public boolean secure() {
        return base.startsWith("https:");
    }

    @Override
    public String toString() {
        return base;
    }
}
