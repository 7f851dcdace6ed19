package cn.shuangkong.inspection;

import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.risk.RiskFacts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.files.FileKind;
import cn.shuangkong.files.FileStore;
import cn.shuangkong.files.StoredFile;
import cn.shuangkong.hazard.EvidencePhotos;
import cn.shuangkong.hazard.HazardPhotos;
import cn.shuangkong.hazard.HazardRegister;
import cn.shuangkong.hazard.HazardReport;
import cn.shuangkong.hazard.HazardSource;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Doing inspections: checking in at a risk point, then submitting one record that answers its open tasks. An 异常
 * answer registers a hazard (source 企业自查) with the risk point and the failed measure's check in its description.
 * Records are immutable once submitted (a database trigger enforces it).
 */
@Service
public class Inspections {

    /** 正常 / 异常 / 不涉及. */
    public enum Result {
        NORMAL("正常"), ABNORMAL("异常"), NOT_APPLICABLE("不涉及");
        public final String label;
        Result(String label) { this.label = label; }
    }

    /** One answer as submitted; the photo is optional, and checked to be a real image. */
    public record Answer(long taskId, Result result, String note, String photoName, byte[] photo) { }

    /** A submission: where, answers, where the phone was (if it said), and the client's key for safe retries. */
    public record Submission(long riskPointId, Long checkinId, List<Answer> answers, BigDecimal latitude, BigDecimal longitude,
                             String clientKey) { }

    /** What was recorded, with the hazards it opened and any evidence photo seen before. */
    public record Outcome(long recordId, boolean created, List<Long> hazardIds, List<Long> reusedPhotoTaskIds) { }

    private final JdbcClient jdbc;
    private final InspectionTasks tasks;
    private final HazardRegister hazards;
    private final FileStore files;
    private final EvidencePhotos evidence;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Inspections(JdbcClient jdbc, InspectionTasks tasks, HazardRegister hazards, FileStore files,
                ApplicationEventPublisher events, Clock clock, EvidencePhotos evidence) {
        this.evidence = evidence;
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.hazards = hazards;
        this.files = files;
        this.events = events;
        this.clock = clock;
    }

    /** 扫码签到: the time (server's) someone arrived at a risk point, by its QR code or from the task list. */
    @Transactional
    public long checkIn(Actor me, long riskPointId, boolean viaQr) {
        riskPointOf(me, riskPointId);
        return jdbc.sql("insert into inspection_checkin (risk_point_id, username, at, via) values (:p, :u, :at, :via) returning id")
                .param("p", riskPointId).param("u", me.username()).param("at", java.sql.Timestamp.from(clock.instant()))
                .param("via", viaQr ? "QR" : "LIST").query(Long.class).single();
    }

