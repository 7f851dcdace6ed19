package cn.shuangkong.hazard;

import java.time.Instant;

/**
 * The facts of a hazard as whoever found it reports them — the one input every source uses, whether a person on a
 * page, an enterprise's own system over the API, or (later) inspection, public reports and monitoring.
 *
 * @param clientKey the reporter's own key; the same key for the same enterprise registers once (idempotent create)
 * @param measureId the control measure that failed, when known (its risk point is then the hazard's)
 */
public record HazardReport(HazardSource source, HazardType type, Long riskPointId, String title, String description,
                           String location, Instant foundAt, String clientKey, Long measureId) {

    /** A report that names no failed measure. */
    public HazardReport(HazardSource source, HazardType type, Long riskPointId, String title, String description,
                        String location, Instant foundAt, String clientKey) {
        this(source, type, riskPointId, title, description, location, foundAt, clientKey, null);
    }
}
