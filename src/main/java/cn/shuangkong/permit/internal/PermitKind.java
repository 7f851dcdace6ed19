package cn.shuangkong.permit.internal;

import cn.shuangkong.risk.DailyCommitments;
import java.util.List;

/**
 * The eight kinds of 特殊作业 of GB 30871-2022, each with the levels the standard names for it (none for the kinds
 * it does not grade) and the prefix of its permit numbers.
 */
public enum PermitKind {
    HOT_WORK("动火", "DH", List.of("特级", "一级", "二级")),
    CONFINED_SPACE("受限空间", "SX", List.of()),
    BLIND_PLATE("盲板抽堵", "MB", List.of()),
    // GB/T 3608 heights: I 2–5 m, II 5–15 m, III 15–30 m, IV above 30 m
    HEIGHT("高处", "GC", List.of("I级", "II级", "III级", "IV级")),
    // by load: 一级 above 100 t, 二级 40–100 t, 三级 below 40 t (GB 30871-2022 9.1)
    LIFTING("吊装", "DZ", List.of("一级", "二级", "三级")),
    TEMPORARY_POWER("临时用电", "YD", List.of()),
    EARTHWORK("动土", "DT", List.of()),
    ROAD_BREAKING("断路", "DL", List.of());

    public final String label;
    public final String prefix;
    /** Highest first, as the standard lists them. */
    public final List<String> levels;

    PermitKind(String label, String prefix, List<String> levels) {
        this.label = label;
        this.prefix = prefix;
        this.levels = levels;
    }

    public String getLabel() {
        return label;
    }

    public List<String> getLevels() {
        return levels;
    }

    /** The same kind as the daily commitment counts it. */
    public DailyCommitments.SpecialOp specialOp() {
        return DailyCommitments.SpecialOp.valueOf(name());
    }
}