    @Transactional
    public Outcome submit(Actor me, Submission s) {
        long enterpriseId = riskPointOf(me, s.riskPointId());
        // Submissions at one risk point take turns until the first commits (ADR 0084): a phone resending while its first
        // was still saving, or two inspectors answering one task, once both found the key unused and the tasks open and
        // both inserted, and the second broke a unique index (a raw conflict). The second now finds the first's record
        // (the same key: that record is the answer) or the tasks done (told so in words).
        TransactionLocks.waitFor(jdbc, "inspection-submit:" + s.riskPointId());
        String key = s.clientKey() == null || s.clientKey().isBlank() ? null : s.clientKey().strip();
        if (key != null) {
            Optional<Long> earlier = jdbc.sql("select id from inspection_record where enterprise_id = :e and client_key = :k")
                    .param("e", enterpriseId).param("k", key).query(Long.class).optional();
            if (earlier.isPresent()) return new Outcome(earlier.get(), false, List.of(), List.of());
        }
        Map<Long, InspectionTasks.Task> open = tasks.openAt(me, s.riskPointId()).stream()
                .collect(Collectors.toMap(InspectionTasks.Task::id, t -> t));
        Map<String, String> errors = new LinkedHashMap<>();
        if (s.answers() == null || s.answers().isEmpty()) errors.put("answers", "请至少回答一项排查内容");
        else for (Answer a : s.answers()) {
            String field = "answers[" + a.taskId() + "]";
            if (!open.containsKey(a.taskId())) errors.put(field, "该任务不是您在此风险点的待办任务（可能已完成或已逾期）");
            else if (a.result() == null) errors.put(field, "请选择 正常 / 异常 / 不涉及");
            else if (a.result() == Result.ABNORMAL && (a.note() == null || a.note().isBlank())) {
                errors.put(field, "异常须写明发现的问题");
            }
        }
        if (!errors.isEmpty()) {
            throw new DomainException(HttpStatus.BAD_REQUEST, "排查记录未提交：" + String.join("；", errors.values()), errors);
        }
        Instant now = clock.instant();
        Instant checkedIn = s.checkinId() == null ? null : jdbc.sql(
                "select at from inspection_checkin where id = :c and username = :u and risk_point_id = :p")
                .param("c", s.checkinId()).param("u", me.username()).param("p", s.riskPointId()).query(Instant.class).optional().orElse(null);
        long recordId = jdbc.sql("""
                insert into inspection_record (enterprise_id, risk_point_id, checkin_id, inspector, inspector_name, checked_in_at,
                                               submitted_at, latitude, longitude, client_key)
                values (:e, :p, :c, :u, :n, :in, :at, :lat, :lon, :k) returning id
                """).param("e", enterpriseId).param("p", s.riskPointId()).param("c", checkedIn == null ? null : s.checkinId())
                .param("u", me.username()).param("n", me.displayName())
                .param("in", checkedIn == null ? null : java.sql.Timestamp.from(checkedIn)).param("at", java.sql.Timestamp.from(now))
                .param("lat", s.latitude()).param("lon", s.longitude()).param("k", key).query(Long.class).single();
        // Photos first, then every abnormal answer's hazard in one registration (set-based: the hazard and risk point
        // read models' statement triggers run once per patrol, not once per abnormal item), then the answers.
        List<StoredFile> photos = new java.util.ArrayList<>();
        List<HazardRegister.Found> findings = new java.util.ArrayList<>();
        for (Answer a : s.answers()) {
            InspectionTasks.Task task = open.get(a.taskId());
            photos.add(a.photo() == null || a.photo().length == 0 ? null
                    : files.store(me, enterpriseId, FileKind.Purpose.PHOTO, a.photoName(), a.photo()));
            if (a.result() == Result.ABNORMAL) {
                var report = new HazardReport(HazardSource.SELF_CHECK, HazardType.UNSAFE_CONDITION, task.riskPointId(),
                        "排查异常：" + shorten(task.checkContent(), 60),
                        a.note().strip() + "\n（排查内容：" + task.checkContent() + "；管控措施 #" + task.measureId() + "）",
                        task.riskPointName() + (task.location() == null ? "" : "，" + task.location()), now,
                        "inspection-" + recordId + "-" + a.taskId(), task.measureId());
                findings.add(new HazardRegister.Found(report, null, photos.get(photos.size() - 1) == null ? null : HazardPhotos.Upload.of(a.photo())));
            }
        }
        var registered = hazards.registerFindings(me, enterpriseId, findings).iterator();
        List<Long> hazardIds = new java.util.ArrayList<>();
        List<Long> reused = new java.util.ArrayList<>();
        for (int i = 0; i < s.answers().size(); i++) {
            Answer a = s.answers().get(i);
            StoredFile photo = photos.get(i);
            Long hazardId = a.result() == Result.ABNORMAL ? registered.next().hazard().id() : null;
            if (hazardId != null) hazardIds.add(hazardId);
            // The same picture already evidence of an unrelated record is flagged on both (not the hazard it opened).
            boolean photoReused = photo != null
                    && !evidence.register(photo.sha256(), "inspection_record", recordId, hazardId, enterpriseId, me.username()).isEmpty();
            if (photoReused) reused.add(a.taskId());
            jdbc.sql("""
                    insert into inspection_answer (record_id, task_id, result, note, photo_id, photo_reused, hazard_id)
                    values (:r, :t, :res, :note, :photo, :reused, :h)
                    """).param("r", recordId).param("t", a.taskId()).param("res", a.result().name())
                    .param("note", a.note() == null || a.note().isBlank() ? null : a.note().strip())
                    .param("photo", photo == null ? null : photo.id()).param("reused", photoReused).param("h", hazardId).update();
        }
        // One statement for the record's tasks, not one per answer: the read models' statement triggers on
        // inspection_task (V165, cascading into V225/V235/V237) then run once per patrol, not once per item answered.
        jdbc.sql("update inspection_task set status = 'DONE', done_at = :at, record_id = :r where id = any(:t) and status = 'PENDING'")
                .param("at", java.sql.Timestamp.from(now)).param("r", recordId)
                .param("t", s.answers().stream().map(Answer::taskId).toArray(Long[]::new)).update();
        long abnormal = s.answers().stream().filter(a -> a.result() == Result.ABNORMAL).count();
        events.publishEvent(new StateChanged("提交排查记录", "inspection_record", String.valueOf(recordId),
                open.get(s.answers().get(0).taskId()).riskPointName() + "：" + s.answers().size() + " 项，异常 " + abnormal + " 项"
                        + (checkedIn == null ? "（未签到）" : ""), enterpriseId, null));
        return new Outcome(recordId, true, hazardIds, reused);
    }

