package cn.shuangkong.regional.web;

import org.springdoc.core.annotations.ParameterObject;
import jakarta.servlet.http.HttpServletResponse;
import cn.shuangkong.shared.MirrorQuery;
import cn.shuangkong.shared.Mirrors;
import cn.shuangkong.regional.RegionalRisks;
import cn.shuangkong.regional.internal.TownBook;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Spreadsheets;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "区域风险", description = "公共区域风险（人员密集场所、城市运行、燃气管网等）的登记与评价（LEC/LS/MES，与企业相同），一镇一册")
@RestController
class RegionalApi {

    private final RegionalRisks risks;
    private final TownBook books;

    private final Mirrors mirrors;

    RegionalApi(RegionalRisks risks, TownBook books, Mirrors mirrors) {
        this.mirrors = mirrors;
        this.risks = risks;
        this.books = books;
    }

    @Operation(summary = "区域风险列表", description = "region 为乡镇或村代码前缀；level 1–4")
    @GetMapping("/api/v1/regional-risks")
    @PreAuthorize("hasAuthority('regional:risk:read')")
    List<RegionalRisks.Risk> list(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String region,
                                  @RequestParam(required = false) Integer level,
            @ParameterObject MirrorQuery mirror, HttpServletResponse response) {
        return mirrors.list(mirror, response, "regional_risk", RegionalRisks.Risk::id, () -> risks.search(me.jurisdiction(), region, level));
    }

    @Operation(summary = "区域风险详情")
    @GetMapping("/api/v1/regional-risks/{id}")
    @PreAuthorize("hasAuthority('regional:risk:read')")
    RegionalRisks.Risk get(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return risks.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("区域风险"));
    }

    @Operation(summary = "登记区域风险", description = "method 为 LEC、LS 或 MES，inputs 为各因子取值（如 {\"l\":3,\"e\":6,\"c\":40}）；等级由评价方法计算")
    @PostMapping("/api/v1/regional-risks")
    @PreAuthorize("hasAuthority('regional:risk:write')")
    @ResponseStatus(HttpStatus.CREATED)
    RegionalRisks.Risk create(@AuthenticationPrincipal Actor me, @RequestBody RegionalRisks.Draft draft) {
        long id = risks.register(me, draft);
        return risks.find(me.jurisdiction(), id).orElseThrow();
    }

    @Operation(summary = "修改并重新评价区域风险")
    @PutMapping("/api/v1/regional-risks/{id}")
    @PreAuthorize("hasAuthority('regional:risk:write')")
    RegionalRisks.Risk update(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestBody RegionalRisks.Draft draft) {
        risks.change(me, id, draft);
        return risks.find(me.jurisdiction(), id).orElseThrow();
    }

    @Operation(summary = "一镇一册（PDF）")
    @GetMapping(value = "/api/v1/regional-risks/towns/{code}/book.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @PreAuthorize("hasAuthority('regional:risk:read')")
    ResponseEntity<byte[]> bookPdf(@AuthenticationPrincipal Actor me, @PathVariable String code) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(books.pdf(me.jurisdiction(), code));
    }

    @Operation(summary = "一镇一册（Excel）")
    @GetMapping("/api/v1/regional-risks/towns/{code}/book.xlsx")
    @PreAuthorize("hasAuthority('regional:risk:read')")
    ResponseEntity<byte[]> bookExcel(@AuthenticationPrincipal Actor me, @PathVariable String code) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(Spreadsheets.XLSX)).body(books.excel(me.jurisdiction(), code));
    }

    /** Categories the API accepts, for clients building a form. */
    @Operation(summary = "区域风险类别")
    @GetMapping("/api/v1/regional-risks/categories")
    @PreAuthorize("hasAuthority('regional:risk:read')")
    Map<String, List<String>> categories() {
        return Map.of("categories", RegionalRisks.CATEGORIES);
    }
}
