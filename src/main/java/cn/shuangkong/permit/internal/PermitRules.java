package cn.shuangkong.permit.internal;

import cn.shuangkong.shared.DomainException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of GB 30871-2022 that decide a permit's level, its validity, whether a gas sample passes and who may approve
 * it: pure functions of the settings and the calendar, so that each is checked on its own and the service only applies them.
 */
public final class PermitRules {

    /** What a gas sample measures. */
    public enum GasKind {
        COMBUSTIBLE("可燃气体", "%(体积分数)"), OXYGEN("氧气", "%(体积分数)"), TOXIC("有毒气体", "mg/m³");

        public final String label;
        public final String unit;

        GasKind(String label, String unit) {
            this.label = label;
            this.unit = unit;
        }

        public String getLabel() {
            return label;
        }
    }

    /** A combustible gas's lower explosive limit, which decides its passing concentration. */
    public enum LelClass {
        HIGH("爆炸下限≥4%"), LOW("爆炸下限<4%");

        public final String label;

        LelClass(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }
    }

    /**
     * Who approves: the 主要负责人 (or the delegate an admin gives {@code permit:approve:top}), the 安全管理部门, or the unit
     * where the work is done. The platform has no role for a workshop head, so the last two share {@code permit:approve}.
     */
    public enum Approver {
        TOP("主要负责人或其授权人", "permit:approve:top"),
        SAFETY("安全管理部门负责人", "permit:approve"),
        UNIT("作业所在单位负责人", "permit:approve");

        public final String label;
        public final String permission;

        Approver(String label, String permission) {
            this.label = label;
            this.permission = permission;
        }
    }

    /**
     * Who approves each kind and level: the one table to correct. 特级 / 一级 / 二级 动火 as GB 30871-2022 5.3 and the
     * assignment state them; the rest as recalled from the standard's approval rules [M].
     */
    static final Map<String, Approver> APPROVERS = Map.ofEntries(
            Map.entry("HOT_WORK/特级", Approver.TOP),
            Map.entry("HOT_WORK/一级", Approver.SAFETY),
            Map.entry("HOT_WORK/二级", Approver.UNIT),
            Map.entry("LIFTING/一级", Approver.TOP),
            Map.entry("LIFTING/二级", Approver.SAFETY),
            Map.entry("LIFTING/三级", Approver.UNIT),
            Map.entry("HEIGHT/IV级", Approver.SAFETY),
            Map.entry("HEIGHT/III级", Approver.SAFETY),
            Map.entry("HEIGHT/II级", Approver.UNIT),
            Map.entry("HEIGHT/I级", Approver.UNIT),
            Map.entry("CONFINED_SPACE", Approver.UNIT),
            Map.entry("BLIND_PLATE", Approver.UNIT),
            Map.entry("TEMPORARY_POWER", Approver.UNIT),
            Map.entry("EARTHWORK", Approver.UNIT),
            Map.entry("ROAD_BREAKING", Approver.UNIT));

    /** A level as applied for and as it stands after the raising rules, with why it was raised (null if it was not). */
    public record Levelled(String requested, String level, String reason) { }

    /** A sample as judged: the limit applied and whether it passes. */
    public record Judged(BigDecimal limit, boolean passed, String verdict) { }

    private final PermitSettings settings;
    private final WorkCalendar calendar;

    public PermitRules(PermitSettings settings, WorkCalendar calendar) {
        this.settings = settings;
        this.calendar = calendar;
    }

    public PermitSettings settings() {
        return settings;
    }

    /**
     * The level a permit gets. 动火: the level applied for, raised one step when the window touches a holiday, a rest
     * day or the night (升级管理, 5.1.1), and 特级 inside a 重大危险源 tank farm's fire dike (5.1.2). 高处 by height
     * (GB/T 3608), 吊装 by load (9.1). Refusals name the field.
     */
    public Levelled level(PermitKind kind, String requested, BigDecimal heightMetres, BigDecimal loadTonnes, Boolean insideDike,
                          Instant start, Instant end, ZoneId zone) {
        return switch (kind) {
            case HOT_WORK -> hotWork(requested, insideDike, start, end, zone);
            case HEIGHT -> {
                if (heightMetres == null) throw DomainException.invalid("heightMetres", "请填写高处作业的作业高度（米）");
                if (heightMetres.compareTo(BigDecimal.valueOf(2)) < 0) {
                    throw DomainException.invalid("heightMetres", "作业高度不足 2 米，不属于高处作业");
                }
                if (heightMetres.compareTo(BigDecimal.valueOf(500)) > 0) throw DomainException.invalid("heightMetres", "作业高度不能超过 500 米");
                String l = heightMetres.compareTo(BigDecimal.valueOf(5)) <= 0 ? "I级"
                        : heightMetres.compareTo(BigDecimal.valueOf(15)) <= 0 ? "II级"
                        : heightMetres.compareTo(BigDecimal.valueOf(30)) <= 0 ? "III级" : "IV级";
                yield new Levelled(l, l, null);
            }
            case LIFTING -> {
                if (loadTonnes == null) throw DomainException.invalid("loadTonnes", "请填写吊装作业的吊物质量（吨）");
                if (loadTonnes.signum() <= 0 || loadTonnes.compareTo(BigDecimal.valueOf(100000)) > 0) {
                    throw DomainException.invalid("loadTonnes", "吊物质量应大于 0 吨");
                }
                String l = loadTonnes.compareTo(BigDecimal.valueOf(100)) > 0 ? "一级"
                        : loadTonnes.compareTo(BigDecimal.valueOf(40)) >= 0 ? "二级" : "三级";
                yield new Levelled(l, l, null);
            }
            default -> new Levelled(null, null, null);
        };
    }

