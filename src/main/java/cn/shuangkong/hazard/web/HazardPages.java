package cn.shuangkong.hazard.web;

import cn.shuangkong.hazard.HazardLevel;
import cn.shuangkong.hazard.HazardPhotos;
import cn.shuangkong.hazard.HazardSource;
import cn.shuangkong.hazard.HazardState;
import cn.shuangkong.hazard.HazardType;
import java.io.IOException;
import java.util.Arrays;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * What the hazard pages share: the words their filters and forms choose from, and how a form's photo and choices are read.
 */
@ControllerAdvice(assignableTypes = {HazardController.class, HazardReportController.class, HazardLedgerController.class,
        InboxController.class})
class HazardPages {

    @ModelAttribute
    void vocabulary(Model model) {
        model.addAttribute("states", HazardState.values());
        model.addAttribute("levels", HazardLevel.values());
        model.addAttribute("sources", HazardSource.values());
        model.addAttribute("types", HazardType.values());
    }

    /** A form's photo, or null when none was chosen (the browser still sends an empty part). */
    static HazardPhotos.Upload upload(MultipartFile file) throws IOException {
        return file == null || file.isEmpty() ? null : HazardPhotos.Upload.of(file.getBytes());
    }

    /** A choice by its name, or null when blank or unknown: the service then refuses it as missing, in Chinese. */
    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null || value.isBlank()) return null;
        return Arrays.stream(type.getEnumConstants()).filter(c -> c.name().equals(value)).findFirst().orElse(null);
    }
}
