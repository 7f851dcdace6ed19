package cn.shuangkong.support;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A chemical enterprise of a test's own in 新桥镇, with one company-level org unit, written straight into the tables. */
public record FreshEnterprise(long id, long unitId) {

    public static FreshEnterprise create(JdbcClient jdbc, String name) {
        String credit = ("91E" + UUID.randomUUID().toString().replace("-", "").toUpperCase()).substring(0, 18);
        long e = jdbc.sql("""
                insert into enterprise (name, credit_code, industry_code, region_code, status)
                values (:n, :c, 'C2614', '321282100', 'OPERATING') returning id""")
                .param("n", name + "-" + credit.substring(3, 9)).param("c", credit).query(Long.class).single();
        long unit = jdbc.sql("insert into org_unit (enterprise_id, name, tier) values (:e, '公司', 'COMPANY') returning id")
                .param("e", e).query(Long.class).single();
        return new FreshEnterprise(e, unit);
    }
}
