package cn.shuangkong.risk;

import cn.shuangkong.risk.internal.RiskSettings;
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
 * The classification dictionaries of a risk event: GB 6441 事故类别 in two editions and GB/T 13861 危险和有害因素.
 * Every event stores the edition it was classified with; {@link RiskSettings} chooses the edition for new entries, and
 * {@code internal.ClassificationCodes} checks what a form or an import names against these.
 * GB 6441-2025's official numbering is not verified, so its types are keyed L01…L27 in the order the sources list
 * them ("L" for listed): they never collide with the 1986 codes 01…20, and a later migration can rewrite them once
 * the official codes are confirmed.
 */
@Component
public class HazardDictionaries {

    public static final String ACCIDENT_EDITION = "GB 6441-1986";
    public static final String ACCIDENT_EDITION_2025 = "GB 6441-2025";
    public static final String FACTOR_EDITION = "GB/T 13861-2009";

    /** A GB/T 13861 code with its name and depth (1 = 人/物/环境/管理 ... 4). */
    public record Factor(String code, int depth, String name) {
        public String indented() {
            return "\u3000".repeat(depth - 1) + code + " " + name;
        }
    }

    /** One edition of GB 6441 with its types (code → name) and how far its codes can be trusted. */
    public record Edition(String code, String title, boolean codesVerified, String note, Map<String, String> types) { }

    private final Map<String, String> accidentTypes;
    private final Map<String, Edition> editions;
    private final Map<String, Factor> factors;

    public HazardDictionaries() {
        Map<String, String> types = new LinkedHashMap<>();
        read("dict/gb6441-1986-accident-types.csv").forEach(c -> types.put(c[1], c[3]));
        this.accidentTypes = Collections.unmodifiableMap(types);
        Map<String, String> types2025 = new LinkedHashMap<>();
        read("dict/gb6441-2025-accident-types-unverified-order.csv")
                .forEach(c -> types2025.put(String.format("L%02d", Integer.parseInt(c[0])), c[1]));
        Map<String, Edition> e = new LinkedHashMap<>();
        e.put(ACCIDENT_EDITION, new Edition(ACCIDENT_EDITION, "企业职工伤亡事故分类", true,
                "20 类，代码 01–20 为标准所列序号", accidentTypes));
        e.put(ACCIDENT_EDITION_2025, new Edition(ACCIDENT_EDITION_2025, "生产安全事故分类与编码", false,
                "27 类，2026-07-01 起施行；名称来自二手资料（可信度中），官方序号与 WSA 代码未核实，暂按资料所列顺序编为 L01–L27",
                Collections.unmodifiableMap(types2025)));
        this.editions = Collections.unmodifiableMap(e);
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

    /** A type's name in whichever edition it belongs to (the two editions' codes do not overlap). */
    public String accidentTypeName(String code) {
        for (Edition e : editions.values()) {
            String name = e.types().get(code);
            if (name != null) return name;
        }
        return code;
    }

    public boolean isAccidentType(String code) {
        return accidentTypes.containsKey(code);
    }

    public Collection<Edition> editions() {
        return editions.values();
    }

    public Collection<Factor> factors() {
        return factors.values();
    }

    /** A factor's name for the register's sheets ({@link RiskSheets}); its code if the dictionary has none. */
    String factorName(String code) {
        Factor f = factors.get(code);
        return f == null ? code : f.name();
    }
}
