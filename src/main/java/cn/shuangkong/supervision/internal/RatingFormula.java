package cn.shuangkong.supervision.internal;

import cn.shuangkong.supervision.internal.SupervisionProperties.HeadcountBand;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The formula of the 企业整体风险等级, as configuration: points per factor, summed, and the score bands of the four
 * levels. Inherent factors (industry, 重大危险源, headcount, 重大风险) say how much could go wrong; dynamic ones (open
 * 重大隐患, overdue rate, task completion, alarms, enforcement findings) say how well it is kept under control.
 *
 * @param industries           points by GB/T 4754 code prefix; the longest matching prefix counts
 * @param industryDefault      points of an industry no prefix matches
 * @param specialFeatureEach   points per 重点监管特征 (危化品、粉尘涉爆、有限空间、涉氨制冷、人员密集)
 * @param specialFeatureMax    cap of those
 * @param majorHazardSource    points for being a 重大危险源
 * @param headcount            headcount bands
 * @param majorRiskEach        points per 重大风险 (red risk point)
 * @param majorRiskMax         cap
 * @param openMajorHazardEach  points per open 重大隐患
 * @param openMajorHazardMax   cap
 * @param overdueRateMax       points at a 100 % overdue rate of open hazards (linear)
 * @param taskCompletionMax    points at 0 % completion of the inspection tasks due in the last {@code taskDays} (linear)
 * @param taskDays             window of the completion rate
 * @param alarmEach            points per sensor alarm within {@code alarmDays}
 * @param alarmMax             cap
 * @param alarmDays            window
 * @param findingEach          points per enforcement finding within {@code findingDays}
 * @param findingMax           cap
 * @param findingDays          window
 * @param bands                lowest score of RED, ORANGE and YELLOW; below YELLOW's is BLUE
 * @param blacklistFloor       the lowest level of an enterprise on the 黑名单 (一票定级: a listed enterprise is never rated
 *                             low whatever its points)
 * @param overdueMajorHazardFloor the lowest level of an enterprise with an overdue 重大隐患 (一票定级)
 * @param qualityMax           points at a 数据质量 score of 0 (linear in 100 − score); 0 leaves the factor out
 */
