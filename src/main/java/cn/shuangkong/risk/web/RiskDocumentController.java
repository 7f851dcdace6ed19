package cn.shuangkong.risk.web;

import cn.shuangkong.risk.RiskDocuments;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.ExternalUrl;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The printable PDFs (一企一册, 岗位风险告知卡/应急处置卡), each at its stable API address (Bearer token) and at a page
 * address for the session login. Rendered to memory first, so that a refusal is a proper 404 and not a broken file.
 */
@Controller
class RiskDocumentController {

    private final RiskDocuments documents;
    private final ExternalUrl externalUrl;

    RiskDocumentController(RiskDocuments documents, ExternalUrl externalUrl) {
        this.documents = documents;
        this.externalUrl = externalUrl;
    }

    @Operation(summary = "一企一册（PDF）", description = "企业基本信息、全部风险点、管控措施与责任人、属地监管部门，含签字盖章栏")
    @GetMapping({"/api/v1/enterprises/{id}/risk-register.pdf", "/enterprises/{id}/risk-register.pdf"})
    @PreAuthorize("hasAuthority('risk:register:read')")
    ResponseEntity<byte[]> register(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return pdf(documents.register(me.jurisdiction(), id), "一企一册.pdf");
    }

    @Operation(summary = "岗位风险告知卡 / 应急处置卡（PDF）", description = "含警示标志和打开风险点实时页面的二维码")
    @GetMapping({"/api/v1/risk-points/{id}/notice-card.pdf", "/risks/{id}/notice-card.pdf"})
    @PreAuthorize("hasAuthority('risk:register:read')")
    ResponseEntity<byte[]> noticeCard(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        // The configured address, not the request's Host: a printed card outlives the request and must not carry a forged host.
        String live = externalUrl.link("/risks/" + id);
        return pdf(documents.noticeCard(me.jurisdiction(), id, live), "岗位风险告知卡-" + id + ".pdf");
    }

    private static ResponseEntity<byte[]> pdf(byte[] body, String filename) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header("Content-Disposition", "inline; filename*=UTF-8''"
                        + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20"))
                .body(body);
    }
}
