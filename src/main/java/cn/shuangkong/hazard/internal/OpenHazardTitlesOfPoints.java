package cn.shuangkong.hazard.internal;

import cn.shuangkong.shared.Rows;
import cn.shuangkong.hazard.HazardFacts;
import cn.shuangkong.risk.OpenHazardTitles;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The risk register's {@link OpenHazardTitles}, read from {@link HazardFacts#openPerPoint()} in one statement. */
@Component
class OpenHazardTitlesOfPoints implements OpenHazardTitles {

    private final JdbcClient jdbc;

    OpenHazardTitlesOfPoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<Long, String> ofEnterprise(long enterpriseId) {
        return jdbc.sql("select o.risk_point_id, o.titles from (" + HazardFacts.openPerPoint() + ") o where o.enterprise_id = :e")
                .param("e", enterpriseId).query(Rows.pairs(Long.class, String.class));
    }
}
