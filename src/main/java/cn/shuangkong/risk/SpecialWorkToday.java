package cn.shuangkong.risk;

import java.time.LocalDate;
import java.util.List;

/**
 * What an enterprise's 特殊作业票 say about one day, for the 安全风险研判与承诺公告: the commitment is filled from
 * the permits and checked against them. Implemented by the module that holds the permits; declared here so that the
 * risk module does not depend on it (the permits link risk points, so the dependency runs the other way).
 */
public interface SpecialWorkToday {

    /**
     * One kind and level of special work with how many permits of it were open (approved, not yet closed or
     * cancelled) at some moment of the day. {@code level} is the permit's level as the standard names it (特级, 一级,
     * 二级 for 动火; I–IV for 高处; …), or {@code null} for kinds without levels.
     */
    record OpenWork(DailyCommitments.SpecialOp kind, String level, int count) { }

    /** The enterprise's special work open on {@code day} (in the platform's zone), grouped by kind and level. */
    List<OpenWork> openOn(long enterpriseId, LocalDate day);
}
