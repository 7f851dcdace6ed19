package cn.shuangkong.risk;

import cn.shuangkong.shared.Jurisdiction;
import java.util.List;

/**
 * 重大风险 that lower platforms and enterprise systems reported to this platform (数据上报, ADR 0032), for the
 * 重大风险清单. Implemented by the module that receives them; declared here so that the risk module does not depend
 * on it (the exchange module reads the register, so the dependency runs the other way).
 */
public interface ReportedRisks {

    /**
     * A reported 风险分析对象 at 重大风险: {@code recordId} is the sender's UUID, {@code source} the sending platform's
     * name, {@code regionName} the enterprise's 乡镇（街道）, {@code orgUnitName} its units' 责任部门.
     */
    record Major(String recordId, long enterpriseId, String enterpriseName, String regionName, String code, String name,
                 String kindLabel, String orgUnitName, int eventCount, int measureCount, String source) { }

    /** How many reported 重大风险 lie in the scope. */
    long countMajor(Jurisdiction scope);

    /** The reported 重大风险 in the scope, by enterprise and code, from {@code offset}, at most {@code limit}. */
    List<Major> major(Jurisdiction scope, int offset, int limit);
}
