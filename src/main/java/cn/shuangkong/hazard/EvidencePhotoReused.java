package cn.shuangkong.hazard;

import java.time.Instant;

/**
 * Published by {@code hazard} when a photo (same SHA-256) shows up as evidence of a record unrelated to the one that
 * used it first — another hazard, another inspection or checklist record — so that other modules (a regulator's
 * alert centre, an enterprise's credit score) can react. Both records carry the flag.
 *
 * @param recordType  "hazard", "inspection_record" or "checklist_record": the record the photo was just added to
 * @param otherType   the record that used the same picture before
 */
public record EvidencePhotoReused(String sha256, long enterpriseId, String recordType, long recordId, String otherType,
                                  long otherId, String uploadedBy, Instant detectedAt) {
}
