package cn.shuangkong.permit.web;

import cn.shuangkong.permit.internal.Permits;
import cn.shuangkong.risk.RiskDocuments;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.Deadlines;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The permit as a PDF in the layout of GB 30871-2022's annex forms: one bordered table with the kind's fields, the
 * 安全措施 with 是否涉及 and 确认人, the gas analyses and every signature with its time. Rendered with the platform's
 * embedded Chinese font, like every other document.
 */
@Controller
@PreAuthorize("hasAuthority('permit:read')")
class PermitPdf {

    private final Permits permits;
    private final RiskDocuments documents;
    private final PermitText text;
    private final Clock clock;
    private final Deadlines deadlines;

    PermitPdf(Permits permits, RiskDocuments documents, PermitText text, Clock clock, Deadlines deadlines) {
        this.permits = permits;
        this.deadlines = deadlines;
        this.text = text;
        this.documents = documents;
        this.clock = clock;
    }

    @GetMapping("/permits/{id}/permit.pdf")
    ResponseEntity<byte[]> pdf(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        Permits.Sheet s = permits.sheet(me.jurisdiction(), id);
        // a document is rendered outside the web request, where templates cannot name beans: Deadlines is handed in
        byte[] body = documents.render("permit/pdf", Map.of("s", s, "p", s.permit(), "printedAt", clock.instant(), "text", text,
                "gas", permits.rules().requiredGas(s.permit().kind()) != null, "deadlines", deadlines));
        String name = java.net.URLEncoder.encode(s.permit().title() + "-" + s.permit().number() + ".pdf", StandardCharsets.UTF_8).replace("+", "%20");
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header("Content-Disposition", "inline; filename*=UTF-8''" + name).body(body);
    }
}
