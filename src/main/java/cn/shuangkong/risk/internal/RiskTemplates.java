package cn.shuangkong.risk.internal;

import cn.shuangkong.risk.HazardDictionaries;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The industry template libraries (危化品储罐区, 粉尘涉爆, 有限空间, ...) that enterprises copy and adapt; stored as data. */
@Repository
public class RiskTemplates {

    /** A template: what kind of risk point it describes and how many items it holds. */
    public record Template(String code, String name, String pointName, String pointKind, boolean majorHazardSource, int itemCount) { }

    /** One event of a template with its typical measure. */
    public record Item(String eventName, String hazard, String factorCode, String accidentTypeCodes, String consequence,
                       String measureType, String measure, String checkContent, BigDecimal checkCycle, String checkCycleUnit,
                       Integer stepSeq, String step, String accidentTypeCodes2025) {
        public List<String> accidentTypes() {
            return Arrays.asList(accidentTypeCodes.split(","));
        }

        /** The item's accident types in the given GB 6441 edition (the template carries both). */
        public List<String> accidentTypes(String edition) {
            return HazardDictionaries.ACCIDENT_EDITION_2025.equals(edition) && accidentTypeCodes2025 != null
                    ? Arrays.asList(accidentTypeCodes2025.split(",")) : accidentTypes();
        }
    }

    private final JdbcClient jdbc;

    RiskTemplates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Template> all() {
        return jdbc.sql("""
                select t.code, t.name, t.point_name, t.point_kind, t.major_hazard_source,
                       (select count(*) from risk_template_item i where i.template_code = t.code) as item_count
                  from risk_template t order by t.sort_order
                """).query(Template.class).list();
    }

    public Optional<Template> find(String code) {
        return all().stream().filter(t -> t.code().equals(code)).findFirst();
    }

    public List<Item> items(String code) {
        return jdbc.sql("""
                select event_name, hazard, factor_code, array_to_string(accident_types, ',') as accident_type_codes,
                       consequence, measure_type, measure, check_content, check_cycle, check_cycle_unit, step_seq, step,
                       array_to_string(accident_types_2025, ',') as accident_type_codes2025
                  from risk_template_item where template_code = :c order by seq
                """).param("c", code).query(Item.class).list();
    }
}
