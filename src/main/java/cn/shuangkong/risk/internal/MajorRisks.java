package cn.shuangkong.risk.internal;

import cn.shuangkong.risk.ReportedRisks;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.risk.RiskPoints;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * 重大风险清单: the red points of the register in scope, then those reported from below (ADR 0032), as one list with
 * one total, so that it counts what the 驾驶舱 counts.
 */
@Service
public class MajorRisks {

    /**
     * One entry: a point of this platform's register ({@code id} set, {@code source} null, 本平台) or one reported by
     * another platform ({@code id} null, {@code recordId} its UUID, {@code source} the sender's name).
     */
    public record Entry(Long id, String recordId, long enterpriseId, String enterpriseName, String regionName, String code,
                        String name, String kindLabel, String orgUnitName, int eventCount, int measureCount,
                        LocalDate reviewDue, boolean majorHazardSource, String source) {
        public RiskLevel riskLevel() {
            return RiskLevel.MAJOR;
        }
    }

    private final RiskPoints points;
    private final ObjectProvider<ReportedRisks> reported;

    MajorRisks(RiskPoints points, ObjectProvider<ReportedRisks> reported) {
        this.points = points;
        this.reported = reported;
    }

    public PageResult<Entry> list(Jurisdiction scope, PageResult.Request page) {
        var own = points.search(scope, new RiskPoints.Query(null, RiskLevel.MAJOR.grade, null, null, null), page);
        List<Entry> items = new ArrayList<>(own.items().stream().map(p -> new Entry(p.id(), null, p.enterpriseId(),
                p.enterpriseName(), p.regionName(), p.code(), p.name(), p.kindLabel(), p.orgUnitName(), p.eventCount(),
                p.measureCount(), p.reviewDue(), p.majorHazardSource(), null)).toList());
        ReportedRisks others = reported.getIfAvailable();
        if (others == null) return new PageResult<>(items, own.total(), page.page(), page.size());
        // The reported entries follow the platform's own: this page takes them from where the own ones ran out.
        long offset = Math.max(0, page.offset() - own.total());
        if (items.size() < page.size()) {
            others.major(scope, (int) offset, page.size() - items.size()).forEach(m -> items.add(new Entry(null, m.recordId(),
                    m.enterpriseId(), m.enterpriseName(), m.regionName(), m.code(), m.name(), m.kindLabel(), m.orgUnitName(),
                    m.eventCount(), m.measureCount(), null, false, m.source())));
        }
        return new PageResult<>(items, own.total() + others.countMajor(scope), page.page(), page.size());
    }
}
