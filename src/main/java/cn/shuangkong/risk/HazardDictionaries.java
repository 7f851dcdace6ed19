package cn.shuangkong.risk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The classification dictionaries of a risk event: GB 6441-1986 事故类别 and GB/T 13861 危险和有害因素. Each carries
 * its edition so that events stored now stay readable when GB 6441-2025 arrives as a second dictionary.
 */
@Component
public class HazardDictionaries {

    public static final String ACCIDENT_EDITION = "GB 6441-1986";
    public static final String FACTOR_EDITION = "GB/T 13861-2009";

    /** A GB/T 13861 code with its name and depth (1 = 人/物/环境/管理 ... 4). */
    public record Factor(String code, int depth, String name) {
        public String indented() {
            return "\u3000".repeat(depth - 1) + code + " " + name;
        }
    }

    private final Map<String, String> accidentTypes;
    private final Map<String, Factor> factors;

    public HazardDictionaries() {
        Map<String, String> types = new LinkedHashMap<>();
        read("dict/gb6441-1986-accident-types.csv").forEach(c -> types.put(c[1], c[3]));
        this.accidentTypes = Collections.unmodifiableMap(types);
        Map<String, Factor> f = new LinkedHashMap<>();
        // The file lists some 2022-only codes that reuse 2009 numbers; the 2009 edition is the one in force, keep it.
        read("dict/gbt13861-hazard-factors.csv").stream()
                .filter(c -> !c[3].equals("2022") && !c[3].equals("2022 only"))
                .forEach(c -> f.putIfAbsent(c[0], new Factor(c[0], Integer.parseInt(c[1]), c[2])));
        this.factors = Collections.unmodifiableMap(f);
    }

    private static List<String[]> read(String path) {
        try (var in = new BufferedReader(new InputStreamReader(new ClassPathResource(path).getInputStream(), StandardCharsets.UTF_8))) {
            return in.lines().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",", -1)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Two-digit code → name, in the standard's order. */
    public Map<String, String> accidentTypes() {
        return accidentTypes;
    }

    public String accidentTypeName(String code) {
        return accidentTypes.getOrDefault(code, code);
    }

    public boolean isAccidentType(String code) {
        return accidentTypes.containsKey(code);
    }

    public Collection<Factor> factors() {
        return factors.values();
    }

    public boolean isFactor(String code) {
        return factors.containsKey(code);
    }

    public String factorName(String code) {
        Factor f = factors.get(code);
        return f == null ? code : f.name();
    }
}
