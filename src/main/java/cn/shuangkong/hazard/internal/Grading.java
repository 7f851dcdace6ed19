package cn.shuangkong.hazard.internal;

import cn.shuangkong.hazard.HazardLevel;
import cn.shuangkong.hazard.MajorHazardCriteria;
import cn.shuangkong.shared.DomainException;

/**
 * How serious a hazard is and why: a hazard matched to a 判定标准 item is 重大 whatever was asked for, with the item
 * cited; a 重大 by judgement needs a written reason, so that every 重大 grade can be traced to a rule or a person.
 */
public record Grading(HazardLevel level, String criterionCode, String criterionText, String majorReason) {

    public static Grading general() {
        return new Grading(HazardLevel.GENERAL, null, null, null);
    }

    public static Grading byCriterion(MajorHazardCriteria.Criterion c) {
        return new Grading(HazardLevel.MAJOR, c.code(), c.citation(), null);
    }

    public static Grading byJudgement(String reason) {
        return of(HazardLevel.MAJOR, null, reason);
    }

    /** Grades from a form or an API call; the criterion, when given, has already been looked up in the library. */
    public static Grading of(HazardLevel requested, MajorHazardCriteria.Criterion criterion, String reason) {
        if (criterion != null) {
            return byCriterion(criterion);
        }
        if (requested == HazardLevel.MAJOR) {
            if (reason == null || reason.isBlank()) {
                throw DomainException.invalid("majorReason", "判定为重大隐患须引用判定标准条款，或写明判定理由");
            }
            return new Grading(HazardLevel.MAJOR, null, null, reason.strip());
        }
        return general();
    }

    public boolean major() {
        return level == HazardLevel.MAJOR;
    }
}
