package cn.shuangkong.organization;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PlatformTest;
import org.junit.jupiter.api.Test;

class RegionApiTest extends PlatformTest {

    @Test
    void the_city_comes_with_its_towns_as_schematic_geojson_polygons() {
        var response = loggedIn("gov_city").get("/api/v1/regions/321282/towns.geojson");
        assertThat(response.status()).isEqualTo(200);
        var features = response.json().get("features");
        assertThat(features.size()).isEqualTo(12);
        var first = features.get(0);
        assertThat(first.get("geometry").get("type").asString()).isEqualTo("Polygon");
        assertThat(first.get("properties").get("schematic").asBoolean()).isTrue();
    }

    @Test
    void an_unknown_region_is_a_404_problem() {
        var response = loggedIn("gov_city").get("/api/v1/regions/999999/children");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("detail").asString()).contains("行政区划");
    }
}
