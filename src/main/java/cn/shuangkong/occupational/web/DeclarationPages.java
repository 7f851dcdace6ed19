package cn.shuangkong.occupational.web;

import cn.shuangkong.occupational.internal.Declarations;
import cn.shuangkong.shared.Actor;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** One 职业病危害项目申报 as filed, for the enterprise and the regulators over it (ADR 0083). */
@Controller
@PreAuthorize("hasAuthority('occupational:read')")
class DeclarationPages {

    private final Declarations declarations;

    DeclarationPages(Declarations declarations) {
        this.declarations = declarations;
    }

    @GetMapping("/occupational/declarations/{id}")
    String declaration(@AuthenticationPrincipal Actor me, @PathVariable long id, Model model) {
        model.addAttribute("d", declarations.find(me.jurisdiction(), id));
        model.addAttribute("own", me.enterpriseId() != null);
        return "occupational/declaration";
    }
}
