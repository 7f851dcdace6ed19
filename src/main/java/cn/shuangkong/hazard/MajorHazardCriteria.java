package cn.shuangkong.hazard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The library of 重大事故隐患判定标准 items: 化工和危险化学品 (2017, 20 items) and 工贸 (2023). A finding matched to an
 * item is 重大 and cites the item by its code, e.g. {@code CHEM-2017-4} or {@code GM-2023-第三条(一)}.
 */
@Component
public class MajorHazardCriteria {

    /** One item: a stable code, the standard it comes from and what it says. */
    public record Criterion(String code, String standard, String item, String topic, String summary) {
        /** The words stored on the hazard, so that the grade stays explained even if the library changes. */
        public String citation() {
            String text = standard + " " + item + "：" + summary;
            return text.length() > 400 ? text.substring(0, 400) : text;
        }
    }

    /** Which of the two standards an enterprise is judged by. */
    public enum Sector {
        CHEMICAL("CHEM-"), INDUSTRY_TRADE("GM-");
        final String prefix;
        Sector(String prefix) { this.prefix = prefix; }

        /**
         * 化工和危险化学品 for the chemistry divisions of GB/T 4754 (25 石油煤炭燃料加工, 26 化学原料和化学制品, 27 医药,
         * 28 化学纤维); every other enterprise is judged by the 工贸 standard (29 橡胶塑料 is 轻工 there).
         */
        public static Sector of(String industryCode) {
            return industryCode != null && industryCode.matches("C2[5-8].*") ? CHEMICAL : INDUSTRY_TRADE;
        }
    }

    private final Map<String, Criterion> byCode = new LinkedHashMap<>();
    /** 工贸 item ↔ 化工 item covering the same failing (major_hazard_criteria_equivalents.csv). */
    private final Map<String, String> chemOf = new LinkedHashMap<>();
    private final Map<String, String> gongmaoOf = new LinkedHashMap<>();

    MajorHazardCriteria() {
        for (String[] f : rows("hazard/major_hazard_criteria_chem_2017.csv")) {
            // item,summary,topic,document — the summary may hold commas, so the last two fields are read from the end
            String item = f[0], topic = f[f.length - 2];
            String summary = String.join(",", java.util.Arrays.copyOfRange(f, 1, f.length - 2));
            add(new Criterion("CHEM-2017-" + item, "化工和危险化学品重大隐患判定标准（2017）", "第" + item + "项", topic, summary));
        }
        for (String[] f : rows("hazard/major_hazard_criteria_gongmao_2023.csv")) {
            // article,item,industry,summary,verification
            String article = f[0], item = f[1], industry = f[2];
            String summary = String.join(",", java.util.Arrays.copyOfRange(f, 3, f.length - 1));
            add(new Criterion("GM-2023-" + article + item, "工贸企业重大事故隐患判定标准（2023）", article + item, industry, summary));
        }
        for (String[] f : rows("hazard/major_hazard_criteria_equivalents.csv")) {
            if (!byCode.containsKey(f[0]) || !byCode.containsKey(f[1])) throw new IllegalStateException("未知的判定标准条款：" + f[0] + " / " + f[1]);
            chemOf.put(f[0], f[1]);
            gongmaoOf.putIfAbsent(f[1], f[0]);
        }
    }

    /**
     * The item an enterprise of the given industry is judged by, for an item written for either sector (a built-in
     * checklist serves both): the same code when it is of the enterprise's standard, else its equivalent there, else
     * none — the other sector's standard is no ground for calling an enterprise's hazard 重大.
     */
    public Optional<Criterion> forIndustry(String code, String industryCode) {
        Optional<Criterion> c = find(code);
        if (c.isEmpty()) return c;
        Sector sector = Sector.of(industryCode);
        if (c.get().code().startsWith(sector.prefix)) return c;
        return find((sector == Sector.CHEMICAL ? chemOf : gongmaoOf).get(c.get().code()));
    }

    private void add(Criterion c) {
        byCode.put(c.code(), c);
    }

    public List<Criterion> all() {
        return Collections.unmodifiableList(new ArrayList<>(byCode.values()));
    }

    public Optional<Criterion> find(String code) {
        return code == null || code.isBlank() ? Optional.empty() : Optional.ofNullable(byCode.get(code.strip()));
    }

    private static List<String[]> rows(String path) {
        try (var in = new BufferedReader(new InputStreamReader(new ClassPathResource(path).getInputStream(), StandardCharsets.UTF_8))) {
            return in.lines().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",", -1)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
