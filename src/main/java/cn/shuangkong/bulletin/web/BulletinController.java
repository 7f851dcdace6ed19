package cn.shuangkong.bulletin.web;

import cn.shuangkong.bulletin.internal.Quarter;
import cn.shuangkong.bulletin.internal.RiskBulletins;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 风险动态信息通报 pages: the list with 起草, one 通报 with its figures, narrative, 签发, 发布 and 更正, and its PDF. */
@Controller
class BulletinController {

    private final RiskBulletins bulletins;
    private final Clock clock;

    BulletinController(RiskBulletins bulletins, Clock clock) {
        this.bulletins = bulletins;
        this.clock = clock;
    }

    @GetMapping("/bulletins")
    @PreAuthorize("hasAuthority('bulletin:read')")
    String list(@AuthenticationPrincipal Actor me, Model model) {
        model.addAttribute("bulletins", bulletins.list(me.jurisdiction()));
        model.addAttribute("area", bulletins.areaOf(me).orElse(null));
        List<Quarter> quarters = new ArrayList<>();
        Quarter q = Quarter.containing(LocalDate.now(clock));
        for (int i = 0; i < 8; i++, q = q.previous()) quarters.add(q);
        model.addAttribute("quarters", quarters);
        return "bulletins/list";
    }

    @PostMapping("/bulletins")
    @PreAuthorize("hasAuthority('bulletin:write')")
    String draft(@AuthenticationPrincipal Actor me, @RequestParam(required = false) String period, RedirectAttributes flash) {
        long id = bulletins.draft(me, Quarter.parse(period));
        flash.addFlashAttribute("message", "通报草稿已按当前数据生成");
        return "redirect:/bulletins/" + id;
    }

    @GetMapping("/bulletins/{id}")
    @PreAuthorize("hasAuthority('bulletin:read')")
    String detail(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        var b = bulletins.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("风险动态信息通报"));
        model.addAttribute("b", b);
        model.addAttribute("cur", b.figures().current());
        model.addAttribute("prev", b.figures().previous());
        model.addAttribute("mine", me.can("bulletin:write")
                && bulletins.areaOf(me).map(a -> a.regionCode().equals(b.regionCode())).orElse(false));
        return "bulletins/detail";
    }

    @PostMapping("/bulletins/{id}/narrative")
    @PreAuthorize("hasAuthority('bulletin:write')")
    String edit(@AuthenticationPrincipal Actor me, @PathVariable long id, @RequestParam(required = false) String opinion,
                @RequestParam(required = false) String advice, RedirectAttributes flash) {
        bulletins.edit(me, id, opinion, advice);
        flash.addFlashAttribute("message", "研判意见和工作建议已保存");
        return "redirect:/bulletins/" + id;
    }

    @PostMapping("/bulletins/{id}/sign")
    @PreAuthorize("hasAuthority('bulletin:write')")
    String sign(@AuthenticationPrincipal Actor me, @PathVariable long id, RedirectAttributes flash) {
        String sha = bulletins.sign(me, id);
        flash.addFlashAttribute("message", "已签发，PDF 已固化（SHA-256 " + sha + "）");
        return "redirect:/bulletins/" + id;
    }

    @PostMapping("/bulletins/{id}/publish")
    @PreAuthorize("hasAuthority('bulletin:write')")
    String publish(@AuthenticationPrincipal Actor me, @PathVariable long id, RedirectAttributes flash) {
        int n = bulletins.publish(me, id);
        flash.addFlashAttribute("message", "已发布至 " + n + " 个部门");
        return "redirect:/bulletins/" + id;
    }

    @PostMapping("/bulletins/{id}/correct")
    @PreAuthorize("hasAuthority('bulletin:write')")
    String correct(@AuthenticationPrincipal Actor me, @PathVariable long id, RedirectAttributes flash) {
        long created = bulletins.correct(me, id);
        flash.addFlashAttribute("message", "已生成更正版本草稿，修改后重新签发");
        return "redirect:/bulletins/" + created;
    }

    @GetMapping("/bulletins/{id}/bulletin.pdf")
    @PreAuthorize("hasAuthority('bulletin:read')")
    ResponseEntity<byte[]> pdf(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        var b = bulletins.find(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("风险动态信息通报"));
        byte[] pdf = bulletins.pdf(me.jurisdiction(), id);
        String name = b.title() + b.versionLabel() + ".pdf";
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
                .body(pdf);
    }
}
