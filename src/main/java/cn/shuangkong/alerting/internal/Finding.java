package cn.shuangkong.alerting.internal;

import java.util.List;

/**
 * What a rule found about one subject: the enterprise it concerns, a key that names the subject (so that running the
 * rule again finds the alert already open), a one-line title, the evidence line by line, and the page to look at.
 */
public record Finding(long enterpriseId, String subjectKey, String title, List<String> evidence, String link) {
}
