package cn.shuangkong.shared;

import java.util.Map;
import org.springframework.ui.Model;

/**
 * A page form refused: the page is shown again with what was typed, which form it was, the refusal and each field's
 * message beside its field, so that nothing typed is lost (the templates read {@code form}, {@code formName},
 * {@code error} and {@code errors}).
 */
public final class FormRefusals {

    private FormRefusals() {
    }

    public static void keep(Model model, Map<String, String> form, String formName, DomainException e) {
        model.addAttribute("form", form);
        model.addAttribute("formName", formName);
        model.addAttribute("error", e.getMessage());
        model.addAttribute("errors", e.fieldErrors() == null ? Map.of() : e.fieldErrors());
    }
}
