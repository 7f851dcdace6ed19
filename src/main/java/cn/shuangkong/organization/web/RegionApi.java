package cn.shuangkong.organization.web;

import cn.shuangkong.organization.Region;
import cn.shuangkong.organization.Regions;
import cn.shuangkong.shared.DomainException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "行政区划", description = "GB/T 2260 区划树和乡镇边界（演示城市的边界为示意数据）")
@RestController
class RegionApi {

    private final Regions regions;

    RegionApi(Regions regions) {
        this.regions = regions;
    }

    @Operation(summary = "下级区划")
    @GetMapping("/api/v1/regions/{code}/children")
    List<Region> children(@PathVariable String code) {
        regions.find(code).orElseThrow(() -> DomainException.notFound("行政区划"));
        return regions.children(code);
    }

    @Operation(summary = "乡镇（街道）边界 GeoJSON", description = "FeatureCollection，properties 含 code、name、schematic")
    @GetMapping(value = "/api/v1/regions/{code}/towns.geojson", produces = "application/geo+json")
    ResponseEntity<String> towns(@PathVariable String code) {
        regions.find(code).orElseThrow(() -> DomainException.notFound("行政区划"));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/geo+json")).body(regions.townsGeoJson(code));
    }
}
