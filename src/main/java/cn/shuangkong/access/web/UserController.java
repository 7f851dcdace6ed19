package cn.shuangkong.access.web;

import cn.shuangkong.access.internal.Roles;
import cn.shuangkong.access.internal.UserAdministration;
import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.organization.ServiceOrganizations;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.PageResult;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 用户管理 pages for platform admins. */
@Controller
@PreAuthorize("hasAuthority('access:user:manage')")
class UserController {

    private final UserAdministration users;
    private final Roles roles;
    private final Enterprises enterprises;
    private final Departments departments;
    private final ServiceOrganizations serviceOrgs;

    UserController(UserAdministration users, Roles roles, Enterprises enterprises, Departments departments,
                   ServiceOrganizations serviceOrgs) {
        this.users = users;
        this.roles = roles;
        this.enterprises = enterprises;
        this.departments = departments;
        this.serviceOrgs = serviceOrgs;
    }

    @GetMapping("/admin/users")
    String list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "1") int page, Model model) {
        model.addAttribute("result", users.search(q, new PageResult.Request(page, 30)));
        model.addAttribute("q", q);
        return "account/users";
    }

    @GetMapping("/admin/users/new")
    String form(Model model) {
        if (!model.containsAttribute("draft")) {
            model.addAttribute("draft", new UserAdministration.NewUser("", "", "", "ENTERPRISE", null, null, null, java.util.List.of(), ""));
        }
        model.addAttribute("roles", roles.all());
        model.addAttribute("enterprises", enterprises.search(Jurisdiction.platform(), Enterprises.Query.of(null),
                new PageResult.Request(1, 200)).items());
        model.addAttribute("departments", departments.under(""));
        model.addAttribute("serviceOrgs", serviceOrgs.all());
        return "account/user-form";
    }

    @PostMapping("/admin/users")
    String open(@ModelAttribute UserAdministration.NewUser draft, Model model, RedirectAttributes flash) {
        try {
            users.open(draft);
            flash.addFlashAttribute("message", "已开通账号：" + draft.username());
            return "redirect:/admin/users";
        } catch (DomainException e) {
            model.addAttribute("draft", draft);
            model.addAttribute("errors", e.fieldErrors());
            model.addAttribute("error", "账号未开通：" + e.getMessage());
            return form(model);
        }
    }

    @PostMapping("/admin/users/{id}/enabled")
    String enable(@PathVariable long id, @RequestParam boolean enabled, RedirectAttributes flash) {
        users.setEnabled(id, enabled);
        flash.addFlashAttribute("message", enabled ? "账号已启用" : "账号已停用，其 API 令牌已全部吊销");
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/users/{id}/unlock")
    String unlock(@PathVariable long id, RedirectAttributes flash) {
        users.unlock(id);
        flash.addFlashAttribute("message", "账号已解锁");
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/users/{id}/password/reset")
    String resetPassword(@PathVariable long id, Model model) {
        // answered with the page, not a redirect: the temporary password is shown this once and never rests in the session store
        try {
            model.addAttribute("temporary", users.resetPassword(id));
            model.addAttribute("message", "密码已重置：请把下面的临时密码当面或通过可靠渠道告知本人，本人登录后须立即修改；该账号原有的登录和 API 令牌已失效");
        } catch (DomainException e) {
            model.addAttribute("error", e.getMessage());
        }
        return list(null, 1, model);
    }

    @PostMapping("/admin/users/{id}/second-factor/reset")
    String resetSecondFactor(@PathVariable long id, RedirectAttributes flash) {
        try {
            String username = users.resetSecondFactor(id);
            flash.addFlashAttribute("message", "已重置 " + username + " 的双因素认证：该账号下次凭密码登录后须重新绑定（平台要求时）");
        } catch (DomainException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/users";
    }
}
