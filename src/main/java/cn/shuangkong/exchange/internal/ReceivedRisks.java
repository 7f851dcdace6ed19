package cn.shuangkong.exchange.internal;

import cn.shuangkong.exchange.ExchangeFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.risk.ReportedRisks;
import cn.shuangkong.shared.Jurisdiction;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The 重大风险 received from lower platforms, for the risk module's 重大风险清单 (ADR 0032). */
@Service
class ReceivedRisks implements ReportedRisks {

    private final JdbcClient jdbc;

    ReceivedRisks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public long countMajor(Jurisdiction scope) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("with e as (%s) select count(*) from (%s) x".formatted(OrganizationFacts.enterprises(f),
                ExchangeFacts.majorObjects("e"))).params(f.params()).query(Long.class).single();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Major> major(Jurisdiction scope, int offset, int limit) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                with e as (%s)
                select x.record_id, x.enterprise_id, e.name as enterprise_name, t.name as region_name, x.code, x.name,
                       x.kind_label, x.org_unit_name, x.event_count, x.measure_count, x.source
                  from (%s) x join e on e.id = x.enterprise_id left join (%s) t on t.code = left(e.region_code, 9)
                 order by x.enterprise_id, x.code, x.record_id
                 limit :limit offset :offset
                """.formatted(OrganizationFacts.enterprises(f), ExchangeFacts.majorObjects("e"), OrganizationFacts.regions()))
                .params(f.params()).param("limit", limit).param("offset", offset).query(Major.class).list();
    }
}
