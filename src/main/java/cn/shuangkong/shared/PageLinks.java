package cn.shuangkong.shared;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Links to another page of the current list that keep every filter of the current request. */
@Component("pageLinks")
public class PageLinks {

    public String to(int page) {
        return ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page", page).build().toUriString();
    }
}
