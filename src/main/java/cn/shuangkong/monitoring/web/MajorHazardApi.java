package cn.shuangkong.monitoring.web;

import cn.shuangkong.monitoring.internal.MajorHazardCalculator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "重大危险源", description = "GB 18218-2018 辨识与分级计算器（无状态，无需登录）")
@RestController
class MajorHazardApi {

    record EvaluateRequest(Integer population, List<MajorHazardCalculator.Input> substances) { }

    record EvaluateResponse(BigDecimal s, boolean major, BigDecimal alpha, BigDecimal r, Integer level, String levelName,
                            String formulaVersion, List<MajorHazardCalculator.Line> lines) { }

    private final MajorHazardCalculator calculator;

    MajorHazardApi(MajorHazardCalculator calculator) {
        this.calculator = calculator;
    }

    @Operation(summary = "辨识与分级", description = "substances 每项给出 name（名称/别名）或 cas 或 category（表2符号，如 W2），"
            + "quantity 为吨；表1中有多行的物质用 seq 指定。population 为厂区边界外 500 m 内常住人口。")
    @PostMapping("/api/v1/major-hazard-sources/evaluate")
    EvaluateResponse evaluate(@RequestBody EvaluateRequest request) {
        var r = calculator.evaluate(request.population() == null ? 0 : request.population(), request.substances());
        return new EvaluateResponse(r.s(), r.major(), r.alpha(), r.r(), r.level(), r.levelLabel(), r.formulaVersion(), r.lines());
    }
}
