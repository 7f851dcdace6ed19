package cn.shuangkong.files.web;

import cn.shuangkong.files.FileKind;
import cn.shuangkong.files.FileStore;
import cn.shuangkong.files.StoredFile;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@Tag(name = "文件", description = "上传照片、平面图、文档；按内容识别类型，记录 SHA-256")
@RestController
class FileApi {

    private final FileStore files;

    FileApi(FileStore files) {
        this.files = files;
    }

    @Operation(summary = "上传文件", description = "purpose: PHOTO / SITE_PLAN / DOCUMENT / SPREADSHEET / ATTACHMENT；企业账号上传的文件归属本企业")
    @PostMapping(path = "/api/v1/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<StoredFile> upload(@AuthenticationPrincipal Actor me, @RequestParam("file") MultipartFile file,
                                      @RequestParam(defaultValue = "ATTACHMENT") FileKind.Purpose purpose) throws IOException {
        StoredFile stored = files.store(me, me.enterpriseId(), purpose, file.getOriginalFilename(), file.getBytes());
        return ResponseEntity.created(URI.create("/api/v1/files/" + stored.id())).body(stored);
    }

    @Operation(summary = "文件元数据")
    @GetMapping("/api/v1/files/{id}")
    StoredFile meta(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return files.findVisible(me.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("文件"));
    }

    @Operation(summary = "下载文件内容")
    @GetMapping("/api/v1/files/{id}/content")
    ResponseEntity<byte[]> content(@AuthenticationPrincipal Actor me, @PathVariable long id) {
        return FileDownloads.response(files, me, id);
    }
}
