package cn.shuangkong.permit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;

/**
 * Each kind's 安全措施 checklist, read from {@code permit/safety-measures.tsv} (the standard's annexes): the one
 * place to correct an item's words. A permit keeps only the item codes it confirmed.
 */
@Component
public class SafetyMeasures {

    /** One checklist item. */
    public record Item(String code, String text) { }

    private final Map<PermitKind, List<Item>> items = new EnumMap<>(PermitKind.class);

    public SafetyMeasures() {
        String text;
        try (var in = new ClassPathResource("permit/safety-measures.tsv").getInputStream()) {
            text = StreamUtils.copyToString(in, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.strip().split("\t");
            items.computeIfAbsent(PermitKind.valueOf(f[0]), k -> new ArrayList<>()).add(new Item(f[1], f[2]));
        }
    }

    /** The kind's checklist in the annex's order. */
    public List<Item> of(PermitKind kind) {
        return List.copyOf(items.getOrDefault(kind, List.of()));
    }

    public Optional<Item> find(PermitKind kind, String code) {
        return of(kind).stream().filter(i -> i.code().equals(code)).findFirst();
    }
}
