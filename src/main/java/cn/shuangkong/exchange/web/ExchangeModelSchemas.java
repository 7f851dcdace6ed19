package cn.shuangkong.exchange.web;

import cn.shuangkong.exchange.internal.ExchangeModel;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.ArrayList;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The exchange format in the OpenAPI document, written from {@code exchange/model.tsv} itself: one schema per entity
 * ({@code 交换记录.object} … {@code 交换记录.hazard}) with every field's Chinese name, length, code list and whether it
 * is required, so that the document cannot drift from the checks the receiver applies.
 */
@Component
class ExchangeModelSchemas implements OpenApiCustomizer {

    static final String PREFIX = "交换记录.";

    private final ExchangeModel model;

    ExchangeModelSchemas(ExchangeModel model) {
        this.model = model;
    }

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
        if (openApi.getComponents() == null) openApi.setComponents(new io.swagger.v3.oas.models.Components());
        for (String entity : ExchangeModel.ENTITIES) {
            Schema<Object> schema = new ObjectSchema();
            schema.setDescription(ExchangeModel.ENTITY_NAMES.get(entity) + "（entity = " + entity + "）的 data：字段、长度与代码表同接收方的校验");
            List<String> required = new ArrayList<>();
            for (ExchangeModel.Field f : model.fieldsOf(entity)) {
                StringSchema field = new StringSchema();
                StringBuilder about = new StringBuilder(f.chineseName());
                switch (f.kind()) {
                    case "date" -> about.append("，格式 yyyy-MM-dd HH:mm:ss（北京时间）");
                    case "number" -> about.append("，数字");
                    case "photo" -> about.append("，base64 的 PNG/JPEG，不超过 5 MB");
                    default -> { }
                }
                if (f.parent() != null) about.append("；指向上级记录：").append(ExchangeModel.ENTITY_NAMES.get(f.parent()));
                field.setDescription(about.toString());
                if (f.maxLength() != null) field.setMaxLength(f.maxLength());
                if (!f.codes().isEmpty()) field.setEnum(f.codes().stream().sorted().toList());
                schema.addProperty(f.name(), field);
                if (f.required()) required.add(f.name());
            }
            schema.setRequired(required);
            openApi.getComponents().addSchemas(PREFIX + entity, schema);
        }
    }
}
