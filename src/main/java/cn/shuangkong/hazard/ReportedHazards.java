package cn.shuangkong.hazard;

import cn.shuangkong.shared.Jurisdiction;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * 重大隐患 that lower platforms and enterprise systems reported to this platform (数据上报, ADR 0032, ADR 0044), for the
 * regulators' 重大隐患 list. Implemented by the module that receives them; declared here so that the hazard module does
 * not depend on it (the exchange module reads the register, so the dependency runs the other way).
 */
public interface ReportedHazards {

    /**
     * A reported 重大隐患: {@code recordId} is the sender's UUID, {@code source} the sending platform's name, the people
     * as the sender named them; {@code state} is the register's word for the national model's 隐患状态 (整改中,
     * 整改完成待验收 or 已销号). It has no page on this platform.
     */
    record Major(String recordId, long enterpriseId, String enterpriseName, String title, Instant foundAt,
                 String registrant, String liablePerson, LocalDate deadline, boolean overdue, HazardState state,
                 String source) { }

    /** How many reported 重大隐患 in the scope match the state (null: any) and overdue (null: either) filters. */
    long countMajor(Jurisdiction scope, HazardState state, Boolean overdue);

    /** The same, overdue first, then the newest, from {@code offset}, at most {@code limit}. */
    List<Major> major(Jurisdiction scope, HazardState state, Boolean overdue, int offset, int limit);
}
