package cn.shuangkong.shared;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Set;
import org.springframework.format.AnnotationFormatterFactory;
import org.springframework.format.Parser;
import org.springframework.format.Printer;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.datetime.standard.Jsr310DateTimeFormatAnnotationFormatterFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * The dates a request may state: from 1900 to 2099. Records are evidence, and every date a person types is either a
 * day something happened (a drill held, a training given, a 约谈 held) or a day something is due (整改, 督办, an expiry).
 * Java and PostgreSQL take any year from −4713 to +999999999, so a drill "held" on 0001-01-01 was stored as a fact and a
 * breathing apparatus "expiring" on +999999999-12-31 silently left every expiry reminder. One range for every door: the
 * JSON bodies of the API, the typed dates of page forms and the {@code @DateTimeFormat} parameters.
 */
public final class PlausibleDates {

    public static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    public static final LocalDate LATEST = LocalDate.of(2099, 12, 31);
    /** What a refused date is told, after its field's label. */
    public static final String REFUSED = "须在 1900-01-01 至 2099-12-31 之间";

    private PlausibleDates() {
    }

    public static boolean plausible(LocalDate day) {
        return day == null || !day.isBefore(EARLIEST) && !day.isAfter(LATEST);
    }

    /** The day of a date or time value bound from a request (a bare instant counts in UTC: only the year matters here). */
    static LocalDate dayOf(Object value) {
        if (value instanceof LocalDate d) return d;
        if (value instanceof LocalDateTime t) return t.toLocalDate();
        if (value instanceof OffsetDateTime t) return t.toLocalDate();
        if (value instanceof ZonedDateTime t) return t.toLocalDate();
        if (value instanceof Instant i) { // Instant reaches a year past LocalDate's: compared before converting
            if (i.isBefore(EARLIEST.atStartOfDay(ZoneOffset.UTC).toInstant())) return LocalDate.MIN;
            if (!i.isBefore(LATEST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())) return LocalDate.MAX;
            return i.atOffset(ZoneOffset.UTC).toLocalDate();
        }
        return null;
    }

    private static final Set<Class<?>> TYPES = Set.of(LocalDate.class, LocalDateTime.class, OffsetDateTime.class, ZonedDateTime.class, Instant.class);

    /** A date of a JSON body outside the range: refused with the field's path, as any unreadable value is. */
    public static final class OutOfRange extends InvalidFormatException {
        OutOfRange(JsonParser p, Object value, Class<?> type) {
            super(p, "date out of range", value, type);
        }
    }

    /** For the mapper that reads request bodies: every date and time type is read as before, then held to the range. */
    static SimpleModule jsonModule() {
        return RefusingDeserializer.module("plausible-dates", TYPES::contains,
                (p, value) -> plausible(dayOf(value)) ? null : new OutOfRange(p, value, value.getClass()));
    }

    /** A typed parameter's date outside the range. */
    public static final class Refused extends IllegalArgumentException {
        Refused() {
            super("日期" + REFUSED);
        }
    }

    /** A {@code @DateTimeFormat} parameter outside the range: a conversion failure, answered as a malformed parameter. */
    static AnnotationFormatterFactory<DateTimeFormat> formatterFactory() {
        var standard = new Jsr310DateTimeFormatAnnotationFormatterFactory();
        return new AnnotationFormatterFactory<>() {
            @Override
            public Set<Class<?>> getFieldTypes() {
                return standard.getFieldTypes();
            }

            @Override
            public Printer<?> getPrinter(DateTimeFormat annotation, Class<?> fieldType) {
                return standard.getPrinter(annotation, fieldType);
            }

            @Override
            public Parser<?> getParser(DateTimeFormat annotation, Class<?> fieldType) {
                Parser<?> parser = standard.getParser(annotation, fieldType);
                return (String text, Locale locale) -> {
                    Object value = parser.parse(text, locale);
                    if (!plausible(dayOf(value))) throw new Refused();
                    return value;
                };
            }
        };
    }
}
