package cn.shuangkong.access;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.scope.Session;
import cn.shuangkong.support.PlatformTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * A web session deleted while one of its requests is running (signed out in another tab, revoked by a password change
 * elsewhere, expired and swept): when that request saves the attributes it added, the session's row is gone. It must
 * answer as it would have without the session store's write — never 500 — and store nothing of the session again
 * (ADR 0054). The latch is the session's row itself: locked here, the request does its work and then waits to save
 * its session; the row is deleted and the lock let go.
 */
class SessionGoneMidRequestTest extends PlatformTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Autowired
    EmbeddedPostgres postgres;

    @Autowired
    JdbcIndexedSessionRepository sessions;

    @Test
    void a_form_post_whose_session_is_deleted_before_it_saves_the_flash_message_answers_its_redirect() throws Exception {
        Session page = new Session(base()).signIn("ent_chem", "Demo@2026");
        String name = "会话中途失效-" + System.nanoTime();
        assertThat(page.send("POST", "/account/tokens", FORM, ("name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        long tokenId = jdbc.sql("select id from api_token where name = :n").param("n", name).query(Long.class).single();

        Gone gone = deletedMidRequest(page.sessionId(),
                () -> page.send("POST", "/account/tokens/" + tokenId + "/revoke", FORM, new byte[0]));

        assertThat(gone.answer().statusCode()).as(gone.answer().body()).isEqualTo(302);
        assertThat(gone.answer().headers().firstValue("Location").orElse("")).endsWith("/account/tokens");
        assertThat(jdbc.sql("select revoked_at is not null from api_token where id = :id").param("id", tokenId)
                .query(Boolean.class).single()).as("the post's own work was done while it was signed in").isTrue();
        assertNothingStoredOf(gone.primaryId());
        HttpResponse<String> next = page.send("GET", "/account/tokens", null, null);
        assertThat(next.statusCode()).as("the next request of the deleted session signs in again").isEqualTo(302);
        assertThat(next.headers().firstValue("Location").orElse("")).contains("/login");
    }

    /**
     * Signing in adds the security context and renews the CSRF token in one save: the insert failed on the foreign key,
     * which aborted the transaction, and the token's update then failed with it — a 500 on the sign-in form.
     */
    @Test
    void a_sign_in_whose_session_is_deleted_meanwhile_answers_without_a_500_and_the_next_page_asks_again() throws Exception {
        Session page = new Session(base());
        String formToken = page.openSignInForm();

        Gone gone = deletedMidRequest(page.sessionId(), () -> page.postSignIn(formToken, "ent_chem", "Demo@2026"));

        assertThat(gone.answer().statusCode()).as(gone.answer().body()).isEqualTo(302);
        assertNothingStoredOf(gone.primaryId());
        HttpResponse<String> next = page.send("GET", "/hazards", null, null);
        assertThat(next.statusCode()).isEqualTo(302);
        assertThat(next.headers().firstValue("Location").orElse("")).contains("/login");
    }

    /** Below the pages, for any mix of attributes: a save of a session deleted meanwhile fails nothing and stores nothing. */
    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void saving_a_session_deleted_meanwhile_with_an_added_and_a_changed_attribute_fails_nothing_and_stores_nothing() {
        SessionRepository<org.springframework.session.Session> sessions = (SessionRepository) this.sessions;
        String kept = "kept-" + System.nanoTime();
        String added = "added-" + System.nanoTime();
        var created = sessions.createSession();
        created.setAttribute(kept, "甲");
        sessions.save(created);
        var loaded = sessions.findById(created.getId());
        sessions.deleteById(created.getId());

        loaded.setAttribute(kept, "乙");
        loaded.setAttribute(added, "丙");
        sessions.save(loaded);

        assertThat(sessions.findById(created.getId())).isNull();
        assertThat(jdbc.sql("select count(*) from spring_session_attributes where attribute_name in (:a, :b)")
                .param("a", kept).param("b", added).query(Long.class).single()).isZero();
    }

    private record Gone(String primaryId, HttpResponse<String> answer) { }

    /** Runs {@code request} of the session {@code sessionId} and deletes the session while the request saves it. */
    private Gone deletedMidRequest(String sessionId, Supplier<HttpResponse<String>> request) throws Exception {
        try (Connection other = postgres.getPostgresDatabase().getConnection()) {
            other.setAutoCommit(false);
            String primaryId = lockSession(other, sessionId);
            int holder = backendPid(other);
            CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(request);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> answer.isDone() || waitsOn(holder));
            assertThat(answer).as("the request waits for its session's row before it answers").isNotDone();
            try (PreparedStatement delete = other.prepareStatement("delete from spring_session where primary_id = ?")) {
                delete.setString(1, primaryId);
                assertThat(delete.executeUpdate()).isEqualTo(1);
            }
            other.commit();
            return new Gone(primaryId, answer.get(60, TimeUnit.SECONDS));
        }
    }

    private void assertNothingStoredOf(String primaryId) {
        assertThat(jdbc.sql("select count(*) from spring_session where primary_id = :p")
                .param("p", primaryId).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from spring_session_attributes where session_primary_id = :p")
                .param("p", primaryId).query(Long.class).single()).as("nothing of the session stored again").isZero();
    }

    private static String lockSession(Connection c, String sessionId) throws Exception {
        try (PreparedStatement lock = c.prepareStatement("select primary_id from spring_session where session_id = ? for update")) {
            lock.setString(1, sessionId);
            try (ResultSet rs = lock.executeQuery()) {
                assertThat(rs.next()).as("the session is stored").isTrue();
                return rs.getString(1);
            }
        }
    }

    private static int backendPid(Connection c) throws Exception {
        try (PreparedStatement pid = c.prepareStatement("select pg_backend_pid()"); ResultSet rs = pid.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Whether another backend now waits for a lock that {@code holder} holds: the request saving its session. */
    private boolean waitsOn(int holder) {
        return superuser().sql("select count(*) from pg_stat_activity where :holder = any(pg_blocking_pids(pid))")
                .param("holder", holder).query(Long.class).single() > 0;
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
