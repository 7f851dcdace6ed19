package cn.shuangkong.contractor.internal;

import cn.shuangkong.shared.DomainException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** The refusals every contractor form shares: a required text within its length, all of a form's faults at once. */
final class Fields {

    private Fields() {
    }

    static void text(Map<String, String> errors, String field, String value, String label, int max) {
        if (value == null || value.isBlank()) errors.put(field, "请填写" + label);
        else if (value.strip().length() > max) errors.put(field, label + "不能超过 " + max + " 个字");
    }

    /** Refuses with the first fault as the message and every fault beside its field; nothing is saved. */
    static void refuse(Map<String, String> errors) {
        if (!errors.isEmpty()) throw new DomainException(HttpStatus.BAD_REQUEST, errors.values().iterator().next(), errors);
    }
}
