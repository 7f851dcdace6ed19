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

    private final Map<String, Criterion> byCode = new LinkedHashMap<>();

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
