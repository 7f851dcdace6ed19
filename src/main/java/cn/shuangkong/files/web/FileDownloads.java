package cn.shuangkong.files.web;

import cn.shuangkong.files.FileStore;
import cn.shuangkong.shared.Actor;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Serves a stored file to the pages (session login) with the same scope check as the API. */
@Controller
class FileDownloads {

    private final FileStore files;

    FileDownloads(FileStore files) {
        this.files = files;
    }

    @GetMapping("/files/{id}")
    ResponseEntity<byte[]> download(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return response(files, me, id);
    }

    static ResponseEntity<byte[]> response(FileStore files, Actor me, long id) {
        var download = files.download(me.jurisdiction(), id);
        var file = download.file();
        // Images show inline; everything else downloads, and nosniff stops a browser from guessing otherwise.
        var disposition = (file.contentType().startsWith("image/") || file.contentType().equals("application/pdf")
                ? ContentDisposition.inline() : ContentDisposition.attachment())
                .filename(file.originalName(), StandardCharsets.UTF_8).build();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.ETAG, "\"" + file.sha256() + "\"")
                .body(download.content());
    }
}
