package cn.shuangkong.shared;

import java.util.function.BiFunction;
import java.util.function.Predicate;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads a value as Jackson's own deserializer does, then refuses it if a rule of the platform finds it wrong: the
 * refusal is an {@link InvalidFormatException}, so it carries the field's path into the 400 ({@link RequestFaults}).
 * For the mapper that reads request bodies only ({@link PlausibleDates}, {@link DirectionControls}).
 */
final class RefusingDeserializer extends DelegatingDeserializer {

    /** The refusal of a value, or null when it may stand. */
    interface Rule extends BiFunction<JsonParser, Object, InvalidFormatException> { }

    private final Rule rule;

    private RefusingDeserializer(ValueDeserializer<?> delegate, Rule rule) {
        super(delegate);
        this.rule = rule;
    }

    static SimpleModule module(String name, Predicate<Class<?>> types, Rule rule) {
        return new SimpleModule(name).setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier description,
                                                           ValueDeserializer<?> deserializer) {
                return types.test(description.getBeanClass()) ? new RefusingDeserializer(deserializer, rule) : deserializer;
            }
        });
    }

    @Override
    protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
        return new RefusingDeserializer(delegate, rule);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) {
        Object value = super.deserialize(p, ctxt);
        InvalidFormatException refused = value == null ? null : rule.apply(p, value);
        if (refused != null) throw refused;
        return value;
    }
}
