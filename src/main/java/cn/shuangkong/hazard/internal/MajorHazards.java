package cn.shuangkong.hazard.internal;

import cn.shuangkong.hazard.HazardLevel;
import cn.shuangkong.hazard.HazardState;
import cn.shuangkong.hazard.Hazards;
import cn.shuangkong.hazard.ReportedHazards;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * 重大隐患督办: the register's 重大隐患 in the viewer's scope, then those reported from below (ADR 0044), as one list
 * under one total, so that a regulator finds every 重大隐患 of the area in one place.
 */
@Service
public class MajorHazards {

    /**
     * One page: the register's rows, then the reported ones that follow them on this page; {@code total} counts both.
     * {@code page} carries the total for the pager.
     */
    public record Listing(List<Hazards.Row> own, List<ReportedHazards.Major> reported, PageResult<Object> page) {
        public boolean isEmpty() {
            return own.isEmpty() && reported.isEmpty();
        }
    }

    private final Hazards hazards;
    private final ObjectProvider<ReportedHazards> reported;

    MajorHazards(Hazards hazards, ObjectProvider<ReportedHazards> reported) {
        this.hazards = hazards;
        this.reported = reported;
    }

    public Listing list(Jurisdiction scope, HazardState state, Boolean overdue, PageResult.Request page) {
        var own = hazards.search(scope, Hazards.Query.of(state, HazardLevel.MAJOR, null, overdue), page);
        ReportedHazards others = reported.getIfAvailable();
        List<ReportedHazards.Major> theirs = List.of();
        long total = own.total();
        if (others != null) {
            total += others.countMajor(scope, state, overdue);
            // The reported entries follow the register's: this page takes them from where the register's ran out.
            int room = page.size() - own.items().size();
            if (room > 0) theirs = others.major(scope, state, overdue, (int) Math.max(0, page.offset() - own.total()), room);
        }
        return new Listing(own.items(), theirs, new PageResult<>(List.of(), total, page.page(), page.size()));
    }
}
