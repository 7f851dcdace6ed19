package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JurisdictionTest {

    @Test
    void a_region_code_becomes_the_prefix_of_its_subtree() {
        assertThat(Jurisdiction.regionPrefix("320000")).isEqualTo("32");
        assertThat(Jurisdiction.regionPrefix("321200")).isEqualTo("3212");
        assertThat(Jurisdiction.regionPrefix("321282")).isEqualTo("321282");
        assertThat(Jurisdiction.regionPrefix("321282100")).isEqualTo("321282100");
    }

    @Test
    void a_town_regulator_covers_its_own_town_only() {
        var town = Jurisdiction.regulator("321282100", List.of(), "新桥镇");
        assertThat(town.covers(1, "321282100", "C3441", false)).isTrue();
        assertThat(town.covers(1, "321282100201", "C3441", false)).isTrue();
        assertThat(town.covers(1, "321282101", "C3441", false)).isFalse();
    }

    @Test
    void an_industry_department_covers_only_its_industries() {
        var housing = Jurisdiction.regulator("321282", List.of("E"), "住建");
        assertThat(housing.covers(1, "321282001", "E4701", false)).isTrue();
        assertThat(housing.covers(1, "321282001", "C2614", false)).isFalse();
    }

    @Test
    void the_sql_filter_binds_values_as_parameters_never_as_text() {
        var filter = Jurisdiction.regulator("321282", List.of("E", "G54"), "x").enterpriseFilter("e");
        assertThat(filter.sql()).isEqualTo("e.region_code like :jd_region and (e.industry_code like :jd_ind0 or e.industry_code like :jd_ind1)");
        assertThat(filter.params()).containsEntry("jd_region", "321282%").containsEntry("jd_ind1", "G54%");
    }
}
