package cn.shuangkong.hazard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.hazard.internal.HazardDeadlines;
import cn.shuangkong.inspection.internal.InspectionScheduler;
import cn.shuangkong.support.Api;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inbox notices by e-mail, received by an in-process SMTP server (GreenMail): what a person finds in their mailbox —
 * sender's subject in Chinese, their own address, and the link to the page — only after the change commits.
 */
class MailNotificationsTest extends MailboxTest {

    @Autowired
    Notices notices;

    @Autowired
    HazardDeadlines deadlines;

    @Autowired
    InspectionScheduler scheduler;

    @Autowired
    TransactionTemplate tx;

    @Test
    void a_major_hazard_reaches_the_regulator_and_the_assignment_the_rectifier_by_email_with_a_link() throws Exception {
        Api chem = loggedIn("ent_chem");
        var body = HazardApiTest.report("SELF_CHECK", "罐区防火堤破损（邮件）");
        body.put("level", "MAJOR");
        body.put("criterionCode", "CHEM-2017-12");
        long id = chem.post("/api/v1/hazards", Api.json(body)).json().get("id").asLong();

        String regulator = addressOf("gov_city");
        assertThat(regulator).as("the demo regulator has an e-mail address").isNotBlank();
        MimeMessage major = mailTo(regulator, "【双控】重大隐患", "罐区防火堤破损（邮件）").orElseThrow();
        assertThat(major.getSubject()).contains("江苏华泰化工有限公司").contains("罐区防火堤破损（邮件）");
        assertThat((String) major.getContent()).contains("/hazards/" + id);

        var assigned = chem.post("/api/v1/hazards/" + id + "/assign", Api.json(HazardApiTest.plan("worker_chem", LocalDate.now(clock).plusDays(10))));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        String worker = addressOf("worker_chem");
        assertThat(jdbc.sql("select email from user_account where username = 'worker_chem'").query(String.class).optional().orElse(null))
                .as("worker_chem's address is on the employee record, not the account").isNull();
        MimeMessage task = mailTo(worker, "【双控】整改任务").orElseThrow();
        assertThat((String) task.getContent()).contains("罐区防火堤破损（邮件）").contains("http://").contains("/hazards/" + id);
    }

    @Test
    void a_change_that_rolls_back_mails_nobody() throws Exception {
        long hazard = jdbc.sql("select id from hazard order by id limit 1").query(Long.class).single();
        tx.executeWithoutResult(status -> {
            notices.send(List.of("ent_chem"), Notices.Kind.ASSIGNED, hazard, "回滚的通知");
            status.setRollbackOnly();
        });
        tx.executeWithoutResult(status -> notices.send(List.of("ent_chem"), Notices.Kind.ASSIGNED, hazard, "提交的通知"));
        assertThat(mailTo(addressOf("ent_chem"), "提交的通知")).isPresent();
        assertThat(Arrays.stream(smtp.getReceivedMessages()).anyMatch(m -> subject(m).contains("回滚的通知"))).isFalse();
    }

    @Test
    void an_unreachable_mail_server_never_fails_the_business_operation() {
        mailer.useSender(sender(1)); // nothing listens on port 1
        Api chem = loggedIn("ent_chem");
        var body = HazardApiTest.report("SELF_CHECK", "邮件服务器不可用时登记的重大隐患");
        body.put("level", "MAJOR");
        body.put("majorReason", "涉及重大危险源");
        var r = chem.post("/api/v1/hazards", Api.json(body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(jdbc.sql("select count(*) from notice where hazard_id = :h and kind = 'MAJOR'").param("h", r.json().get("id").asLong())
                .query(Long.class).single()).as("the inbox still has the report").isPositive();
    }

    @Test
    void reminders_before_a_rectification_deadline_and_before_a_task_window_closes_go_by_email() throws Exception {
        Api chem = loggedIn("ent_chem");
        // a title of its own: the sweep also reminds worker_chem of other tests' hazards that fall due soon
        String title = "洗眼器水压不足（提醒 " + System.nanoTime() + "）";
        long id = chem.post("/api/v1/hazards", Api.json(HazardApiTest.report("SELF_CHECK", title))).json().get("id").asLong();
        chem.post("/api/v1/hazards/" + id + "/assign", Api.json(HazardApiTest.plan("worker_chem", LocalDate.now(clock).plusDays(2))));
        deadlines.sweep();
        MimeMessage soon = mailTo(addressOf("worker_chem"), "到期：" + title).orElseThrow(); // not the assignment's mail
        assertThat(subject(soon)).startsWith("【双控】即将到期");

        // 21:00 tomorrow, Beijing time: today's daily tasks close at midnight, within the reminder's four hours.
        var target = LocalDateTime.of(LocalDate.now(clock).plusDays(1), LocalTime.of(21, 0)).atZone(clock.getZone()).toInstant();
        clock.advance(Duration.between(clock.instant(), target));
        scheduler.runOnce(); // or the scheduler's own run, if it came first: either way the reminder goes out once
        MimeMessage closing = mailTo(addressOf("worker_chem"), "【双控】排查即将截止").orElseThrow();
        assertThat((String) closing.getContent()).contains("项排查任务将于").contains("/inspection/mine");
        assertThat(scheduler.runOnce().reminded()).as("reminded once").isZero();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
