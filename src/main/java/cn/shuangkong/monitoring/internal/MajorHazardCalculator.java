package cn.shuangkong.monitoring.internal;

import cn.shuangkong.shared.DomainException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * GB 18218-2018 重大危险源辨识与分级, in exact decimals: S = Σ q/Q (a major hazard source when S ≥ 1) and, for one,
 * R = α · Σ β·q/Q graded 一级 (R ≥ 100) to 四级 (R < 10). β comes from Table 3 for the listed toxic gases, otherwise
 * from Table 4 by hazard category; a Table 1 substance outside Table 3 therefore needs its category, and the
 * calculation refuses rather than guessing β.
 */
@Service
public class MajorHazardCalculator {

    public static final String FORMULA_VERSION = "GB 18218-2018";
    private static final int SCALE = 12; // every q/Q term; a third plus two thirds still sums to exactly one

    /** One substance in a unit: named (name, alias or CAS; seq picks among several Table 1 rows) or by category. */
    public record Input(String name, String cas, Integer seq, String category, BigDecimal quantity) { }

    /** How one substance counted. */
    public record Line(String substance, BigDecimal quantity, BigDecimal criticalQuantity, BigDecimal ratio, BigDecimal beta) { }

    /** The outcome, with every term shown so that the result can be checked by hand. */
    public record Result(BigDecimal s, boolean major, BigDecimal alpha, BigDecimal r, Integer level, String formulaVersion,
                         List<Line> lines) {
        public String levelLabel() {
            return level == null ? "不构成重大危险源" : switch (level) {
                case 1 -> "一级";
                case 2 -> "二级";
                case 3 -> "三级";
                default -> "四级";
            };
        }
    }

    private final Gb18218Tables tables;

    public MajorHazardCalculator(Gb18218Tables tables) {
        this.tables = tables;
    }

    public Result evaluate(int population, List<Input> inputs) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (population < 0) errors.put("population", "人数不能为负");
        if (inputs == null || inputs.isEmpty()) errors.put("substances", "请至少填写一种危险化学品");
        List<Line> lines = new ArrayList<>();
        boolean needBeta = true;
        for (int i = 0; inputs != null && i < inputs.size(); i++) {
            Input in = inputs.get(i);
            String field = "substances[" + i + "]";
            if (in.quantity() == null || in.quantity().signum() < 0) {
                errors.put(field + ".quantity", "数量须为不小于0的吨数");
                continue;
            }
            try {
                lines.add(line(in));
            } catch (DomainException e) {
                errors.put(field, e.getMessage());
                e.fieldErrors().forEach((k, v) -> errors.put(field + "." + k, v)); // e.g. substances[1].name
            }
        }
        if (!errors.isEmpty()) {
            throw new DomainException(HttpStatus.BAD_REQUEST, String.join("；", new java.util.LinkedHashSet<>(errors.values())), errors);
        }
        BigDecimal s = lines.stream().map(Line::ratio).reduce(BigDecimal.ZERO, BigDecimal::add);
        boolean major = s.compareTo(BigDecimal.ONE) >= 0;
        if (!major) {
            return new Result(round(s), false, null, null, null, FORMULA_VERSION, lines);
        }
        List<String> missing = lines.stream().filter(l -> l.beta() == null).map(Line::substance).toList();
        if (!missing.isEmpty()) {
            throw DomainException.invalid("substances", "构成重大危险源，但无法确定 " + String.join("、", missing)
                    + " 的校正系数β：请同时填写其危险性类别（如 W5.1），平台不会默认β");
        }
        BigDecimal alpha = alpha(population);
        BigDecimal weighted = lines.stream().map(l -> l.beta().multiply(l.ratio())).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal r = alpha.multiply(weighted);
        return new Result(round(s), true, alpha, round(r), level(r), FORMULA_VERSION, lines);
    }

    private Line line(Input in) {
        boolean named = (in.name() != null && !in.name().isBlank()) || (in.cas() != null && !in.cas().isBlank()) || in.seq() != null;
        var category = tables.category(in.category());
        if (in.category() != null && !in.category().isBlank() && category.isEmpty()) {
            throw DomainException.invalid("category", "未知的危险性类别：" + in.category() + "（应为表2符号，如 W2、J1、W5.1）");
        }
        if (named) {
            var candidates = in.seq() != null ? tables.bySeq(in.seq()).stream().toList() : tables.matching(in.name(), in.cas());
            if (candidates.isEmpty()) {
                if (category.isPresent()) return byCategory(in, category.get(), in.name());
                throw DomainException.invalid("name", "表1中没有 " + (in.name() != null ? in.name() : in.cas())
                        + "：请按危险性类别（表2符号）填写");
            }
            if (candidates.size() > 1) {
                throw DomainException.invalid("seq", in.name() + " 在表1中有多行，请用 seq 指定：" + candidates.stream()
                        .map(c -> c.seq() + "=" + c.name() + "（Q=" + c.criticalQuantity().toPlainString() + "t）").toList());
            }
            var sub = candidates.get(0);
            BigDecimal beta = sub.toxicBeta() != null ? sub.toxicBeta() : category.map(Gb18218Tables.Category::beta).orElse(null);
            return new Line(sub.name(), in.quantity(), sub.criticalQuantity(),
                    in.quantity().divide(sub.criticalQuantity(), SCALE, RoundingMode.HALF_UP), beta);
        }
        if (category.isEmpty()) {
            throw DomainException.invalid("category", "请填写物质名称（或 CAS 号）或危险性类别");
        }
        return byCategory(in, category.get(), null);
    }

    private static Line byCategory(Input in, Gb18218Tables.Category c, String name) {
        return new Line((name == null ? "" : name + " ") + c.symbol(), in.quantity(), c.criticalQuantity(),
                in.quantity().divide(c.criticalQuantity(), SCALE, RoundingMode.HALF_UP), c.beta());
    }

    /** Table 5: population living within 500 m of the plant boundary. */
    public static BigDecimal alpha(int population) {
        if (population >= 100) return new BigDecimal("2.0");
        if (population >= 50) return new BigDecimal("1.5");
        if (population >= 30) return new BigDecimal("1.2");
        if (population >= 1) return new BigDecimal("1.0");
        return new BigDecimal("0.5");
    }

    /** Table 6: 一级 R ≥ 100, 二级 50 ≤ R < 100, 三级 10 ≤ R < 50, 四级 R < 10. */
    public static int level(BigDecimal r) {
        if (r.compareTo(BigDecimal.valueOf(100)) >= 0) return 1;
        if (r.compareTo(BigDecimal.valueOf(50)) >= 0) return 2;
        if (r.compareTo(BigDecimal.TEN) >= 0) return 3;
        return 4;
    }

    private static BigDecimal round(BigDecimal v) {
        return v.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
