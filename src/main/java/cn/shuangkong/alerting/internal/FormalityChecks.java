package cn.shuangkong.alerting.internal;

import cn.shuangkong.alerting.internal.AlertRules.Rule;
import cn.shuangkong.files.FileFacts;
import cn.shuangkong.inspection.InspectionFacts;
import cn.shuangkong.risk.RiskFacts;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * 走过场 detection over the immutable inspection records: implausibly fast records, many tasks ticked at one moment,
 * records submitted far from the risk point, and the same photo (by SHA-256) offered as evidence in several records.
 * Each finding lists its evidence — records, times, distances, photos — so that nobody has to take the rule's word.
 */
@Component
class FormalityChecks implements RuleCheck {

    /** How far back 集中勾选 looks for bursts; a burst is keyed by its first record, which stays stable in this span. */
    static final Duration BULK_LOOKBACK = Duration.ofDays(30);

    private final JdbcClient jdbc;
    private final Clock clock;

    FormalityChecks(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public boolean handles(Rule rule) {
        return rule.category().equals("FORMALITY");
    }

    @Override
    public List<Finding> check(Rule rule) {
        return switch (rule.code()) {
            case "FORMALITY_TOO_FAST" -> tooFast(rule.thresholdOr(10), rule.windowOr(7));
            case "FORMALITY_BULK_TICK" -> bulkTicks((int) rule.thresholdOr(10), rule.windowOr(5));
            case "FORMALITY_FAR_CHECKIN" -> farCheckins(rule.thresholdOr(500), rule.windowOr(7));
            case "FORMALITY_PHOTO_REUSED" -> reusedPhotos((int) rule.thresholdOr(2), rule.windowOr(30));
            default -> List.of();
        };
    }

    /**
     * None: the findings are about immutable inspection records, so what was found stays true and these alerts close
     * only by a regulator's note.
     */
    @Override
    public Map<Long, String> clearedOf(Rule rule, List<Finding> findings, List<Alerts.OpenAlert> open) {
        return Map.of();
    }

    private record Rec(long id, long enterpriseId, String enterpriseName, long riskPointId, String pointName,
                       String inspector, String inspectorName, Instant checkedInAt, Instant submittedAt, long answers,
                       BigDecimal latitude, BigDecimal longitude) {
        String line() {
            return "排查记录 #" + id + "：" + pointName + "，" + inspectorName + "（" + inspector + "），提交于 "
                    + Alerts.formatSeconds(submittedAt) + "，" + answers + " 项";
        }
    }

    private static final String RECORDS = """
            select r.id, r.enterprise_id, e.name as enterprise_name, r.risk_point_id, p.code || ' ' || p.name as point_name,
                   r.inspector, r.inspector_name, r.checked_in_at, r.submitted_at, r.answers, r.latitude, r.longitude
              from (%s) r join %s e on e.id = r.enterprise_id join (%s) p on p.id = r.risk_point_id
            """.formatted(InspectionFacts.records(), Alerts.ENTERPRISES, RiskFacts.points());

    private List<Rec> recordsSince(Instant from, String extra) {
        return jdbc.sql(RECORDS + " where r.submitted_at >= :from " + extra + " order by r.inspector, r.submitted_at, r.id")
                .param("from", Timestamp.from(from)).query(Rec.class).list();
    }

    private Instant since(int days) {
        return clock.instant().minus(Duration.ofDays(days));
    }

    private List<Finding> tooFast(double secondsPerItem, int days) {
        List<Finding> found = new ArrayList<>();
        for (Rec r : recordsSince(since(days), "and r.checked_in_at is not null")) {
            if (r.answers() == 0) continue;
            double seconds = Duration.between(r.checkedInAt(), r.submittedAt()).toMillis() / 1000.0;
            double perItem = seconds / r.answers();
            if (perItem >= secondsPerItem) continue;
            found.add(new Finding(r.enterpriseId(), "record:" + r.id(),
                    r.inspectorName() + " 排查用时过短：" + r.pointName() + " " + r.answers() + " 项用时 " + Math.round(seconds) + " 秒",
                    List.of("企业：" + r.enterpriseName(), r.line(),
                            "签到 " + Alerts.formatSeconds(r.checkedInAt()) + "，提交 " + Alerts.formatSeconds(r.submittedAt())
                                    + "，用时 " + Math.round(seconds) + " 秒",
                            "平均每项 " + Math.round(perItem * 10) / 10.0 + " 秒，低于合理用时 " + DailyChecks.trim(secondsPerItem) + " 秒/项"),
                    "/inspection/tasks"));
        }
        return found;
    }

    /** Bursts per inspector: from a record, every record of the same person within the span; keyed by its first record. */
    private List<Finding> bulkTicks(int minTasks, int minutes) {
        List<Finding> found = new ArrayList<>();
        List<Rec> recs = recordsSince(clock.instant().minus(BULK_LOOKBACK), "");
        int i = 0;
        while (i < recs.size()) {
            Rec first = recs.get(i);
            int j = i;
            long tasks = 0;
            Set<Long> points = new LinkedHashSet<>();
            while (j < recs.size() && recs.get(j).inspector().equals(first.inspector())
                    && recs.get(j).enterpriseId() == first.enterpriseId()
                    && !recs.get(j).submittedAt().isAfter(first.submittedAt().plus(Duration.ofMinutes(minutes)))) {
                tasks += recs.get(j).answers();
                points.add(recs.get(j).riskPointId());
                j++;
            }
            if (tasks >= minTasks && points.size() >= 2) {
                List<Rec> burst = recs.subList(i, j);
                Rec last = burst.get(burst.size() - 1);
                long seconds = Duration.between(first.submittedAt(), last.submittedAt()).toSeconds();
                List<String> evidence = new ArrayList<>(List.of("企业：" + first.enterpriseName(),
                        first.inspectorName() + " 在 " + seconds + " 秒内（" + Alerts.formatSeconds(first.submittedAt()) + " 至 "
                                + Alerts.formatSeconds(last.submittedAt()) + "）于 " + points.size() + " 个风险点完成 " + tasks
                                + " 项任务（阈值：" + minutes + " 分钟内 " + minTasks + " 项）"));
                burst.forEach(r -> evidence.add(r.line()));
                found.add(new Finding(first.enterpriseId(), "burst:" + first.inspector() + ":" + first.id(),
                        first.inspectorName() + " 集中勾选：" + seconds + " 秒内于 " + points.size() + " 个风险点完成 " + tasks + " 项任务",
                        evidence, "/inspection/tasks"));
                i = j;
            } else {
                i++;
            }
        }
        return found;
    }

    private record Anchor(long riskPointId, long id, BigDecimal latitude, BigDecimal longitude, Instant submittedAt) { }

    /**
     * Risk points carry no coordinates of their own, so a point's position is taken from its first located record; a
     * record far from it is suspect (and so is the anchor, when later records all sit elsewhere — the evidence shows both).
     */
    private List<Finding> farCheckins(double metres, int days) {
        Map<Long, Anchor> anchors = new LinkedHashMap<>();
        jdbc.sql("""
                select distinct on (r.risk_point_id) r.risk_point_id, r.id, r.latitude, r.longitude, r.submitted_at
                  from (%s) r where r.latitude is not null and r.longitude is not null
                 order by r.risk_point_id, r.submitted_at, r.id
                """.formatted(InspectionFacts.records())).query(Anchor.class).list().forEach(a -> anchors.put(a.riskPointId(), a));
        List<Finding> found = new ArrayList<>();
        for (Rec r : recordsSince(since(days), "and r.latitude is not null and r.longitude is not null")) {
            Anchor a = anchors.get(r.riskPointId());
            if (a == null || a.id() == r.id()) continue;
            double d = distanceMetres(r.latitude().doubleValue(), r.longitude().doubleValue(),
                    a.latitude().doubleValue(), a.longitude().doubleValue());
            if (d <= metres) continue;
            found.add(new Finding(r.enterpriseId(), "record:" + r.id(),
                    r.inspectorName() + " 签到位置偏离：距 " + r.pointName() + " " + Math.round(d) + " 米",
                    List.of("企业：" + r.enterpriseName(), r.line(),
                            "提交位置：" + r.latitude().toPlainString() + ", " + r.longitude().toPlainString(),
                            "风险点参考位置：" + a.latitude().toPlainString() + ", " + a.longitude().toPlainString()
                                    + "（该点首次定位签到，排查记录 #" + a.id() + "，" + Alerts.formatSeconds(a.submittedAt()) + "）",
                            "相距 " + Math.round(d) + " 米，超过 " + DailyChecks.trim(metres) + " 米"),
                    "/inspection/tasks"));
        }
        return found;
    }

    /** Great-circle distance (haversine) on a sphere of the Earth's mean radius. */
    static double distanceMetres(double lat1, double lon1, double lat2, double lon2) {
        double r = 6_371_008.8;
        double p1 = Math.toRadians(lat1), p2 = Math.toRadians(lat2);
        double dp = p2 - p1, dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    private record PhotoUse(String sha256, long enterpriseId, String enterpriseName, long recordId, long fileId,
                            String originalName, String pointName, String inspectorName, Instant submittedAt) { }

    private List<Finding> reusedPhotos(int minRecords, int days) {
        String photos = InspectionFacts.answerPhotos(), files = FileFacts.files(), recs = InspectionFacts.records();
        List<PhotoUse> uses = jdbc.sql("""
                select f.sha256, r.enterprise_id, e.name as enterprise_name, r.id as record_id, f.id as file_id, f.original_name,
                       p.code || ' ' || p.name as point_name, r.inspector_name, r.submitted_at
                  from (%1$s) a join (%2$s) f on f.id = a.photo_id
                  join (%3$s) r on r.id = a.record_id
                  join %4$s e on e.id = r.enterprise_id join (%5$s) p on p.id = r.risk_point_id
                 where f.sha256 in (select f2.sha256 from (%1$s) a2 join (%2$s) f2 on f2.id = a2.photo_id
                                     join (%3$s) r2 on r2.id = a2.record_id
                                    where r2.submitted_at >= :from)
                 order by f.sha256, r.enterprise_id, r.submitted_at, r.id
                """.formatted(photos, files, recs, Alerts.ENTERPRISES, RiskFacts.points()))
                .param("from", Timestamp.from(since(days))).query(PhotoUse.class).list();
        Map<String, List<PhotoUse>> bySubject = new LinkedHashMap<>();
        uses.forEach(u -> bySubject.computeIfAbsent(u.sha256() + ":" + u.enterpriseId(), k -> new ArrayList<>()).add(u));
        List<Finding> found = new ArrayList<>();
        bySubject.forEach((key, list) -> {
            long records = list.stream().map(PhotoUse::recordId).distinct().count();
            if (records < minRecords) return;
            PhotoUse first = list.get(0);
            List<String> evidence = new ArrayList<>(List.of("企业：" + first.enterpriseName(),
                    "同一照片（SHA-256 " + first.sha256().substring(0, 16) + "…）出现在 " + records + " 条排查记录中"));
            list.forEach(u -> evidence.add("排查记录 #" + u.recordId() + "：" + u.pointName() + "，" + u.inspectorName() + "，"
                    + Alerts.formatSeconds(u.submittedAt()) + "，照片文件 #" + u.fileId() + "（" + u.originalName() + "）"));
            found.add(new Finding(first.enterpriseId(), "photo:" + first.sha256().substring(0, 32) + ":" + first.enterpriseId(),
                    "照片重复使用：同一照片出现在 " + records + " 条排查记录中", evidence, "/inspection/tasks"));
        });
        return found;
    }
}
