package cn.shuangkong.hazard;

import cn.shuangkong.hazard.internal.Mailer;
import cn.shuangkong.support.Patience;
import cn.shuangkong.support.PlatformTest;
import static org.awaitility.Awaitility.await;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The platform with a mailbox: an in-process SMTP server (GreenMail) the platform's mailer sends to while a test class
 * runs, empty before each test; the rest of the suite runs without SMTP, as a platform with no mail host does.
 */
abstract class MailboxTest extends PlatformTest {

    static GreenMail smtp;

    @Autowired
    Mailer mailer;

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @BeforeEach
    void pointAtSmtp() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        mailer.useSender(sender(smtp.getSmtp().getPort()));
    }

    @AfterEach
    void mailOff() {
        mailer.useSender(null);
    }

    /** A mail sender to a port of this machine. */
    static JavaMailSenderImpl sender(int port) {
        var s = new JavaMailSenderImpl();
        s.setHost("127.0.0.1");
        s.setPort(port);
        s.setDefaultEncoding("UTF-8");
        return s;
    }

    /**
     * The first message to {@code address} whose subject contains each of {@code words}, waiting for the mailer thread;
     * fails when none came within {@link Patience#CONDITION}, so the answer is never empty. A test names its own
     * record among the words when an earlier test's mail of the same kind may still arrive: the mailer's thread
     * sends through the server set when it gets to the mail, which may be the next test's.
     */
    static Optional<MimeMessage> mailTo(String address, String... words) {
        return await().alias("a mail to " + address + " about " + String.join(" ", words)).atMost(Patience.CONDITION)
                .until(() -> received(address, words), Optional::isPresent);
    }

    private static Optional<MimeMessage> received(String address, String... words) throws jakarta.mail.MessagingException {
        for (MimeMessage m : smtp.getReceivedMessages()) {
            boolean to = Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(address));
            String subject = m.getSubject();
            if (to && Arrays.stream(words).allMatch(subject::contains)) return Optional.of(m);
        }
        return Optional.empty();
    }

    /** The address a user's mail goes to: their account's, else their employee record's. */
    String addressOf(String username) {
        return jdbc.sql("select coalesce(a.email, e.email) from user_account a left join employee e on e.id = a.employee_id where a.username = :u")
                .param("u", username).query(String.class).single();
    }
}
