package cn.shuangkong.quality;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Reads 数据质量 results, always within the caller's scope: an enterprise's score and findings, and the town ranking. */
@Service
public class QualityScores {

    /** One finding as people read it. */
    public record Finding(long id, String ruleCode, String ruleName, String fix, int weight, String recordType, long recordId,
                          String recordName, String link, String message, Instant foundAt, Instant resolvedAt) {
        public String recordTypeLabel() {
            return switch (recordType) {
                case "RISK_POINT" -> "风险点";
                case "RISK_EVENT" -> "风险事件";
                case "MEASURE" -> "管控措施";
                case "RISK_UNIT" -> "风险分析单元";
                case "ENTERPRISE" -> "企业";
                default -> recordType;
            };
        }
    }

    /** An enterprise's score; {@code score} is null until it was first checked. */
    public record Score(long enterpriseId, String enterpriseName, String regionCode, String regionName, Integer score,
                        int openFindings, Instant checkedAt) { }

    /** A town (or the area a regulator sees, by region) with its enterprises' scores. */
    public record Town(String regionCode, String regionName, int enterprises, int checked, Integer averageScore,
                       Integer lowestScore, int openFindings, List<Score> ranking) { }

    private static final String SCORE = """
            select e.id as enterprise_id, e.name as enterprise_name, e.region_code, rg.name as region_name, s.score,
                   coalesce(s.open_findings, 0) as open_findings, s.checked_at
              from (%s) e join (%s) rg on rg.code = e.region_code
              left join quality_score s on s.enterprise_id = e.id
            """.formatted(OrganizationFacts.enterprises(), OrganizationFacts.regions());

    private final JdbcClient jdbc;
    private final java.time.Clock clock;

    QualityScores(JdbcClient jdbc, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The score of one enterprise in scope; empty if it is not in scope. */
    public Optional<Score> of(Jurisdiction scope, long enterpriseId) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(SCORE + " where e.id = :id and " + f.sql()).params(f.params()).param("id", enterpriseId)
                .query(Score.class).optional();
    }

    /** One enterprise's stored score, empty until first checked; the rating reads many at once ({@link #scoresOf}). */
    Optional<Integer> scoreOf(long enterpriseId) {
        return jdbc.sql("select score from quality_score where enterprise_id = :e").param("e", enterpriseId)
                .query(Integer.class).optional();
    }

    /** The scores of many enterprises at once (the nightly rating of a province reads them in one query). */
    public Map<Long, Integer> scoresOf(java.util.Collection<Long> enterpriseIds) {
        if (enterpriseIds.isEmpty()) return new java.util.HashMap<>();
        return jdbc.sql("select enterprise_id, score from quality_score where enterprise_id = any(:ids)")
                .param("ids", enterpriseIds.toArray(Long[]::new)).query(Rows.pairs(Long.class, Integer.class));
    }

    /** An enterprise's open findings (or, with {@code resolved}, those resolved in the last 90 days), worst rule first. */
    public List<Finding> findings(Jurisdiction scope, long enterpriseId, boolean resolved) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                select q.id, q.rule_code, r.name as rule_name, r.fix, r.weight, q.record_type, q.record_id, q.record_name, q.link,
                       q.message, q.found_at, q.resolved_at
                  from quality_finding q join quality_rule r on r.code = q.rule_code join (%s) e on e.id = q.enterprise_id
                 where q.enterprise_id = :id and """.formatted(OrganizationFacts.enterprises()) + " " + f.sql() + (resolved
                        ? " and q.resolved_at is not null and q.resolved_at > :since order by q.resolved_at desc limit 100"
                        : " and q.resolved_at is null order by r.sort_order, q.record_name"))
                .params(f.params()).param("id", enterpriseId)
                .param("since", java.sql.Timestamp.from(clock.instant().minus(java.time.Duration.ofDays(90))))
                .query(Finding.class).list();
    }

    /**
     * The enterprises in scope grouped by town (their region), lowest average score first — where a regulator should
     * look first; enterprises inside each town lowest score first. {@code region} narrows to one town.
     */
    public List<Town> ranking(Jurisdiction scope, String region) {
        var f = scope.enterpriseFilter("e");
        List<Score> scores = jdbc.sql(SCORE + " where " + f.sql() + (region == null ? "" : " and e.region_code = :r")
                        + " order by s.score nulls last, e.name")
                .params(f.params()).param("r", region).query(Score.class).list();
        Map<String, List<Score>> byTown = new LinkedHashMap<>();
        scores.forEach(s -> byTown.computeIfAbsent(s.regionCode(), k -> new ArrayList<>()).add(s));
        List<Town> towns = new ArrayList<>();
        byTown.forEach((code, list) -> {
            var checked = list.stream().filter(s -> s.score() != null).toList();
            Integer avg = checked.isEmpty() ? null
                    : (int) Math.round(checked.stream().mapToInt(Score::score).average().orElse(0));
            Integer low = checked.stream().map(Score::score).min(Integer::compare).orElse(null);
            towns.add(new Town(code, list.get(0).regionName(), list.size(), checked.size(), avg, low,
                    list.stream().mapToInt(Score::openFindings).sum(), list));
        });
        towns.sort(java.util.Comparator.comparing((Town t) -> t.averageScore() == null ? 101 : t.averageScore())
                .thenComparing(Town::regionCode));
        return towns;
    }
}
