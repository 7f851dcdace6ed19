package cn.shuangkong.organization;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** GB/T 4754-2017 国民经济行业分类: the sections and the divisions the platform's users meet most. */
@Component
public class Industries {

    private final Map<String, String> names;

    public Industries() {
        Map<String, String> map = new LinkedHashMap<>();
        try (var in = new BufferedReader(new InputStreamReader(
                new ClassPathResource("dict/gbt4754-industries.csv").getInputStream(), StandardCharsets.UTF_8))) {
            in.lines().skip(1).map(l -> l.split(",", 2)).forEach(p -> map.put(p[0], p[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.names = Collections.unmodifiableMap(map);
    }

    /** Code → name, sections and divisions in order. */
    public Map<String, String> all() {
        return names;
    }

    /** The most specific known name for a code such as C2614 (falls back to its division, then its section). */
    public String nameOf(String code) {
        if (code == null || code.isEmpty()) return "";
        for (int len = Math.min(code.length(), 3); len >= 1; len--) {
            String name = names.get(code.substring(0, len));
            if (name != null) return name;
        }
        return code;
    }

    public boolean isKnown(String code) {
        return code != null && code.matches("[A-T]\\d{0,4}") && names.containsKey(code.substring(0, 1));
    }
}
