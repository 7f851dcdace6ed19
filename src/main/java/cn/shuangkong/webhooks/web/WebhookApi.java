package cn.shuangkong.webhooks.web;

import org.springdoc.core.annotations.ParameterObject;
import jakarta.servlet.http.HttpServletResponse;
import cn.shuangkong.shared.MirrorQuery;
import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.webhooks.internal.Signatures;
import cn.shuangkong.webhooks.internal.Subscriptions;
import cn.shuangkong.webhooks.internal.WebhookEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "事件推送", description = "订阅本账号数据范围内的事件（webhook）：隐患登记与状态变化、监测报警与消除、预警、风险清单备案。"
        + "每次推送以 POST 发送 JSON，请求头 " + Signatures.SIGNATURE + " = sha256=HMAC-SHA256(密钥, " + Signatures.TIMESTAMP
        + " + \".\" + 请求体)，接收方应校验签名并拒绝时间相差过大的请求；" + Signatures.DELIVERY + " 为事件编号，重发时不变，可用于去重。"
        + "失败按指数退避重试，连续失败达到上限后暂停订阅并通知订阅人。")
@RestController
@RequestMapping("/api/v1/webhooks")
@PreAuthorize("hasAuthority('access:token:manage')")
class WebhookApi {

    record NewSubscription(String name, String url, List<String> events) { }

    record EventType(String code, String label) { }

    private final Subscriptions subscriptions;

    private final Mirrors mirrors;

    WebhookApi(Subscriptions subscriptions, Mirrors mirrors) {
        this.mirrors = mirrors;
        this.subscriptions = subscriptions;
    }

    @Operation(summary = "可订阅的事件类型")
    @GetMapping("/events")
    List<EventType> events() {
        return Arrays.stream(WebhookEvent.values()).map(e -> new EventType(e.code, e.label)).toList();
    }

    @Operation(summary = "我的推送订阅")
    @GetMapping
    List<Subscriptions.Subscription> list(@AuthenticationPrincipal Actor me,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "webhook_subscription", Subscriptions.Subscription::id, () -> subscriptions.of(me, mirror.asked()));
    }

    @Operation(summary = "新建推送订阅", description = "url 须为公网地址（内网、本机、链路本地地址被拒绝）；返回的 secret 只出现这一次，用于校验签名")
    @PostMapping
    ResponseEntity<Subscriptions.Created> create(@AuthenticationPrincipal Actor me, @RequestBody NewSubscription body) {
        var created = subscriptions.create(me, body.name(), body.url(), body.events());
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + created.id())).body(created);
    }

    @Operation(summary = "推送订阅详情")
    @GetMapping("/{id}")
    Subscriptions.Subscription get(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return subscriptions.get(me, id);
    }

    @Operation(summary = "删除推送订阅", description = "未发出的推送不再发送")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        subscriptions.delete(me, id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "恢复已暂停的订阅", description = "失败计数清零，积压的推送立即发送")
    @PostMapping("/{id}/resume")
    ResponseEntity<Void> resume(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        subscriptions.resume(me, id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "推送记录", description = "最近的推送，新的在前；limit 最大 200")
    @GetMapping("/{id}/deliveries")
    List<Subscriptions.Delivery> deliveries(@AuthenticationPrincipal Actor me, @PathVariable long id,
                                            @RequestParam(defaultValue = "50") int limit) {
        return subscriptions.deliveries(me, id, limit);
    }

    @Operation(summary = "一次推送的每次尝试", description = "时间、接收方返回的 HTTP 状态、耗时（毫秒）、错误")
    @GetMapping("/deliveries/{id}/attempts")
    List<Subscriptions.Attempt> attempts(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return subscriptions.attempts(me, id);
    }

    @Operation(summary = "重发一次推送", description = "同一事件编号、同一请求体，重新开始重试")
    @PostMapping("/deliveries/{id}/resend")
    ResponseEntity<Void> resend(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        subscriptions.resend(me, id);
        return ResponseEntity.accepted().build();
    }
}
