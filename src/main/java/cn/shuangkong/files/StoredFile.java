package cn.shuangkong.files;

import java.time.Instant;

/** A file as the platform keeps it: what it is (sniffed), how big, its SHA-256, who uploaded it and when (server time). */
public record StoredFile(long id, String sha256, String contentType, long sizeBytes, String originalName,
                         String uploadedBy, Instant uploadedAt, Long enterpriseId, String purpose) {
}
