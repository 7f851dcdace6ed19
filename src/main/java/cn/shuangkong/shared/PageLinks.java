package cn.shuangkong.shared;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Links to other pages of the current list that keep every filter of the current request. */
@Component("pageLinks")
public class PageLinks {

    /** One entry of a pager: a page number, its link, and whether it is the page being shown. */
    public record Link(String label, String url, boolean current) { }

    /** Previous, up to three pages either side of the current one, next. */
    public List<Link> of(PageResult<?> result) {
        List<Link> links = new ArrayList<>();
        if (result.page() > 1) links.add(new Link("‹ 上一页", to(result.page() - 1), false));
        for (int p : result.window()) links.add(new Link(String.valueOf(p), to(p), p == result.page()));
        if (result.page() < result.pages()) links.add(new Link("下一页 ›", to(result.page() + 1), false));
        return links;
    }

    /** Path and query only: a link built from the request's Host header would carry whatever host a client sent. */
    private static String to(int page) {
        return ServletUriComponentsBuilder.fromCurrentRequest().scheme(null).host(null).port(null)
                .replaceQueryParam("page", page).build().toUriString();
    }
}
