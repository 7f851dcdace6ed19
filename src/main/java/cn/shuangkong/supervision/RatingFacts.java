package cn.shuangkong.supervision;

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
}
