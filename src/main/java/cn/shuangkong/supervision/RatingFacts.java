package cn.shuangkong.supervision;

import cn.shuangkong.shared.Jurisdiction;

/**
 * The rating's published read model (ADR 0024): the current 企业整体风险等级 as a relation other modules compose into
 * their queries. {@code enterprises} names a relation of enterprises in the caller's query with a column {@code id}.
 */
public final class RatingFacts {

    private RatingFacts() { }

    /** {@code enterprise_id, level} (1 red … 4 blue) of the rated enterprises among them. */
    public static String levels(String enterprises) {
        return """
                select r.enterprise_id, case r.level when 'RED' then 1 when 'ORANGE' then 2 when 'YELLOW' then 3 when 'BLUE' then 4 end as level
                  from enterprise_rating r join %s on %1$s.id = r.enterprise_id""".formatted(enterprises);
    }

    /**
     * Enterprises per 企业整体风险等级 and area of a regulator's scope ({@link Jurisdiction#areaFilter} with alias
     * {@code a}): {@code region_code, red, orange, yellow, blue}. The overall level is the rating, or for an enterprise not
     * rated yet the highest level of its risk register; neither counts in none of the four. Kept per region and industry
     * from both (ADR 0035).
     */
    public static String levelsPerArea(Jurisdiction.SqlFilter area) {
        return """
                select a.region_code, sum(a.red) as red, sum(a.orange) as orange, sum(a.yellow) as yellow, sum(a.blue) as blue
                  from enterprise_level_area_facts a where\s""" + area.sql() + " group by a.region_code";
    }

    /**
     * The enterprises among them in the 驾驶舱's "riskiest first" order (ADR 0049): {@code enterprise_id, rank_level}
     * (the overall level 1 red … 4 blue, 5 none yet){@code , major_open, open} (the hazard register's open 重大隐患 and open
     * hazards). The caller orders by {@code rank_level, major_open desc, open desc, enterprise_id}, which is the order of
     * an index: a page of a province reads its own rows, not every enterprise. Its hazard counts are the register's only
     * (the rating's level reads what lower platforms reported, ADR 0055): the caller ranks those few enterprises from
     * their facts.
     */
    public static String riskiestFirst(String enterprises) {
        return """
                select r.enterprise_id, r.rank_level, r.major_open, r.open
                  from enterprise_rank_facts r join %s on %1$s.id = r.enterprise_id""".formatted(enterprises);
    }
}
