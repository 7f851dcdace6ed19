package cn.shuangkong.hazard.internal;

import cn.shuangkong.access.AccessFacts;
import cn.shuangkong.organization.OrganizationFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import cn.shuangkong.shared.ExternalUrl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends every inbox notice by e-mail too, through the SMTP server of {@code spring.mail.*} — and not at all while no
 * {@code spring.mail.host} is configured. A message leaves only after the transaction that wrote the notice commits
 * (a rolled-back change mails nobody), on a background thread, and a failure to send is logged, never thrown: e-mail
 * cannot fail the business operation. The address is the account's, else the one on its employee record.
 */
@Component
public class Mailer {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    /** One message as a person receives it. */
    public record Mail(String to, String subject, String text) { }

    private final JdbcClient jdbc;
    private final String from;
    private final ExternalUrl externalUrl;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mailer");
        t.setDaemon(true);
        return t;
    });
    private volatile JavaMailSender sender;

    Mailer(JdbcClient jdbc, ObjectProvider<JavaMailSender> sender,
           @Value("${shuangkong.mail.from:双控平台 <noreply@shuangkong.local>}") String from,
           ExternalUrl externalUrl) {
        this.jdbc = jdbc;
        this.sender = sender.getIfAvailable();
        this.from = from;
        this.externalUrl = externalUrl;
    }

    /** Tests point the mailer at their in-process SMTP server; {@code null} turns e-mail off. */
    public void useSender(JavaMailSender sender) {
        this.sender = sender;
    }

    public boolean enabled() {
        return sender != null;
    }

    /** The account's own address, else its employee's; built once, not per notice. */
    private static final String ADDRESS = """
            select coalesce(nullif(a.email, ''), nullif(e.email, '')) from (%s) a
              left join (%s) e on e.id = a.employee_id
             where a.username = :u and a.enabled""".formatted(AccessFacts.accounts(), OrganizationFacts.employees());

    /** Queues a notice for {@code username} by e-mail, sent when (and if) the current transaction commits. */
    public void queue(String username, String kind, String message, String link) {
        if (sender == null) return;
        String address = jdbc.sql(ADDRESS).param("u", username).query(String.class).optional().orElse(null);
        if (address == null) return;
        String text = message + "\n\n打开查看：" + externalUrl.link(link) + "\n\n此邮件由双控平台自动发送，请勿直接回复。";
        Mail mail = new Mail(address, "【双控】" + kind + "：" + (message.length() > 60 ? message.substring(0, 59) + "…" : message), text);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            executor.execute(() -> send(mail));
            return;
        }
        pendingInThisTransaction().add(mail);
    }

    @SuppressWarnings("unchecked")
    private List<Mail> pendingInThisTransaction() {
        Object key = Mailer.class;
        List<Mail> pending = (List<Mail>) TransactionSynchronizationManager.getResource(key);
        if (pending == null) {
            List<Mail> list = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(key, list);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(key);
                    if (status == STATUS_COMMITTED) {
                        List<Mail> toSend = List.copyOf(list);
                        executor.execute(() -> toSend.forEach(Mailer.this::send));
                    }
                }
            });
            pending = list;
        }
        return pending;
    }

    private void send(Mail mail) {
        JavaMailSender s = sender;
        if (s == null) return;
        try {
            SimpleMailMessage m = new SimpleMailMessage();
            m.setFrom(from);
            m.setTo(mail.to());
            m.setSubject(mail.subject());
            m.setText(mail.text());
            s.send(m);
        } catch (RuntimeException e) {
            log.warn("E-mail to {} not sent ({}): {}", mail.to(), mail.subject(), e.getMessage());
        }
    }
}
