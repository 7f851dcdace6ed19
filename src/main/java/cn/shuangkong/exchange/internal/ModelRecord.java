package cn.shuangkong.exchange.internal;

import cn.shuangkong.shared.PlatformTime;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One platform record in the national model's words, before it gets its UUID and the enterprise's codes: the fields
 * its mapper filled, and the records it belongs to ({@code links}), which are sent first and, where {@code uuidField}
 * is set, named there by their UUID.
 */
record ModelRecord(String entity, long platformId, Map<String, Object> fields, List<Link> links) {

    /** A parent record by its platform id; {@code uuidField} null when the model names it otherwise (by code). */
    record Link(String entity, long platformId, String uuidField) { }

    static Builder of(String entity, long platformId) {
        return new Builder(entity, platformId);
    }

    static String date(Instant at) {
        return at == null ? null : LocalDateTime.ofInstant(at, PlatformTime.zone()).format(ExchangeModel.DATE);
    }

    static String level(Integer grade) {
        return grade == null ? null : String.valueOf(grade);
    }

    static final class Builder {
        private final String entity;
        private final long platformId;
        private final Map<String, Object> fields = new LinkedHashMap<>();
        private final List<Link> links = new java.util.ArrayList<>();

        private Builder(String entity, long platformId) {
            this.entity = entity;
            this.platformId = platformId;
        }

        Builder put(String field, Object value) {
            if (value instanceof BigDecimal n) value = n.stripTrailingZeros().toPlainString();
            if (value != null) fields.put(field, value.toString());
            return this;
        }

        Builder link(String parentEntity, Long parentId, String uuidField) {
            if (parentId != null) links.add(new Link(parentEntity, parentId, uuidField));
            return this;
        }

        ModelRecord build() {
            return new ModelRecord(entity, platformId, fields, List.copyOf(links));
        }
    }
}
