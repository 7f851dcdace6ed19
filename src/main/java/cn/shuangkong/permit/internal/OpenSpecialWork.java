package cn.shuangkong.permit.internal;

import cn.shuangkong.risk.SpecialWorkToday;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** The risk module's {@link SpecialWorkToday}, answered from the permits: the daily commitment fills and checks itself with it. */
@Component
class OpenSpecialWork implements SpecialWorkToday {

    private record Key(PermitKind kind, String level) { }

    // kind order, then the standard's level order (特级 before 一级 …)
    private static final Comparator<Key> ORDER = Comparator.comparing(Key::kind)
            .thenComparingInt(k -> k.level() == null ? -1 : k.kind().levels.indexOf(k.level()));

    private final Permits permits;

    OpenSpecialWork(Permits permits) {
        this.permits = permits;
    }

    @Override
    public List<OpenWork> openOn(long enterpriseId, LocalDate day) {
        Map<Key, Integer> counts = new TreeMap<>(ORDER);
        for (Permits.Permit p : permits.openOn(enterpriseId, day)) counts.merge(new Key(p.kind(), p.level()), 1, Integer::sum);
        return counts.entrySet().stream().map(e -> new OpenWork(e.getKey().kind().specialOp(), e.getKey().level(), e.getValue())).toList();
    }
}
