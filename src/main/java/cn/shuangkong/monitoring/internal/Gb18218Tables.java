package cn.shuangkong.monitoring.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The tables of GB 18218-2018 as shipped in {@code dict/gb18218}: Table 1 (named substances with their critical
 * quantity Q), Table 2 with Table 4's β (hazard categories), Table 3 (β of toxic gases).
 */
@Component
public class Gb18218Tables {

    /** A Table 1 row. Some substances have several rows (by composition), told apart by {@code seq}. */
    public record Substance(int seq, String name, List<String> aliases, String cas, BigDecimal criticalQuantity, BigDecimal toxicBeta) {
        /** The name without its parenthesised qualification: 硝酸铵(含可燃物≤0.2%) → 硝酸铵. */
        String baseName() {
            int i = name.indexOf('(');
            return i < 0 ? name : name.substring(0, i);
        }
    }

    /** A Table 2 category (symbol such as W5.1) with its Q and its Table 4 β. */
    public record Category(String symbol, String description, BigDecimal criticalQuantity, BigDecimal beta) { }

    private final List<Substance> substances;
    private final Map<String, Category> categories;

    public Gb18218Tables() {
        substances = read("table1_named_substances").stream().map(r -> new Substance(Integer.parseInt(r[0]), r[1],
                r[2].isBlank() ? List.of() : Arrays.asList(r[2].split(";")), r[3], new BigDecimal(r[4]),
                r.length > 5 && !r[5].isBlank() ? new BigDecimal(r[5]) : null)).toList();
        Map<String, Category> map = new LinkedHashMap<>();
        for (String[] r : read("table2_categories_with_table4_beta")) {
            map.put(r[2], new Category(r[2], r[0] + "·" + r[1] + "：" + r[3], new BigDecimal(r[4]), new BigDecimal(r[5])));
        }
        categories = map;
    }

    public Map<String, Category> categories() {
        return categories;
    }

    public Optional<Category> category(String symbol) {
        return Optional.ofNullable(symbol == null ? null : categories.get(symbol.trim().toUpperCase()));
    }

    public Optional<Substance> bySeq(int seq) {
        return substances.stream().filter(s -> s.seq() == seq).findFirst();
    }

    /** Every Table 1 row a name, an alias or a CAS number could mean: one row, several (choose by seq) or none. */
    public List<Substance> matching(String nameOrAlias, String cas) {
        if (cas != null && !cas.isBlank()) {
            String c = cas.trim();
            return substances.stream().filter(s -> s.cas().equals(c) || s.cas().startsWith(c + "(")).toList();
        }
        if (nameOrAlias == null || nameOrAlias.isBlank()) return List.of();
        String n = nameOrAlias.trim();
        List<Substance> exact = substances.stream().filter(s -> s.name().equals(n) || s.aliases().contains(n)).toList();
        return exact.isEmpty() ? substances.stream().filter(s -> s.baseName().equals(n)).toList() : exact;
    }

    private static List<String[]> read(String table) {
        var resource = new ClassPathResource("dict/gb18218/gb18218_2018_" + table + ".csv");
        try (var in = new BufferedReader(new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8))) {
            return in.lines().skip(1).filter(l -> !l.isBlank()).map(Gb18218Tables::csv).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One CSV line with quoted fields ("a,b" stays one field); enough for the standard's tables. */
    static String[] csv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields.toArray(String[]::new);
    }
}
