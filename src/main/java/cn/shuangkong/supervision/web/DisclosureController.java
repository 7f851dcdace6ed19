package cn.shuangkong.supervision.web;

import cn.shuangkong.organization.Regions;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.PageResult;
import cn.shuangkong.supervision.internal.Disclosure;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** 执法信息公示: the public, read-only page of enforcement decisions, the 黑名单 and the year's 双随机 results. */
@Controller
class DisclosureController {

    /** The three parts of the page. */
    enum Section { DECISIONS, BLACKLIST, DRAWS }

    private static final int FIRST_YEAR = 2016; // the dual-prevention documents this platform follows date from 2016

    private final Disclosure disclosure;
    private final Regions regions;
    private final DisclosureThrottle throttle;
    private final Clock clock;

    DisclosureController(Disclosure disclosure, Regions regions, DisclosureThrottle throttle, Clock clock) {
        this.disclosure = disclosure;
        this.regions = regions;
        this.throttle = throttle;
        this.clock = clock;
    }

    @GetMapping("/public/disclosure")
    String page(@RequestParam(defaultValue = "DECISIONS") Section section, @RequestParam(required = false) String region,
                @RequestParam(required = false) Integer year, @RequestParam(defaultValue = "1") int page,
                HttpServletRequest request, Model model) {
        throttle.admit(request.getRemoteAddr());
        int thisYear = LocalDate.now(clock).getYear();
        int y = year == null ? thisYear : year;
        if (y < FIRST_YEAR || y > thisYear) throw DomainException.invalid("year", "年份应在 " + FIRST_YEAR + " 至 " + thisYear + " 之间");
        List<cn.shuangkong.organization.Region> towns = new ArrayList<>();
        for (var root : regions.roots()) towns.addAll(regions.townsUnder(root.code()));
        String r = region == null || region.isBlank() ? null : region.strip();
        if (r != null && towns.stream().noneMatch(t -> t.code().equals(r)) && regions.roots().stream().noneMatch(t -> t.code().equals(r))) {
            throw DomainException.invalid("region", "请选择列表中的乡镇（街道、园区）");
        }
        var request20 = new PageResult.Request(page, 20);
        model.addAttribute("section", section);
        model.addAttribute("region", r);
        model.addAttribute("year", y);
        model.addAttribute("years", IntStream.rangeClosed(FIRST_YEAR, thisYear).boxed().sorted(java.util.Comparator.reverseOrder()).toList());
        model.addAttribute("towns", towns);
        model.addAttribute("today", LocalDate.now(clock));
        model.addAttribute("result", switch (section) {
            case DECISIONS -> disclosure.decisions(r, y, request20);
            case BLACKLIST -> disclosure.blacklist(r, y, request20);
            case DRAWS -> disclosure.draws(r, y, request20);
        });
        return "public/disclosure";
    }
}
