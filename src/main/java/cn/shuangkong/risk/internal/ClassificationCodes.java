package cn.shuangkong.risk.internal;

import cn.shuangkong.risk.HazardDictionaries;
import cn.shuangkong.risk.HazardDictionaries.Edition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * A risk event's classification as the register's form and Excel import receive it, checked against
 * {@link HazardDictionaries}: a GB 6441 edition by its code, a 事故类别 of an edition by its code or by its name as
 * people write it, a GB/T 13861 factor by its code.
 */
@Component
public class ClassificationCodes {

    private final Map<String, Edition> editions;
    private final Set<String> factors;

    ClassificationCodes(HazardDictionaries dictionaries) {
        Map<String, Edition> e = new LinkedHashMap<>();
        dictionaries.editions().forEach(edition -> e.put(edition.code(), edition));
        this.editions = Collections.unmodifiableMap(e);
        this.factors = dictionaries.factors().stream().map(HazardDictionaries.Factor::code).collect(Collectors.toUnmodifiableSet());
    }

    public Optional<Edition> edition(String code) {
        return Optional.ofNullable(code == null ? null : editions.get(code.trim()));
    }

    public boolean isAccidentType(String edition, String code) {
        return edition(edition).map(e -> e.types().containsKey(code)).orElse(false);
    }

    /**
     * The code of a type named as people write it: 其它/其他 and full- or half-width brackets are the same; a code of
     * the edition is accepted as well. Empty if the edition has no such type.
     */
    public Optional<String> accidentTypeCode(String edition, String nameOrCode) {
        String wanted = normalise(nameOrCode);
        return edition(edition).flatMap(e -> e.types().entrySet().stream()
                .filter(t -> t.getKey().equalsIgnoreCase(wanted) || normalise(t.getValue()).equals(wanted))
                .map(Map.Entry::getKey).findFirst());
    }

    private static String normalise(String s) {
        return s == null ? "" : s.strip().replace("其它", "其他").replace('(', '（').replace(')', '）');
    }

    public boolean isFactor(String code) {
        return factors.contains(code);
    }
}
