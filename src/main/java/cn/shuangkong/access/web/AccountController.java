package cn.shuangkong.access.web;

import cn.shuangkong.access.internal.ApiModule;
import cn.shuangkong.access.internal.ApiTokens;
import cn.shuangkong.access.CurrentUser;
import cn.shuangkong.access.internal.Passwords;
import cn.shuangkong.access.internal.Permission;
import cn.shuangkong.access.internal.Roles;
import cn.shuangkong.access.internal.TokenScope;
import cn.shuangkong.shared.DomainException;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The account's own pages (password, API tokens) and the platform admin's role editor. */
@Controller
class AccountController {

    private final ApiTokens tokens;
    private final Passwords passwords;
    private final Roles roles;
    private final Clock clock;

    AccountController(ApiTokens tokens, Passwords passwords, Roles roles, Clock clock) {
        this.tokens = tokens;
        this.passwords = passwords;
        this.roles = roles;
        this.clock = clock;
    }

    @GetMapping("/account/password")
    String passwordForm(@AuthenticationPrincipal CurrentUser me, Model model) {
        passwords.changeDue(me.id()).ifPresent(why -> model.addAttribute("due", why));
        return "account/password";
    }

    @PostMapping("/account/password")
    String changePassword(@AuthenticationPrincipal CurrentUser me, @RequestParam String current, @RequestParam String next,
                          @RequestParam String repeat, HttpSession session, Model model) {
        try {
            passwords.change(me, current, next, repeat, session.getId());
            model.addAttribute("message", "密码已修改：其他设备上的登录和 API 令牌已失效，下次登录请使用新密码");
            model.addAttribute("changed", true);
        } catch (DomainException e) {
            model.addAttribute("error", e.getMessage());
        }
        passwords.changeDue(me.id()).ifPresent(why -> model.addAttribute("due", why));
        return "account/password";
    }

    @GetMapping("/account/tokens")
    @PreAuthorize("hasAuthority('access:token:manage')")
    String tokens(@AuthenticationPrincipal CurrentUser me, Model model) {
        model.addAttribute("tokens", tokens.of(me));
        model.addAttribute("now", clock.instant());
        model.addAttribute("scopes", TokenScope.values());
        model.addAttribute("modules", ApiModule.values());
        return "account/tokens";
    }

    @PostMapping("/account/tokens")
    @PreAuthorize("hasAuthority('access:token:manage')")
    String issue(@AuthenticationPrincipal CurrentUser me, @RequestParam String name, @RequestParam(defaultValue = "30") int days,
                 @RequestParam(required = false) Set<TokenScope> scopes, @RequestParam(required = false) List<String> modules,
                 Model model) {
        // Answered with the page itself, not a redirect: the secret is shown this once and never rests in the session store.
        try {
            // no scope ticked reads as the form's default, read and write (a form sends nothing for unticked boxes)
            var held = scopes == null || scopes.isEmpty() ? Set.of(TokenScope.READ, TokenScope.WRITE) : scopes;
            model.addAttribute("issued", tokens.issue(me, name, Duration.ofDays(days), held, ApiTokens.modules(modules)));
        } catch (DomainException e) {
            model.addAttribute("error", e.getMessage());
        }
        return tokens(me, model);
    }

    @PostMapping("/account/tokens/{id}/revoke")
    @PreAuthorize("hasAuthority('access:token:manage')")
    String revoke(@AuthenticationPrincipal CurrentUser me, @PathVariable long id, RedirectAttributes flash) {
        tokens.revoke(me, id);
        flash.addFlashAttribute("message", "令牌已吊销，使用它的系统将立即无法访问");
        return "redirect:/account/tokens";
    }

    @GetMapping("/admin/roles")
    @PreAuthorize("hasAuthority('access:role:manage')")
    String roles(@RequestParam(required = false) Long id, Model model) {
        var all = roles.all();
        long selected = id != null ? id : all.get(0).id();
        model.addAttribute("roles", all);
        model.addAttribute("role", roles.find(selected));
        model.addAttribute("granted", roles.permissionsOf(selected));
        model.addAttribute("permissions", Permission.values());
        return "account/roles";
    }

    @PostMapping("/admin/roles/{id}")
    @PreAuthorize("hasAuthority('access:role:manage')")
    String grant(@PathVariable long id, @RequestParam(required = false) List<String> permissions, RedirectAttributes flash) {
        try {
            roles.grant(id, new HashSet<>(permissions == null ? List.of() : permissions));
            flash.addFlashAttribute("message", "权限已保存；已登录的用户重新登录后生效，API 令牌立即生效");
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/roles?id=" + id;
    }

    @PostMapping("/admin/roles")
    @PreAuthorize("hasAuthority('access:role:manage')")
    String create(@RequestParam String code, @RequestParam String name, @RequestParam(required = false) String description,
                  RedirectAttributes flash) {
        try {
            long id = roles.create(code, name, description);
            flash.addFlashAttribute("message", "已新建角色：" + name);
            return "redirect:/admin/roles?id=" + id;
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/admin/roles";
        }
    }
}