    private Levelled hotWork(String requested, Boolean insideDike, Instant start, Instant end, ZoneId zone) {
        List<String> levels = PermitKind.HOT_WORK.levels;
        if (requested == null || !levels.contains(requested)) {
            throw DomainException.invalid("level", "请选择动火级别：特级、一级或二级");
        }
        String level = requested;
        List<String> reasons = new ArrayList<>();
        List<String> occasions = occasions(start, end, zone);
        if (!occasions.isEmpty() && !"特级".equals(level)) {
            level = levels.get(levels.indexOf(level) - 1);
            reasons.add("作业时段含" + String.join("、", occasions) + "，升级管理（GB 30871-2022 5.1.1）");
        }
        if (Boolean.TRUE.equals(insideDike) && !"特级".equals(level)) {
            level = "特级";
            reasons.add("存有易燃易爆介质的重大危险源罐区防火堤内动火，按特级管理（GB 30871-2022 5.1.2）");
        }
        return new Levelled(requested, level, reasons.isEmpty() ? null : String.join("；", reasons));
    }

    /** The holidays, rest days and nights a window touches, in words ("公休日 12月12日", "夜间"). */
    List<String> occasions(Instant start, Instant end, ZoneId zone) {
        Set<String> out = new LinkedHashSet<>();
        LocalDate first = start.atZone(zone).toLocalDate();
        LocalDate last = end.minusNanos(1).atZone(zone).toLocalDate();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            LocalDate day = d;
            calendar.dayOff(d).ifPresent(why -> out.add(why + "（" + day.getMonthValue() + "月" + day.getDayOfMonth() + "日）"));
        }
        if (touchesNight(start, end, zone)) out.add("夜间（" + settings.nightStart() + "～" + settings.nightEnd() + "）");
        return List.copyOf(out);
    }

    private boolean touchesNight(Instant start, Instant end, ZoneId zone) {
        LocalTime from = settings.nightStart(), to = settings.nightEnd();
        LocalDate first = start.atZone(zone).toLocalDate().minusDays(1);
        LocalDate last = end.atZone(zone).toLocalDate();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            Instant nightFrom = ZonedDateTime.of(d, from, zone).toInstant();
            Instant nightTo = ZonedDateTime.of(to.isAfter(from) ? d : d.plusDays(1), to, zone).toInstant();
            if (start.isBefore(nightTo) && end.isAfter(nightFrom)) return true;
        }
        return false;
    }

    /** The longest a permit of this kind and level may be valid, from its window's start (5.1.5 for 动火). */
    public Duration validityLimit(PermitKind kind, String level) {
        if (kind != PermitKind.HOT_WORK) return settings.otherValidity();
        return "二级".equals(level) ? settings.hotWorkSecondValidity() : settings.hotWorkTopValidity();
    }

    /** Whether the job may not start without a fresh passing gas analysis. */
    public boolean needsAnalysis(PermitKind kind, Boolean hazardousMedium) {
        return kind == PermitKind.HOT_WORK || kind == PermitKind.CONFINED_SPACE
                || (kind == PermitKind.BLIND_PLATE && settings.blindPlateNeedsAnalysis() && Boolean.TRUE.equals(hazardousMedium));
    }

    /** The gas a kind's analysis must include: combustible gas for 动火, oxygen for 受限空间. */
    public GasKind requiredGas(PermitKind kind) {
        return switch (kind) {
            case HOT_WORK -> GasKind.COMBUSTIBLE;
            case CONFINED_SPACE -> GasKind.OXYGEN;
            default -> null;
        };
    }

    /**
     * Judges one sample: combustible gas ≤ 0.5 % vol when its LEL is ≥ 4 %, ≤ 0.2 % when below; oxygen within
     * 19.5–21 % (≤ 23.5 % in an oxygen-enriched environment); a toxic gas at or below the limit given with it.
     */
    public Judged judge(GasKind kind, LelClass lel, BigDecimal value, BigDecimal toxicLimit, boolean enriched) {
        return switch (kind) {
            case COMBUSTIBLE -> {
                BigDecimal limit = lel == LelClass.LOW ? settings.combustibleLowLel() : settings.combustibleHighLel();
                boolean ok = value.compareTo(limit) <= 0;
                yield new Judged(limit, ok, ok ? "合格" : "不合格：" + plain(value) + "% > " + plain(limit) + "%（" + lel.label + "）");
            }
            case OXYGEN -> {
                BigDecimal max = enriched ? settings.oxygenMaxEnriched() : settings.oxygenMax();
                boolean ok = value.compareTo(settings.oxygenMin()) >= 0 && value.compareTo(max) <= 0;
                yield new Judged(max, ok, ok ? "合格" : "不合格：氧含量 " + plain(value) + "% 不在 " + plain(settings.oxygenMin()) + "%～" + plain(max) + "% 之内");
            }
            case TOXIC -> {
                boolean ok = value.compareTo(toxicLimit) <= 0;
                yield new Judged(toxicLimit, ok, ok ? "合格" : "不合格：" + plain(value) + " mg/m³ > " + plain(toxicLimit) + " mg/m³");
            }
        };
    }

    /** Who must approve a permit of this kind and level. */
    public Approver approver(PermitKind kind, String level) {
        Approver a = APPROVERS.get(kind.name() + "/" + level);
        return a != null ? a : APPROVERS.getOrDefault(kind.name(), Approver.TOP);
    }

    static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