    /** A submitted record as its page shows it. */
    public record View(long id, String riskPointName, String inspectorName, Instant checkedInAt, Instant submittedAt,
                       List<AnswerView> answers) { }

    public record AnswerView(String checkContent, Result result, String note, Long photoId, boolean photoReused, Long hazardId) { }

    /** A record in the viewer's scope, or a 404. */
    public View view(cn.shuangkong.shared.Jurisdiction scope, long recordId) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql("""
                select r.id, p.name, r.inspector_name, r.checked_in_at, r.submitted_at from inspection_record r
                  join (%s) p on p.id = r.risk_point_id join (%s) e on e.id = r.enterprise_id
                 where r.id = :id and %s""".formatted(RiskFacts.points(), OrganizationFacts.enterprises(), f.sql())).params(f.params()).param("id", recordId)
                .query((rs, n) -> new View(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
                        jdbc.sql("""
                                select m.check_content, a.result, a.note, a.photo_id, a.photo_reused, a.hazard_id from inspection_answer a
                                  join inspection_task t on t.id = a.task_id join (%s) m on m.id = t.measure_id
                                 where a.record_id = :r order by a.id""".formatted(RiskFacts.measures())).param("r", recordId).query(AnswerView.class).list()))
                .optional().orElseThrow(() -> DomainException.notFound("排查记录"));
    }

    /** One answer of a submitted record, as 数据上报 maps it to the national model's 隐患排查记录 (one per task answered). */
    public record AnswerFact(long id, long measureId, Result result, Instant submittedAt, String inspector, Long hazardId) { }

    /**
     * An enterprise's answers after {@code afterId}, oldest first: records never change once submitted, so a reader
     * that keeps the last id it has seen reads each answer once.
     */
    public List<AnswerFact> answersAfter(long enterpriseId, long afterId, int limit) {
        return jdbc.sql("""
                select a.id, t.measure_id, a.result, r.submitted_at, r.inspector, a.hazard_id from inspection_answer a
                  join inspection_record r on r.id = a.record_id join inspection_task t on t.id = a.task_id
                 where r.enterprise_id = :e and a.id > :after order by a.id limit :limit
                """).param("e", enterpriseId).param("after", afterId).param("limit", limit).query(AnswerFact.class).list();
    }

    /** A risk point of the actor's own enterprise, as a choice in a form. */
    public record PointChoice(long id, String label) { }

    /** The actor's own enterprise's risk points by code (none for an account of no enterprise), for the outage form. */
    public List<PointChoice> points(Actor me) {
        if (me.enterpriseId() == null) return List.of();
        return jdbc.sql("select p.id, p.code || ' ' || p.name as label from (%s) p where p.enterprise_id = :e order by p.code"
                .formatted(RiskFacts.points())).param("e", me.enterpriseId()).query(PointChoice.class).list();
    }

    /** The name of a risk point the actor may inspect, or a 404. */
    public String pointName(Actor me, long riskPointId) {
        return jdbc.sql("select p.name from (%s) p where p.id = :p and p.enterprise_id = :e".formatted(RiskFacts.points()))
                .param("p", riskPointId).param("e", me.enterpriseId()).query(String.class).optional()
                .orElseThrow(() -> DomainException.notFound("风险点"));
    }

    /** The enterprise of a risk point the actor may inspect (their own enterprise's), or a 404. */
    private long riskPointOf(Actor me, long riskPointId) {
        return jdbc.sql("select p.enterprise_id from (%s) p where p.id = :p".formatted(RiskFacts.points())).param("p", riskPointId).query(Long.class).optional()
                .filter(e -> e.equals(me.enterpriseId()))
                .orElseThrow(() -> DomainException.notFound("风险点"));
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
