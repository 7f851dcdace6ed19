package cn.shuangkong.hazard.internal;

import cn.shuangkong.hazard.HazardLevel;
import cn.shuangkong.hazard.Notices;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Rows;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Watches rectification deadlines by the application clock: reminds the responsible person three days ahead, and
 * marks a hazard 逾期 the day after its deadline and escalates it to the enterprise's managers (and, for a 重大隐患,
 * the regulators). Safe to run any number of times and on several instances: a hazard already marked is not
 * selected again, and rows another instance is working on are skipped. Its reads and marks are statements of its own,
 * each over all the hazards it concerns (ADR 0061): the sweep changes two flags, not a hazard's step, so it does not go
 * through {@code Hazard}'s transitions.
 */
@Component
public class HazardDeadlines {

    static final int REMIND_DAYS_AHEAD = 3;

    private final JdbcClient jdbc;
    private final Notices notices;
    private final Outbox outbox;
    private final Enterprises enterprises;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    HazardDeadlines(JdbcClient jdbc, Notices notices, Outbox outbox, Enterprises enterprises, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.notices = notices;
        this.outbox = outbox;
        this.enterprises = enterprises;
        this.events = events;
        this.clock = clock;
    }

    /** What one sweep did. */
    public record Sweep(int reminded, int escalated) { }

    /** What the sweep says of a hazard under rectification. */
    record Open(long id, long enterpriseId, String title, HazardLevel level, String responsible, LocalDate deadline) {
        boolean major() {
            return level == HazardLevel.MAJOR;
        }
    }

    /** A hazard whose 逾期 mark the sweep lifted. */
    record NotLate(long id, long enterpriseId, LocalDate deadline) { }

    private static final RowMapper<Open> OPEN = Rows.of(Open.class);

    private static final RowMapper<NotLate> NOT_LATE = Rows.of(NotLate.class);

    @Scheduled(cron = "${shuangkong.hazard.deadline-cron:0 */10 * * * *}")
    @SchedulerLock(name = "hazard-deadlines", lockAtMostFor = "PT9M", lockAtLeastFor = "PT1M")
    void scheduled() {
        sweep();
    }

    @Transactional
    public Sweep sweep() {
        LocalDate today = LocalDate.now(clock);
        Instant now = clock.instant();
        // 逾期: still under rectification after its deadline day
        List<Open> late = open("not overdue and deadline < :today", today, today);
        // Set-based: one update for the late ones, one for the reminded ones and one insert for all the notices (the
        // hazard read models' statement triggers then run once per kind of mark, not per hazard), each enterprise's name
        // and recipients read once; every escalation keeps its own audit record.
        if (!late.isEmpty()) {
            jdbc.sql("update hazard set overdue = true, escalated_at = :at where id = any(:ids)")
                    .param("ids", late.stream().map(Open::id).toArray(Long[]::new)).param("at", Timestamp.from(now)).update();
        }
        Map<Long, Enterprise> enterpriseOf = new HashMap<>();
        Map<Long, List<String>> managersOf = new HashMap<>(), regulatorsOf = new HashMap<>();
        List<Outbox.Outgoing> outgoing = new ArrayList<>();
        for (Open h : late) {
            var enterprise = enterpriseOf.computeIfAbsent(h.enterpriseId(), id -> enterprises.findUnscoped(id).orElseThrow());
            // a deadline set by a regulator (执法检查, 举报核查) may name no responsible account yet: the managers hear of it
            if (h.responsible() != null) {
                outgoing.add(new Outbox.Outgoing(List.of(h.responsible()), Notices.Kind.OVERDUE, h.id(),
                        "整改已逾期（期限 " + h.deadline() + "）：" + h.title()));
            }
            List<String> above = new ArrayList<>(managersOf.computeIfAbsent(h.enterpriseId(), notices::managersOf));
            if (h.major()) above.addAll(regulatorsOf.computeIfAbsent(h.enterpriseId(), outbox::regulatorsOf));
            above.remove(h.responsible());
            outgoing.add(new Outbox.Outgoing(above, Notices.Kind.ESCALATED, h.id(),
                    enterprise.name() + " 隐患整改逾期（期限 " + h.deadline() + "）：" + h.title()));
            events.publishEvent(new StateChanged("逾期升级", "hazard", String.valueOf(h.id()),
                    "整改期限 " + h.deadline() + " 已过，标记逾期并上报" + (h.major() ? "企业负责人和属地监管部门" : "企业负责人"),
                    h.enterpriseId(), enterprise.regionCode()));
        }
        List<Long> reminded = new ArrayList<>();
        for (Open h : open("not reminded and not overdue and deadline between :today and :horizon", today, today.plusDays(REMIND_DAYS_AHEAD))) {
            if (h.responsible() != null) {
                outgoing.add(new Outbox.Outgoing(List.of(h.responsible()), Notices.Kind.DUE_SOON, h.id(),
                        "整改将于 " + h.deadline() + " 到期：" + h.title()));
            }
            reminded.add(h.id());
        }
        if (!reminded.isEmpty()) {
            jdbc.sql("update hazard set reminded = true where id = any(:ids)").param("ids", reminded.toArray(Long[]::new)).update();
        }
        outbox.sendAll(outgoing);
        // 逾期 follows the deadline it was derived from: a mark whose deadline has not passed by the application clock
        // (made while the clock was ahead — a server clock corrected backwards, a test's clock moved back) is lifted, or
        // the 驾驶舱 and the 大屏, which read the mark, would say 逾期 where every date says otherwise.
        List<NotLate> notLate = jdbc.sql("""
                update hazard set overdue = false
                 where overdue and state not in ('CLOSED', 'REJECTED') and deadline >= :today
                returning id, enterprise_id, deadline
                """).param("today", today)
                .query(NOT_LATE).list();
        for (NotLate h : notLate) {
            var enterprise = enterpriseOf.computeIfAbsent(h.enterpriseId(), id -> enterprises.findUnscoped(id).orElseThrow());
            events.publishEvent(new StateChanged("撤销逾期", "hazard", String.valueOf(h.id()),
                    "整改期限 " + h.deadline() + " 未过（逾期标记时的时钟超前），撤销逾期标记", h.enterpriseId(), enterprise.regionCode()));
        }
        return new Sweep(reminded.size(), late.size());
    }

    /**
     * The hazards under rectification that meet the condition, locked for the sweep (rows another instance is sweeping
     * are skipped), by id.
     */
    private List<Open> open(String condition, LocalDate today, LocalDate horizon) {
        return jdbc.sql("select id, enterprise_id, title, level, responsible, deadline from hazard where state = 'RECTIFYING' and "
                        + condition + " order by id for update skip locked")
                .param("today", today).param("horizon", horizon)
                .query(OPEN).list();
    }
}
