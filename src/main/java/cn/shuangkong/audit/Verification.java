package cn.shuangkong.audit;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of checking the chain: how many records were walked, the first whose hash or link does not hold, and
 * every finding in Chinese (a broken record, a missing tail, a record that disagrees with its anchor, a bad anchor
 * signature, a disabled trigger). Intact only without findings.
 *
 * @param reason       the first finding, the one a person should look at first
 * @param anchors      signed anchors checked against the chain
 * @param lastAnchorAt when the newest anchor was written
 * @param unanchored   records newer than the newest anchor (changed by a recomputation, they could only be caught
 *                     by the next anchor)
 */
public record Verification(boolean intact, long checked, Long firstBrokenId, String reason, List<String> findings,
                           int anchors, Instant lastAnchorAt, long unanchored) {

    static Verification of(long checked, Long firstBrokenId, List<String> findings, int anchors, Instant lastAnchorAt, long unanchored) {
        return new Verification(findings.isEmpty(), checked, firstBrokenId, findings.isEmpty() ? null : findings.get(0),
                List.copyOf(findings), anchors, lastAnchorAt, unanchored);
    }
}