public record RatingFormula(Map<String, Integer> industries, Integer industryDefault, Integer specialFeatureEach,
                            Integer specialFeatureMax, Integer majorHazardSource, List<HeadcountBand> headcount,
                            Integer majorRiskEach, Integer majorRiskMax, Integer openMajorHazardEach, Integer openMajorHazardMax,
                            Integer overdueRateMax, Integer taskCompletionMax, Integer taskDays, Integer alarmEach,
                            Integer alarmMax, Integer alarmDays, Integer findingEach, Integer findingMax, Integer findingDays,
                            Map<RatingLevel, Integer> bands, RatingLevel blacklistFloor, RatingLevel overdueMajorHazardFloor,
                            Integer qualityMax) {

    public static final RatingFormula DEFAULT = new RatingFormula(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null);

    /** The formula without the 一票定级 floors and 数据质量 settings given (their defaults apply). */
    public RatingFormula(Map<String, Integer> industries, Integer industryDefault, Integer specialFeatureEach,
                         Integer specialFeatureMax, Integer majorHazardSource, List<HeadcountBand> headcount,
                         Integer majorRiskEach, Integer majorRiskMax, Integer openMajorHazardEach, Integer openMajorHazardMax,
                         Integer overdueRateMax, Integer taskCompletionMax, Integer taskDays, Integer alarmEach,
                         Integer alarmMax, Integer alarmDays, Integer findingEach, Integer findingMax, Integer findingDays,
                         Map<RatingLevel, Integer> bands) {
        this(industries, industryDefault, specialFeatureEach, specialFeatureMax, majorHazardSource, headcount, majorRiskEach,
                majorRiskMax, openMajorHazardEach, openMajorHazardMax, overdueRateMax, taskCompletionMax, taskDays, alarmEach,
                alarmMax, alarmDays, findingEach, findingMax, findingDays, bands, null, null, null);
    }

    public RatingFormula {
        industries = industries == null ? Map.of("C26", 20, "G594", 20, "D45", 15, "C31", 12, "C37", 10, "E", 10) : Map.copyOf(industries);
        industryDefault = or(industryDefault, 5);
        specialFeatureEach = or(specialFeatureEach, 3);
        specialFeatureMax = or(specialFeatureMax, 9);
        majorHazardSource = or(majorHazardSource, 15);
        headcount = headcount == null ? SupervisionProperties.defaultHeadcount() : List.copyOf(headcount);
        majorRiskEach = or(majorRiskEach, 5);
        majorRiskMax = or(majorRiskMax, 15);
        openMajorHazardEach = or(openMajorHazardEach, 10);
        openMajorHazardMax = or(openMajorHazardMax, 20);
        overdueRateMax = or(overdueRateMax, 10);
        taskCompletionMax = or(taskCompletionMax, 10);
        taskDays = or(taskDays, 30);
        alarmEach = or(alarmEach, 2);
        alarmMax = or(alarmMax, 10);
        alarmDays = or(alarmDays, 30);
        findingEach = or(findingEach, 3);
        findingMax = or(findingMax, 12);
        findingDays = or(findingDays, 365);
        Map<RatingLevel, Integer> b = new EnumMap<>(RatingLevel.class);
        b.putAll(Map.of(RatingLevel.RED, 50, RatingLevel.ORANGE, 35, RatingLevel.YELLOW, 20));
        if (bands != null) b.putAll(bands);
        b.remove(RatingLevel.BLUE);
        bands = b;
        blacklistFloor = blacklistFloor == null ? RatingLevel.ORANGE : blacklistFloor;
        overdueMajorHazardFloor = overdueMajorHazardFloor == null ? RatingLevel.RED : overdueMajorHazardFloor;
        qualityMax = or(qualityMax, 10);
    }

    private static Integer or(Integer v, int d) {
        return v == null ? d : v;
    }

    /**
     * What the formula reads about one enterprise; {@code qualityScore} is null when 数据质量 has not checked it (or
     * does not feed the rating). {@code reported} is null unless the counts include what lower platforms reported for
     * an enterprise that keeps no register here (ADR 0044, 0055); the counts are then the sums, and it says which part
     * was reported, so that the explanation can say so.
     */
    public record Inputs(String industryCode, int headcount, boolean majorHazardSource, List<String> specialFeatures,
                         int majorRisks, int openMajorHazards, int openHazards, int overdueHazards, int tasksDue,
                         int tasksDone, int alarms, int findings, boolean blacklisted, int overdueMajorHazards,
                         Integer qualityScore, Reported reported) {
        public Inputs(String industryCode, int headcount, boolean majorHazardSource, List<String> specialFeatures,
                      int majorRisks, int openMajorHazards, int openHazards, int overdueHazards, int tasksDue,
                      int tasksDone, int alarms, int findings, boolean blacklisted, int overdueMajorHazards,
                      Integer qualityScore) {
            this(industryCode, headcount, majorHazardSource, specialFeatures, majorRisks, openMajorHazards, openHazards,
                    overdueHazards, tasksDue, tasksDone, alarms, findings, blacklisted, overdueMajorHazards, qualityScore, null);
        }

        public Inputs(String industryCode, int headcount, boolean majorHazardSource, List<String> specialFeatures,
                      int majorRisks, int openMajorHazards, int openHazards, int overdueHazards, int tasksDue,
                      int tasksDone, int alarms, int findings) {
            this(industryCode, headcount, majorHazardSource, specialFeatures, majorRisks, openMajorHazards, openHazards,
                    overdueHazards, tasksDue, tasksDone, alarms, findings, false, 0, null);
        }
    }

    /**
     * The part of the counts that lower platforms reported ({@code sources}: the senders' names). The national model
     * carries 风险分析对象 with their levels and 隐患 with level, state and 整改期限, but no inspection task falls due in
     * it (a task is a measure's cycle), so the completion rate of a report-only enterprise reads this platform's tasks
     * only.
     */
    public record Reported(String sources, int majorRisks, int openMajorHazards, int openHazards, int overdueHazards) { }

    /** One line of the explanation: factor, the value found, the points it gave. */
    public record Factor(String code, String label, boolean inherent, String value, int points) { }

    /** The outcome: the score, its level, and every factor that made it. */
    public record Result(int score, RatingLevel level, List<Factor> factors) { }

    public Result rate(Inputs in) {
        List<Factor> f = new ArrayList<>();
        String prefix = industries.keySet().stream().filter(in.industryCode()::startsWith)
                .max(Comparator.comparingInt(String::length)).orElse(null);
        f.add(new Factor("industry", "行业", true, in.industryCode() + (prefix == null ? "（其他行业）" : "（重点行业 " + prefix + "）"),
                prefix == null ? industryDefault : industries.get(prefix)));
        f.add(new Factor("features", "重点监管特征", true,
                in.specialFeatures().isEmpty() ? "无" : String.join("、", in.specialFeatures()),
                Math.min(specialFeatureMax, specialFeatureEach * in.specialFeatures().size())));
        f.add(new Factor("majorHazardSource", "重大危险源", true, in.majorHazardSource() ? "构成重大危险源" : "否",
                in.majorHazardSource() ? majorHazardSource : 0));
        int hc = headcount.stream().filter(b -> in.headcount() >= b.min()).mapToInt(HeadcountBand::points).max().orElse(0);
        f.add(new Factor("headcount", "从业人数", true, in.headcount() + " 人", hc));
        Reported r = in.reported();
        f.add(new Factor("majorRisks", "重大风险（红色风险点）", true, in.majorRisks() + " 处" + ofWhich(r == null ? 0 : r.majorRisks(), "处"),
                Math.min(majorRiskMax, majorRiskEach * in.majorRisks())));
        f.add(new Factor("openMajorHazards", "未销号重大隐患", false,
                in.openMajorHazards() + " 项" + ofWhich(r == null ? 0 : r.openMajorHazards(), "项"),
                Math.min(openMajorHazardMax, openMajorHazardEach * in.openMajorHazards())));
        double overdue = in.openHazards() == 0 ? 0 : (double) in.overdueHazards() / in.openHazards();
        f.add(new Factor("overdueRate", "隐患逾期率", false,
                in.openHazards() == 0 ? "无未销号隐患" : percent(overdue) + "（" + in.overdueHazards() + "/" + in.openHazards() + "）"
                        + (r == null || r.openHazards() == 0 ? "" : "，含下级平台上报 " + r.overdueHazards() + "/" + r.openHazards()),
                (int) Math.round(overdue * overdueRateMax)));
        double completion = in.tasksDue() == 0 ? 1 : (double) in.tasksDone() / in.tasksDue();
        f.add(new Factor("taskCompletion", "排查任务完成率（近 " + taskDays + " 天）", false,
                in.tasksDue() == 0 ? (r == null ? "无到期任务" : "无到期任务（下级平台上报数据不含排查任务完成情况）")
                        : percent(completion) + "（" + in.tasksDone() + "/" + in.tasksDue() + "）",
                (int) Math.round((1 - completion) * taskCompletionMax)));
        f.add(new Factor("alarms", "监测报警（近 " + alarmDays + " 天）", false, in.alarms() + " 次",
                Math.min(alarmMax, alarmEach * in.alarms())));
        f.add(new Factor("findings", "执法检查发现问题（近 " + findingDays + " 天）", false, in.findings() + " 项",
                Math.min(findingMax, findingEach * in.findings())));
        if (qualityMax > 0 && in.qualityScore() != null) {
            f.add(new Factor("quality", "数据质量", false, in.qualityScore() + " 分",
                    (int) Math.round((100 - Math.max(0, Math.min(100, in.qualityScore()))) / 100.0 * qualityMax)));
        }
        // 一票定级: a listed enterprise or one sitting on an overdue 重大隐患 is rated at least at its floor, whatever
        // the other factors; the points that lift it there are shown as a factor of their own, so score and level agree.
        floor(f, in.overdueMajorHazards() > 0, overdueMajorHazardFloor, "overdueMajorHazard", "一票定级：重大隐患逾期未整改",
                in.overdueMajorHazards() + " 项");
        floor(f, in.blacklisted(), blacklistFloor, "blacklist", "一票定级：列入安全生产失信黑名单", "在黑名单有效期内");
        if (r != null) {
            // Says what the rating rests on; no points, so the same inputs give the same score as for a kept register.
            f.add(new Factor("reported", "评定依据", false, "依据下级平台上报数据评定（" + r.sources()
                    + "）：本平台无该企业风险分级管控台账，重大风险和隐患取自上报记录", 0));
        }
        int score = f.stream().mapToInt(Factor::points).sum();
        return new Result(score, levelOf(score), f);
    }

    private static String ofWhich(int reported, String unit) {
        return reported == 0 ? "" : "（其中下级平台上报 " + reported + " " + unit + "）";
    }

    private void floor(List<Factor> f, boolean applies, RatingLevel floor, String code, String label, String value) {
        if (!applies) return;
        int score = f.stream().mapToInt(Factor::points).sum();
        int needed = floor == RatingLevel.BLUE ? 0 : bands.get(floor) - score;
        f.add(new Factor(code, label, false, value + "，至少" + floor.title(), Math.max(0, needed)));
    }

    public RatingLevel levelOf(int score) {
        for (RatingLevel l : List.of(RatingLevel.RED, RatingLevel.ORANGE, RatingLevel.YELLOW)) {
            if (score >= bands.get(l)) return l;
        }
        return RatingLevel.BLUE;
    }

    /** The bands as words for the page: "红色 ≥ 55 分" … */
    public Map<RatingLevel, String> bandTexts() {
        Map<RatingLevel, String> out = new LinkedHashMap<>();
        out.put(RatingLevel.RED, "≥ " + bands.get(RatingLevel.RED) + " 分");
        out.put(RatingLevel.ORANGE, bands.get(RatingLevel.ORANGE) + "–" + (bands.get(RatingLevel.RED) - 1) + " 分");
        out.put(RatingLevel.YELLOW, bands.get(RatingLevel.YELLOW) + "–" + (bands.get(RatingLevel.ORANGE) - 1) + " 分");
        out.put(RatingLevel.BLUE, "< " + bands.get(RatingLevel.YELLOW) + " 分");
        return out;
    }

    private static String percent(double v) {
        return Math.round(v * 1000) / 10.0 + "%";
    }
}
