package cn.shuangkong.exchange.internal;

import cn.shuangkong.files.FileKind;
import cn.shuangkong.files.Pictures;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The national dual-prevention model as {@code exchange/model.tsv} states it: the fields of each entity, which are
 * required, how long, from which code list, and their Chinese names. Every record is checked against it before it is
 * uploaded and when one is received, and each fault names the field in Chinese.
 */
@Component
public class ExchangeModel {

    /** The entities in the order parents come before children. */
    public static final List<String> ENTITIES = List.of("object", "unit", "event", "measure", "task", "record", "hazard");

    public static final Map<String, String> ENTITY_NAMES = Map.of("object", "风险分析对象", "unit", "风险分析单元",
            "event", "风险事件", "measure", "管控措施", "task", "隐患排查任务", "record", "隐患排查记录", "hazard", "隐患信息");

    public static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

    public static final int PHOTO_MAX_BYTES = 5 * 1024 * 1024;

    /** One field of one entity ({@code *} for the fields every record carries). */
    public record Field(String entity, String name, boolean required, Integer maxLength, Set<String> codes, String kind,
                        String chineseName, String source, String parent) {
        String label() {
            return "「" + chineseName + "」（" + name + "）";
        }
    }

    private final List<Field> fields;

    public ExchangeModel() {
        this(new ClassPathResource("exchange/model.tsv"));
    }

    public ExchangeModel(ClassPathResource tsv) {
        try (InputStream in = tsv.getInputStream()) {
            this.fields = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("exchange/model.tsv cannot be read", e);
        }
    }

    static List<Field> parse(String text) {
        List<Field> all = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] c = Arrays.copyOf(line.split("\t", -1), 9);
            all.add(new Field(c[0].strip(), c[1].strip(), "Y".equals(c[2].strip()),
                    blank(c[3]) ? null : Integer.valueOf(c[3].strip()),
                    blank(c[4]) ? Set.of() : Set.copyOf(Arrays.asList(c[4].strip().split("\\|"))),
                    c[5].strip(), c[6].strip(), c[7] == null ? "" : c[7].strip(), blank(c[8]) ? null : c[8].strip()));
        }
        return List.copyOf(all);
    }

    /** The fields of an entity, common ones first, in the order of the table. */
    public List<Field> fieldsOf(String entity) {
        return fields.stream().filter(f -> f.entity().equals("*") || f.entity().equals(entity)).toList();
    }

    /** The fields that point at a parent record, with the parent's entity. */
    public List<Field> parentFields(String entity) {
        return fields.stream().filter(f -> f.entity().equals(entity) && f.parent() != null).toList();
    }

    /**
     * Every fault of one record, by field, in Chinese; empty when it fits the model. A record marked deleted needs only
     * its id and the enterprise's codes: what it was no longer matters.
     */
    public Map<String, String> check(String entity, Map<String, ?> data) {
        Map<String, String> faults = new LinkedHashMap<>();
        if (!ENTITIES.contains(entity)) {
            faults.put("entity", "「实体类型」（entity）应为 " + String.join("、", ENTITIES) + " 之一");
            return faults;
        }
        boolean deleted = "1".equals(text(data.get("deleted")));
        for (Field f : fieldsOf(entity)) {
            String value = text(data.get(f.name()));
            if (value == null || value.isBlank()) {
                if (f.required() && (!deleted || f.entity().equals("*"))) faults.put(f.name(), f.label() + "不能为空");
                continue;
            }
            String fault = checkValue(f, value);
            if (fault != null) faults.put(f.name(), fault);
        }
        if (entity.equals("hazard") && !deleted && "9".equals(text(data.get("dangerState")))) {
            // 验收人 and 验收时间 are mandatory once a hazard is accepted (the guide's validation rule)
            for (String name : List.of("checkAcceptPerson", "checkAcceptTime")) {
                if (blank(text(data.get(name))) && !faults.containsKey(name)) {
                    Field f = fieldsOf(entity).stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
                    faults.put(name, f.label() + "在隐患已验收（状态 9）时不能为空");
                }
            }
        }
        return faults;
    }

    private static String checkValue(Field f, String value) {
        switch (f.kind()) {
            case "date" -> {
                try {
                    LocalDateTime.parse(value, DATE);
                } catch (DateTimeParseException e) {
                    return f.label() + "应为 yyyy-MM-dd HH:mm:ss 格式的时间";
                }
            }
            case "number" -> {
                try {
                    new BigDecimal(value);
                } catch (NumberFormatException e) {
                    return f.label() + "应为数字";
                }
            }
            case "photo" -> {
                return checkPhoto(f, value);
            }
            default -> { }
        }
        if (f.maxLength() != null && value.codePointCount(0, value.length()) > f.maxLength()) {
            return f.label() + "不能超过 " + f.maxLength() + " 个字符";
        }
        if (!f.codes().isEmpty() && !f.codes().contains(value)) {
            return f.label() + "应为 " + String.join("、", f.codes().stream().sorted(ExchangeModel::byCode).toList()) + " 之一";
        }
        return null;
    }

    private static String checkPhoto(Field f, String value) {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return f.label() + "应为 base64 编码的 PNG 或 JPEG 图片";
        }
        if (bytes.length > PHOTO_MAX_BYTES) return f.label() + "不能超过 5 MB";
        var kind = FileKind.sniff(bytes).filter(k -> k == FileKind.PNG || k == FileKind.JPEG);
        if (kind.isEmpty()) return f.label() + "应为 PNG 或 JPEG 图片";
        return Pictures.decodes(kind.get(), bytes) ? null : f.label() + "：" + Pictures.BROKEN;
    }

    private static int byCode(String a, String b) {
        boolean na = a.chars().allMatch(Character::isDigit), nb = b.chars().allMatch(Character::isDigit);
        return na && nb ? Integer.compare(Integer.parseInt(a), Integer.parseInt(b)) : a.compareTo(b);
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
