package cn.shuangkong.shared;

import java.io.Writer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * What Tomcat refuses before the application sees the request (a URL it cannot decode, such as {@code %00}; a header
 * it cannot parse) is answered in Chinese too: a problem for {@code /api/}, a short page otherwise. Tomcat's own
 * English report valve, which Spring Boot installs, is replaced by {@link ChineseReport}, which also logs such a
 * refusal in one line, without the stack trace Tomcat's own line carries.
 */
@Component
class ContainerErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after Spring Boot's customizer, whose report valve this one replaces
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (!(context.getParent() instanceof StandardHost host)) return;
            for (Valve v : host.getPipeline().getValves()) {
                if (v instanceof ErrorReportValve) host.getPipeline().removeValve(v);
            }
            host.setErrorReportValveClass(ChineseReport.class.getName());
            host.getPipeline().addValve(new ChineseReport());
        });
    }

    public static final class ChineseReport extends ErrorReportValve {

        private static final Logger log = LoggerFactory.getLogger(ContainerErrors.class);

        /**
         * Tomcat's own policy for errors in what clients send: the first at INFO, then DEBUG for a day, so that a client
         * cannot flood the log (System.nanoTime of the next INFO line; MIN_VALUE: none yet).
         */
        private static final AtomicLong nextInfo = new AtomicLong(Long.MIN_VALUE);

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status == 400 && throwable != null) logRefusal(throwable);
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
            AtomicBoolean ioAllowed = new AtomicBoolean(true);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) return;
            String uri = request.getRequestURI();
            if (uri == null || uri.isEmpty()) uri = request.getCoyoteRequest().requestURI().toString();
            // a request line too long to read has no address: only programs send those, and they read JSON
            boolean api = uri == null || uri.isEmpty() || uri.startsWith("/api/");
            String detail = RequestFaults.generic(status);
            String body = api
                    ? "{\"type\":\"https://shuangkong.cn/problems/" + status + "\",\"title\":\"" + RequestFaults.title(status)
                            + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}"
                    : "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>出错了 - 双控平台</title></head>"
                            + "<body><h1>" + RequestFaults.title(status) + "</h1><p>" + detail + "</p><p><a href=\"/\">返回首页</a></p></body></html>";
            try {
                response.setContentType(api ? "application/problem+json" : "text/html");
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (Exception | LinkageError e) {
                // the connection is going away; nothing more can be told to the client
            }
        }

        /**
         * A request Tomcat could not parse (a request line or headers over 8 KB, a character it refuses) in one line.
         * Tomcat's own line for it carries a stack trace, which the platform never writes for hostile input: its logger
         * is set to WARN (application.yml) and this line is written instead.
         */
        private static void logRefusal(Throwable refused) {
            String reason = String.valueOf(refused.getMessage()).replaceAll("\\p{Cntrl}", "?");
            String line = "Refused a request that could not be parsed (answered 400 in Chinese): " + refused.getClass().getSimpleName()
                    + ": " + (reason.length() > 200 ? reason.substring(0, 200) + "…" : reason);
            long now = System.nanoTime(), next = nextInfo.get();
            if ((next == Long.MIN_VALUE || now - next >= 0) && nextInfo.compareAndSet(next, now + TimeUnit.DAYS.toNanos(1))) {
                log.info("{} (further ones are logged at DEBUG for a day)", line);
            } else {
                log.debug(line);
            }
        }
    }
}
