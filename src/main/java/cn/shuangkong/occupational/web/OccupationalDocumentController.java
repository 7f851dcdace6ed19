package cn.shuangkong.occupational.web;

import cn.shuangkong.occupational.internal.NoticeCards;
import cn.shuangkong.shared.Actor;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * 职业病危害告知卡 (PDF) of a post at its page address for the session login (the API's address is {@link
 * OccupationalApi}'s, whose refusals are problem details); rendered to memory first, so that a refusal is a proper 404
 * and not a broken file.
 */
@Controller
@PreAuthorize("hasAuthority('occupational:read')")
class OccupationalDocumentController {

    private final NoticeCards cards;

    OccupationalDocumentController(NoticeCards cards) {
        this.cards = cards;
    }

    @GetMapping("/occupational/posts/{id}/notice-card.pdf")
    ResponseEntity<byte[]> noticeCard(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return card(cards.render(me.jurisdiction(), id), id);
    }

    /** The card as a PDF shown in the browser, named after the post's id. */
    static ResponseEntity<byte[]> card(byte[] pdf, long postId) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).header(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.inline().filename("职业病危害告知卡-" + postId + ".pdf", StandardCharsets.UTF_8).build().toString()).body(pdf);
    }
}
