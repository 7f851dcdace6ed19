package cn.shuangkong.quality.internal;

import cn.shuangkong.hazard.Hazards;
import cn.shuangkong.inspection.InspectionTasks;
import cn.shuangkong.organization.OrgStructure;
import cn.shuangkong.risk.RiskFilings;
import cn.shuangkong.risk.RiskSheets;
import cn.shuangkong.shared.Jurisdiction;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the rules read about one enterprise, each part fetched once through its owning module's API and only if a rule
 * asks for it.
 */
final class RegisterFacts {

    final long enterpriseId;
    final LocalDate today;
    private final java.time.ZoneId zone;
    private final Lazy<List<RiskSheets.Sheet>> sheets;
    private final Lazy<Map<Long, LocalDate>> leavers;
    private final Lazy<Optional<List<RiskFilings.SnapshotPoint>>> filed;
    private final Lazy<List<Hazards.FailedMeasure>> failedMeasures;
    private final InspectionTasks tasks;
    private final Hazards hazards;

    RegisterFacts(long enterpriseId, LocalDate today, java.time.ZoneId zone, RiskSheets riskSheets, RiskFilings filings, OrgStructure structure,
                  Hazards hazards, InspectionTasks tasks) {
        this.enterpriseId = enterpriseId;
        this.today = today;
        this.zone = zone;
        this.tasks = tasks;
        this.hazards = hazards;
        this.sheets = new Lazy<>(() -> riskSheets.ofEnterprise(enterpriseId));
        this.leavers = new Lazy<>(() -> structure.leavers(enterpriseId));
        this.filed = new Lazy<>(() -> filings.standing(enterpriseId).latest()
                .map(f -> filings.pointsOf(Jurisdiction.platform(), f.id())));
        this.failedMeasures = new Lazy<>(() -> hazards.failedMeasures(enterpriseId));
    }

    List<RiskSheets.Sheet> sheets() {
        return sheets.get();
    }

    Map<Long, LocalDate> leavers() {
        return leavers.get();
    }

    /** The register as last filed (备案), if it ever was. */
    Optional<List<RiskFilings.SnapshotPoint>> filed() {
        return filed.get();
    }

    List<Hazards.FailedMeasure> failedMeasures() {
        return failedMeasures.get();
    }

    InspectionTasks.Completion completion(LocalDate from, LocalDate to) {
        return tasks.completion(Jurisdiction.enterprise(enterpriseId, ""), from, to);
    }

    long hazardsFoundSince(LocalDate day) {
        return hazards.foundSince(enterpriseId, day.atStartOfDay(zone).toInstant());
    }

    private static final class Lazy<T> {
        private final Supplier<T> source;
        private T value;
        private boolean loaded;

        Lazy(Supplier<T> source) {
            this.source = source;
        }

        T get() {
            if (!loaded) {
                value = source.get();
                loaded = true;
            }
            return value;
        }
    }
}
