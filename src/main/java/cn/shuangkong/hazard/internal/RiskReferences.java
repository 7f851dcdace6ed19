package cn.shuangkong.hazard.internal;

import cn.shuangkong.risk.RiskFacts;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What a hazard's texts say of the risk register entries it names: its risk point and its failed control measure (the
 * hazard page, the re-assessment reason). The ids come from a hazard already read in scope, never from outside.
 */
@Repository
public class RiskReferences {

    // Built once: composing the relations per call would allocate and hash a new statement text every time.
    private static final String MEASURE_CONTENT = "select check_content from (" + RiskFacts.measures() + ") m where id = :m",
            POINT_NAME = "select code || ' ' || name from (" + RiskFacts.points() + ") p where id = :p";

    private final JdbcClient jdbc;

    RiskReferences(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What a control measure checks, for the hazard page and the re-assessment reason. */
    public Optional<String> measureContent(long measureId) {
        return jdbc.sql(MEASURE_CONTENT).param("m", measureId).query(String.class).optional();
    }

    /** The name of a risk point, for the hazard page. */
    public Optional<String> riskPointName(long riskPointId) {
        return jdbc.sql(POINT_NAME).param("p", riskPointId).query(String.class).optional();
    }
}
