package cn.shuangkong.webhooks;

import cn.shuangkong.support.Patience;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.shuangkong.support.Api;
import cn.shuangkong.support.PlatformTest;
import cn.shuangkong.support.PlayedDns;
import cn.shuangkong.webhooks.internal.Signatures;
import cn.shuangkong.webhooks.internal.UrlGuard;
import cn.shuangkong.webhooks.internal.WebhookSender;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks as a receiving system sees them: a real HTTP server on loopback gets each event of its owner's scope,
 * signed; a failing receiver is retried with backoff and, failing on, suspended with a notice to the owner; nobody
 * is told about another scope; internal addresses are refused, also when a name is rebound to one after its check.
 */
class WebhookDeliveryTest extends PlatformTest {

    @Autowired WebhookSender sender;
    @Autowired PlayedDns dns;

    record Subscribed(long id, String secret) { }

    private Subscribed subscribe(Api as, String name, String url, String... events) {
        var r = as.post("/api/v1/webhooks", Api.json(Map.of("name", name, "url", url, "events", List.of(events))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return new Subscribed(r.json().get("id").asLong(), r.json().get("secret").asString());
    }

    private long registerHazard(Api as, String title) {
        var r = as.post("/api/v1/hazards", Api.json(Map.of("source", "SELF_CHECK", "type", "UNSAFE_CONDITION", "title", title,
                "description", title + "，现场核实", "location", "罐区")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    /** Sends what is due (the schedule may have already) until the condition holds, or fails at the deadline. */
    private <T> T eventually(Supplier<T> value, java.util.function.Predicate<T> done, String what) {
        // a timeout names what was awaited and the last value seen
        return await().alias(what).atMost(Patience.CONDITION).until(() -> {
            sender.sendDue();
            return value.get();
        }, done);
    }

    private static List<Receiver.Received> about(List<Receiver.Received> all, long hazardId) {
        return all.stream().filter(r -> r.body().contains("\"entityId\":\"" + hazardId + "\"")).toList();
    }

    @Test
    void a_signed_event_reaches_the_subscribers_of_its_scope_and_nobody_else() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Api chem = loggedIn("ent_chem");
            Subscribed own = subscribe(chem, "化工企业自有系统", receiver.url("/chem"), "hazard.registered", "hazard.state_changed");
            Subscribed city = subscribe(loggedIn("gov_city"), "市局平台", receiver.url("/city"), "hazard.registered");
            Subscribed other = subscribe(loggedIn("ent_mech"), "机械企业系统", receiver.url("/mech"), "hazard.registered");
            Subscribed town = subscribe(loggedIn("gov_town"), "新桥镇平台", receiver.url("/town"), "hazard.registered");
            try {
                long hazard = registerHazard(chem, "推送测试：罐区围堰破损");

                var atChem = eventually(() -> about(receiver.at("/chem"), hazard), l -> !l.isEmpty(), "the enterprise's own system is told");
                var atCity = eventually(() -> about(receiver.at("/city"), hazard), l -> !l.isEmpty(), "the city regulator is told");
                assertThat(atChem).hasSize(1);
                assertThat(atCity).hasSize(1);
                var got = atChem.get(0);
                JsonNode body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(got.body());
                assertThat(body.get("type").asString()).isEqualTo("hazard.registered");
                assertThat(body.get("entityType").asString()).isEqualTo("hazard");
                assertThat(body.get("enterpriseId").asLong()).isEqualTo(enterpriseIdOf("ent_chem"));
                assertThat(got.headers().get("x-shuangkong-event")).isEqualTo("hazard.registered");
                assertThat(got.headers().get("x-shuangkong-delivery")).isEqualTo(body.get("id").asString());
                long timestamp = Long.parseLong(got.headers().get("x-shuangkong-timestamp"));
                assertThat(got.headers().get("x-shuangkong-signature"))
                        .as("HMAC-SHA256 of timestamp.body under the subscriber's own secret")
                        .isEqualTo(Signatures.sign(own.secret(), timestamp, got.body()))
                        .isNotEqualTo(Signatures.sign(city.secret(), timestamp, got.body()));
                assertThat(Signatures.sign(own.secret(), timestamp + 1, got.body())).as("the time is signed too")
                        .isNotEqualTo(got.headers().get("x-shuangkong-signature"));
                assertThat(atCity.get(0).headers().get("x-shuangkong-delivery")).as("one event, one id for every subscriber")
                        .isEqualTo(body.get("id").asString());

                // a step of the loop is a state change, for the subscriber that asked for it
                assertThat(chem.post("/api/v1/hazards/" + hazard + "/fix-on-spot", Api.json(Map.of("note", "已当场修复围堰", "photo",
                        java.util.Base64.getEncoder().encodeToString(cn.shuangkong.hazard.Photos.png(java.awt.Color.GREEN))))).status())
                        .isBetween(200, 299);
                eventually(() -> about(receiver.at("/chem"), hazard), l -> l.size() >= 2, "the state change follows");
                assertThat(about(receiver.at("/chem"), hazard).get(1).headers().get("x-shuangkong-event")).isEqualTo("hazard.state_changed");

                // the log: one attempt, the receiver's status and the time it took
                var deliveries = chem.get("/api/v1/webhooks/" + own.id() + "/deliveries").json();
                assertThat(deliveries.size()).isGreaterThanOrEqualTo(2);
                JsonNode first = deliveries.get(deliveries.size() - 1);
                assertThat(first.get("state").asString()).isEqualTo("DELIVERED");
                var attempts = chem.get("/api/v1/webhooks/deliveries/" + first.get("id").asLong() + "/attempts").json();
                assertThat(attempts.size()).isEqualTo(1);
                assertThat(attempts.get(0).get("status").asInt()).isEqualTo(200);
                assertThat(attempts.get(0).get("latencyMs").asInt()).isGreaterThanOrEqualTo(0);

                // out of scope: another enterprise, and the town the works does not lie in, hear nothing of it
                sender.sendDue();
                assertThat(about(receiver.at("/mech"), hazard)).isEmpty();
                assertThat(about(receiver.at("/town"), hazard)).isEmpty();
                assertThat(jdbc.sql("select count(*) from webhook_delivery where subscription_id in (:a, :b)")
                        .param("a", other.id()).param("b", town.id()).query(Long.class).single()).isZero();
                // and another's subscription is not theirs to read or re-send
                assertThat(loggedIn("ent_mech").get("/api/v1/webhooks/" + own.id()).status()).isEqualTo(404);
                assertThat(loggedIn("ent_mech").post("/api/v1/webhooks/deliveries/" + first.get("id").asLong() + "/resend", "").status())
                        .isEqualTo(404);
            } finally {
                for (var s : List.of(own, city, other, town)) jdbc.sql("update webhook_subscription set state = 'DELETED' where id = :id").param("id", s.id()).update();
            }
        }
    }

    @Test
    void a_failed_delivery_is_retried_after_a_backoff_and_can_be_sent_again() throws Exception {
        Instant start = clock.instant();
        try (Receiver receiver = new Receiver()) {
            Api chem = loggedIn("ent_chem");
            Subscribed s = subscribe(chem, "重试测试", receiver.url("/retry"), "hazard.registered");
            try {
                receiver.answer("/retry", 500);
                long hazard = registerHazard(chem, "推送测试：重试");
                eventually(() -> about(receiver.at("/retry"), hazard), l -> !l.isEmpty(), "the first attempt");
                var delivery = jdbc.sql("select id, state, attempts, next_attempt_at from webhook_delivery where subscription_id = :s")
                        .param("s", s.id()).query((rs, n) -> Map.of("id", rs.getLong(1), "state", rs.getString(2), "attempts", rs.getInt(3),
                                "next", rs.getTimestamp(4).toInstant())).single();
                assertThat(delivery.get("state")).isEqualTo("PENDING");
                assertThat(delivery.get("attempts")).isEqualTo(1);
                assertThat((Instant) delivery.get("next")).as("30 s backoff after the first failure")
                        .isAfterOrEqualTo(clock.instant().plusSeconds(29));
                assertThat(sender.sendDue()).as("not due before its time").isZero();

                clock.set(clock.instant().plusSeconds(31));
                var both = eventually(() -> about(receiver.at("/retry"), hazard), l -> l.size() >= 2, "the retry");
                assertThat(both.get(1).headers().get("x-shuangkong-delivery")).isEqualTo(both.get(0).headers().get("x-shuangkong-delivery"));
                assertThat(both.get(1).body()).isEqualTo(both.get(0).body());
                long id = (long) delivery.get("id");
                var attempts = chem.get("/api/v1/webhooks/deliveries/" + id + "/attempts").json();
                assertThat(attempts.size()).isEqualTo(2);
                assertThat(attempts.get(0).get("status").asInt()).isEqualTo(500);
                assertThat(attempts.get(1).get("status").asInt()).isEqualTo(200);
                assertThat(jdbc.sql("select state from webhook_delivery where id = :id").param("id", id).query(String.class).single())
                        .isEqualTo("DELIVERED");

                // re-sent by hand: the same event once more
                assertThat(chem.post("/api/v1/webhooks/deliveries/" + id + "/resend", "").status()).isEqualTo(202);
                var three = eventually(() -> about(receiver.at("/retry"), hazard), l -> l.size() >= 3, "the re-send");
                assertThat(three.get(2).headers().get("x-shuangkong-delivery")).isEqualTo(three.get(0).headers().get("x-shuangkong-delivery"));
                assertThat(jdbc.sql("select count(*) from audit_record where action = '重发推送' and entity_id = :id")
                        .param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
            } finally {
                clock.set(start);
                jdbc.sql("update webhook_subscription set state = 'DELETED' where id = :id").param("id", s.id()).update();
            }
        }
    }

    @Test
    void a_receiver_that_keeps_failing_is_suspended_its_owner_told_and_writes_never_wait_for_it() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Api chem = loggedIn("ent_chem");
            Subscribed s = subscribe(chem, "暂停测试", receiver.url("/down"), "hazard.registered");
            try {
                int suspendAfter = 3; // the test profile's shuangkong.webhooks.suspend-after
                receiver.answer("/down", 503, 503, 503);
                List<Long> hazards = new java.util.ArrayList<>();
                for (int i = 0; i < suspendAfter; i++) hazards.add(registerHazard(chem, "推送测试：接收方故障 " + i));
                eventually(() -> jdbc.sql("select state from webhook_subscription where id = :id").param("id", s.id()).query(String.class).single(),
                        "SUSPENDED"::equals, "suspended after " + suspendAfter + " failures in a row");
                assertThat(jdbc.sql("select count(*) from notice where username = 'ent_chem' and kind = 'WEBHOOK_SUSPENDED' and link = :l")
                        .param("l", "/webhooks/" + s.id()).query(Long.class).single()).isEqualTo(1);
                assertThat(chem.get("/api/v1/webhooks/" + s.id()).json().get("state").asString()).isEqualTo("SUSPENDED");

                // while suspended: the write goes through, nothing more is queued for it, nothing is sent
                long later = registerHazard(chem, "推送测试：暂停期间");
                assertThat(jdbc.sql("select count(*) from webhook_delivery where subscription_id = :s").param("s", s.id())
                        .query(Long.class).single()).isEqualTo(suspendAfter);
                int before = receiver.at("/down").size();
                sender.sendDue();
                assertThat(receiver.at("/down")).hasSize(before);

                // resumed: what was waiting goes out at once, and now arrives
                assertThat(chem.post("/api/v1/webhooks/" + s.id() + "/resume", "").status()).isEqualTo(204);
                eventually(() -> jdbc.sql("select count(*) from webhook_delivery where subscription_id = :s and state = 'DELIVERED'")
                        .param("s", s.id()).query(Long.class).single(), n -> n == suspendAfter, "delivered after resuming");
                assertThat(receiver.at("/down")).hasSize(before + suspendAfter);
                assertThat(about(receiver.at("/down"), later)).isEmpty();
            } finally {
                jdbc.sql("update webhook_subscription set state = 'DELETED' where id = :id").param("id", s.id()).update();
            }
        }
    }

    @Test
    void an_address_that_became_internal_after_registration_is_not_posted_to() {
        Api chem = loggedIn("ent_chem");
        // registered at a public address (TEST-NET-3, a literal: no DNS); its name then resolves to the metadata
        // service, as a DNS change would make it: the stored URL stands for what the name now resolves to
        Subscribed s = subscribe(chem, "改指内网", "http://203.0.113.7/hook", "hazard.registered");
        try {
            jdbc.sql("update webhook_subscription set url = 'http://169.254.169.254/latest/meta-data/' where id = :id").param("id", s.id()).update();
            long hazard = registerHazard(chem, "推送测试：改指内网");
            assertThat(firstAttemptError(s, hazard)).contains("169.254.169.254").contains("不允许推送");
            assertThat(answeredAttempts(s)).as("no answer from the address: nothing was sent").isZero();
        } finally {
            jdbc.sql("update webhook_subscription set state = 'DELETED' where id = :id").param("id", s.id()).update();
        }
    }

    /** The error of the subscription's first attempt: its one delivery, the hazard registered after it was made. */
    private String firstAttemptError(Subscribed s, long hazard) {
        return eventually(() -> jdbc.sql("""
                select a.error from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id
                 where d.subscription_id = :s order by a.id limit 1""").param("s", s.id())
                .query(String.class).optional().orElse(null), e -> e != null, "the refused attempt of hazard " + hazard);
    }

    /** Attempts a receiver answered (with any status). */
    private long answeredAttempts(Subscribed s) {
        return jdbc.sql("select count(*) from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id where d.subscription_id = :s and a.status is not null")
                .param("s", s.id()).query(Long.class).single();
    }

    @Test
    void a_name_rebound_to_an_internal_address_after_its_check_is_never_connected_to() throws Exception {
        String host = "rebind.example.test"; // .test is reserved (RFC 2606): no real DNS answers it
        try (Receiver receiver = new Receiver()) {
            Api chem = loggedIn("ent_chem");
            // a hostile DNS server (DNS rebinding): a public address to the registration's lookup, the loopback address
            // a receiver listens on to every lookup after it. No later lookup is answered with the public address, so
            // nothing in this test can connect outside this machine, whatever the code under test does.
            dns.rebind(host, "93.184.216.34", "127.0.0.1");
            Subscribed s = subscribe(chem, "域名重绑定", "http://" + host + ":" + receiver.port() + "/rebind", "hazard.registered");
            try {
                assertThat(dns.lookups(host)).as("registered on one lookup, which answered the public address").isEqualTo(1);
                long hazard = registerHazard(chem, "推送测试：域名重绑定");
                assertThat(firstAttemptError(s, hazard)).as("the reason, as a refusal at registration words it")
                        .isEqualTo("推送地址指向内网、本机或保留地址（127.0.0.1），不允许推送");
                assertThat(dns.lookups(host)).as("the refusal came from a lookup after the registration's").isGreaterThan(1);
                assertThat(receiver.at("/rebind")).as("the receiver on loopback heard nothing").isEmpty();
                assertThat(answeredAttempts(s)).isZero();
            } finally {
                jdbc.sql("update webhook_subscription set state = 'DELETED' where id = :id").param("id", s.id()).update();
                dns.forget(host);
            }
        }
    }

    @Test
    void internal_addresses_and_unknown_events_are_refused_in_chinese() throws Exception {
        Api chem = loggedIn("ent_chem");
        for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://10.0.0.8/hook", "http://192.168.1.1/",
                "http://127.0.0.2:8080/", "http://[::1]/", "http://0.0.0.0/", "ftp://example.com/", "http://user:pw@example.com/", "不是网址")) {
            var r = chem.post("/api/v1/webhooks", Api.json(Map.of("name", "越界", "url", url, "events", List.of("hazard.registered"))));
            assertThat(r.status()).as(url).isEqualTo(400);
            assertThat(r.json().get("detail").asString()).as(url).containsPattern("[\\u4e00-\\u9fa5]");
        }
        var unknown = chem.post("/api/v1/webhooks", Api.json(Map.of("name", "未知", "url", "http://127.0.0.1:9/", "events", List.of("everything"))));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asString()).contains("未知的事件类型");
        assertThat(jdbc.sql("select count(*) from webhook_subscription where name in ('越界', '未知')").query(Long.class).single()).isZero();
        assertThat(UrlGuard.internal(InetAddress.getByName("100.64.0.1"))).isTrue();
        assertThat(UrlGuard.internal(InetAddress.getByName("fd00::1"))).isTrue();
        assertThat(UrlGuard.internal(InetAddress.getByName("8.8.8.8"))).isFalse();
    }
}
