package cn.shuangkong.monitoring.web;

import cn.shuangkong.monitoring.internal.MqttConnector;
import cn.shuangkong.monitoring.internal.MqttCredentials;
import cn.shuangkong.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 网关接入: the enterprise's credentials on the embedded MQTT broker, for configuring its gateways (ADR 0015). The
 * password is shown once, right after it is generated; the platform keeps only its hash.
 */
@Controller
@Tag(name = "重大危险源与在线监测")
class GatewayAccessController {

    private final MqttCredentials credentials;
    private final MqttConnector mqtt;

    GatewayAccessController(MqttCredentials credentials, MqttConnector mqtt) {
        this.credentials = credentials;
        this.mqtt = mqtt;
    }

    @GetMapping("/monitoring/gateway")
    @PreAuthorize("hasAuthority('monitoring:point:write')")
    String page(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("issued", credentials.of(me).orElse(null));
        model.addAttribute("broker", mqtt.brokerUrl());
        model.addAttribute("embedded", mqtt.embedded());
        return "monitoring/gateway";
    }

    @PostMapping("/monitoring/gateway")
    @PreAuthorize("hasAuthority('monitoring:point:write')")
    String regenerate(@AuthenticationPrincipal Actor me, RedirectAttributes flash) {
        var generated = credentials.regenerate(me);
        flash.addFlashAttribute("password", generated.password());
        return "redirect:/monitoring/gateway";
    }

    /** Gateway access as the API shows it: never the password. */
    record GatewayAccess(boolean generated, String username, Instant createdAt, String topic, String broker) {
    }

    @GetMapping("/api/v1/monitoring/mqtt-credentials")
    @PreAuthorize("hasAuthority('monitoring:point:write')")
    @ResponseBody
    @Operation(summary = "查看本企业的 MQTT 网关接入凭据", description = "用户名即统一社会信用代码；密码只在生成时返回一次。")
    GatewayAccess show(@AuthenticationPrincipal Actor me) {
        var issued = credentials.of(me);
        return new GatewayAccess(issued.isPresent(), issued.map(MqttCredentials.Issued::username).orElse(null),
                issued.map(MqttCredentials.Issued::createdAt).orElse(null),
                issued.map(i -> "shuangkong/v1/" + i.username() + "/{位号}").orElse(null), mqtt.brokerUrl());
    }

    @PostMapping("/api/v1/monitoring/mqtt-credentials")
    @PreAuthorize("hasAuthority('monitoring:point:write')")
    @ResponseBody
    @Operation(summary = "生成（或重新生成）本企业的 MQTT 网关接入密码", description = "原密码立即作废；新密码只在本次应答中出现。")
    Map<String, String> generate(@AuthenticationPrincipal Actor me) {
        var generated = credentials.regenerate(me);
        return Map.of("username", generated.username(), "password", generated.password(),
                "topic", "shuangkong/v1/" + generated.username() + "/{位号}", "broker", String.valueOf(mqtt.brokerUrl()));
    }
}
