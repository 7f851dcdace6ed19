package cn.shuangkong.webhooks.internal;

import cn.shuangkong.shared.StateChanged;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The events a subscriber may ask for, and which audited changes ({@link StateChanged}: entity type and action) each
 * one is. Kept in this one table so that a renamed action shows up here, and in {@code WebhookDeliveryTest}, at once.
 */
public enum WebhookEvent {
    HAZARD_REGISTERED("hazard.registered", "隐患登记", "hazard", Set.of("登记隐患", "随手拍上报隐患")),
    /** Every other step of a hazard's closed loop (确认、整改、验收、延期、督办、销号、逾期升级…); a photo added is not a step. */
    HAZARD_STATE_CHANGED("hazard.state_changed", "隐患状态变化", "hazard", Set.of()),
    ALARM_RAISED("alarm.raised", "监测报警", "alarm", Set.of("触发报警")),
    ALARM_CLEARED("alarm.cleared", "报警消除", "alarm", Set.of("消除报警")),
    ALERT_RAISED("alert.raised", "预警触发", "alert", Set.of("触发预警")),
    REGISTER_FILED("register.filed", "风险清单备案", "risk_filing", Set.of("风险清单备案"));

    public final String code;
    public final String label;
    private final String entityType;
    private final Set<String> actions;

    WebhookEvent(String code, String label, String entityType, Set<String> actions) {
        this.code = code;
        this.label = label;
        this.entityType = entityType;
        this.actions = actions;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    private static final Set<String> NOT_A_HAZARD_STEP = Set.of("上传隐患照片", "照片重复使用");

    /** The event an audited change is, if subscribers may ask for it. */
    static Optional<WebhookEvent> of(StateChanged change) {
        if ("hazard".equals(change.entityType())) {
            if (HAZARD_REGISTERED.actions.contains(change.action())) return Optional.of(HAZARD_REGISTERED);
            return NOT_A_HAZARD_STEP.contains(change.action()) ? Optional.empty() : Optional.of(HAZARD_STATE_CHANGED);
        }
        return Arrays.stream(values())
                .filter(e -> e.entityType.equals(change.entityType()) && e.actions.contains(change.action()))
                .findFirst();
    }

    public static Optional<WebhookEvent> byCode(String code) {
        return Arrays.stream(values()).filter(e -> e.code.equals(code)).findFirst();
    }
}
