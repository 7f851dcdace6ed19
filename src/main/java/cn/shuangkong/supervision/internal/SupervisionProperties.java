package cn.shuangkong.supervision.internal;

import java.time.Period;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code shuangkong.supervision} (defaults in application.yml, explained in the README): the rating
 * formula, how often each rating is inspected, the draw's weights and team size, and when enforcement outcomes
 * propose an enterprise for the 黑名单.
 *
 * @param rating             the rating formula
 * @param inspectionsPerYear planned inspections per year by rating; 0 means by random draw only
 * @param drawWeights        the weight of an enterprise of each rating in a 双随机 draw
 * @param inspectorsPerTeam  enforcers drawn for each enterprise
 * @param blacklist          when enforcement outcomes propose a listing, and for how long a listing stands
 */
@ConfigurationProperties("shuangkong.supervision")
public record SupervisionProperties(RatingFormula rating, Map<RatingLevel, Integer> inspectionsPerYear,
                                    Map<RatingLevel, Integer> drawWeights, Integer inspectorsPerTeam, Blacklist blacklist) {

    public SupervisionProperties {
        rating = rating == null ? RatingFormula.DEFAULT : rating;
        inspectionsPerYear = complete(inspectionsPerYear, Map.of(RatingLevel.RED, 4, RatingLevel.ORANGE, 2, RatingLevel.YELLOW, 1, RatingLevel.BLUE, 0));
        drawWeights = complete(drawWeights, Map.of(RatingLevel.RED, 8, RatingLevel.ORANGE, 4, RatingLevel.YELLOW, 2, RatingLevel.BLUE, 1));
        inspectorsPerTeam = inspectorsPerTeam == null || inspectorsPerTeam < 1 ? 2 : inspectorsPerTeam;
        blacklist = blacklist == null ? new Blacklist(null, null, null) : blacklist;
    }

    private static Map<RatingLevel, Integer> complete(Map<RatingLevel, Integer> given, Map<RatingLevel, Integer> defaults) {
        Map<RatingLevel, Integer> out = new EnumMap<>(RatingLevel.class);
        out.putAll(defaults);
        if (given != null) out.putAll(given);
        return out;
    }

    /**
     * @param repeatedInspections inspections with findings within a year that propose a listing by themselves
     * @param validity            how long an approved listing stands
     * @param proposeOnEscalation whether a 复查 that finds a finding unrectified proposes a listing
     */
    public record Blacklist(Integer repeatedInspections, Period validity, Boolean proposeOnEscalation) {
        public Blacklist {
            repeatedInspections = repeatedInspections == null ? 3 : repeatedInspections;
            validity = validity == null ? Period.ofYears(1) : validity;
            proposeOnEscalation = proposeOnEscalation == null || proposeOnEscalation;
        }
    }

    /** Points for headcount from {@code min} people up; the highest band reached counts. */
    public record HeadcountBand(int min, int points) { }

    static List<HeadcountBand> defaultHeadcount() {
        return List.of(new HeadcountBand(1000, 15), new HeadcountBand(300, 10), new HeadcountBand(100, 5));
    }
}
