package cn.shuangkong.inspection.internal;

import cn.shuangkong.access.AccessFacts;
import cn.shuangkong.access.PermissionHolders;
import cn.shuangkong.files.FileKind;
import cn.shuangkong.files.FileStore;
import cn.shuangkong.files.StoredFile;
import cn.shuangkong.hazard.EvidencePhotos;
import cn.shuangkong.hazard.HazardLevel;
import cn.shuangkong.hazard.HazardPhotos;
import cn.shuangkong.hazard.HazardRegister;
import cn.shuangkong.hazard.HazardRegister.GradingInput;
import cn.shuangkong.hazard.HazardReport;
import cn.shuangkong.hazard.HazardSource;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.hazard.MajorHazardCriteria;
import cn.shuangkong.hazard.Notices;
import cn.shuangkong.inspection.Inspections;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Rows;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 排查清单 for 综合 / 专业 / 季节性 / 节假日 / 事故类比 inspections: built-in and the enterprise's own checklists, an
 * inspection launched from one (area, due date, the people who do it), and its record — answered item by item on a
 * phone like a task, immutable once submitted. An 异常 opens a hazard; on an item that cites a 判定标准 item the
 * hazard is 重大 with that item cited.
 */
@Service
public class Checklists {

    /** 综合 / 专业 / 季节性 / 节假日 / 事故类比. */
    public enum Kind {
        COMPREHENSIVE("综合检查"), SPECIALIZED("专业检查"), SEASONAL("季节性检查"), HOLIDAY("节假日检查"), ACCIDENT_ANALOGY("事故类比检查");
        public final String label;
        Kind(String label) { this.label = label; }
        public String label() { return label; }
    }

    public record Item(long id, int seq, String content, String criterionCode, String criterionText) { }

    public record Checklist(long id, Long enterpriseId, Kind kind, String name, String description, int items, String createdBy,
                            Instant createdAt) {
        public boolean builtIn() { return enterpriseId == null; }
    }

    /** An item as written on the form: what to check, and the 判定标准 item it cites (if any). */
    public record ItemInput(String content, String criterionCode) { }

    /** A launched inspection, with its people and, once done, its record. */
    public record Run(long id, long enterpriseId, String enterpriseName, long checklistId, String checklistName, Kind kind,
                      String title, String area, LocalDate dueOn, String launchedBy, Instant launchedAt, String status,
                      Instant doneAt, String assignees, Long recordId) {
        public boolean open() { return "OPEN".equals(status); }
        public boolean overdue(LocalDate today) { return open() && dueOn.isBefore(today); }
    }

    /** One answer as submitted; {@code location} says where an 异常 was found (default: the inspection's area). */
    public record Answer(long itemId, Inspections.Result result, String note, String location, String photoName, byte[] photo) { }

    /** One answer as recorded, with the hazard it opened. */
    public record RecordedAnswer(long itemId, int seq, String content, String criterionCode, Inspections.Result result, String note,
                                 String location, Long photoId, Long hazardId) { }

    public record Record(long id, String inspector, String inspectorName, Instant submittedAt, List<RecordedAnswer> answers) { }

    public record Outcome(long recordId, boolean created, List<Long> hazardIds) { }

    private final JdbcClient jdbc;
    private final HazardRegister hazards;
    private final MajorHazardCriteria criteria;
    private final FileStore files;
    private final Notices notices;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final EvidencePhotos evidence;

    private final cn.shuangkong.organization.Enterprises enterprises;
    private final PermissionHolders holders;

    Checklists(JdbcClient jdbc, HazardRegister hazards, MajorHazardCriteria criteria, FileStore files, Notices notices,
               ApplicationEventPublisher events, Clock clock, EvidencePhotos evidence, cn.shuangkong.organization.Enterprises enterprises,
               PermissionHolders holders) {
        this.enterprises = enterprises;
        this.holders = holders;
        this.evidence = evidence;
        this.jdbc = jdbc;
        this.hazards = hazards;
        this.criteria = criteria;
        this.files = files;
        this.notices = notices;
        this.events = events;
        this.clock = clock;
    }

    private static final String CHECKLIST = """
            select c.id, c.enterprise_id, c.kind, c.name, c.description,
                   (select count(*) from checklist_item i where i.checklist_id = c.id) as items, c.created_by, c.created_at
              from checklist c""";

    /** The built-in checklists and the enterprise's own. */
    public List<Checklist> available(Actor me) {
        return jdbc.sql(CHECKLIST + " where c.enterprise_id is null or c.enterprise_id = :e order by c.enterprise_id nulls first, c.id")
                .param("e", me.enterpriseId()).query(Checklist.class).list();
    }

    public Checklist checklist(Actor me, long id) {
        return jdbc.sql(CHECKLIST + " where c.id = :id and (c.enterprise_id is null or c.enterprise_id = :e)")
                .param("id", id).param("e", me.enterpriseId()).query(Checklist.class).optional()
                .orElseThrow(() -> DomainException.notFound("排查清单"));
    }

    /** The items as written, citing the 判定标准 items stored with them. */
    public List<Item> items(long checklistId) {
        return items(checklistId, null);
    }

    /**
     * The items as one enterprise uses them: a built-in checklist serves 化工 and 工贸 enterprises alike, so each of its
     * citations is read in the enterprise's own standard (see {@link MajorHazardCriteria#forIndustry}); an
     * enterprise's own checklist cites what the enterprise chose.
     */
    public List<Item> items(long checklistId, Long enterpriseId) {
        boolean builtIn = jdbc.sql("select enterprise_id is null from checklist where id = :c").param("c", checklistId)
                .query(Boolean.class).optional().orElse(false);
        String industry = enterpriseId == null || !builtIn ? null
                : enterprises.findUnscoped(enterpriseId).map(cn.shuangkong.organization.Enterprise::industryCode).orElse(null);
        return jdbc.sql("select id, seq, content, criterion_code from checklist_item where checklist_id = :c order by seq")
                .param("c", checklistId)
                .query((rs, i) -> { // by hand for its rule: the criterion cited is the one of the enterprise's industry
                    var c = industry == null ? criteria.find(rs.getString(4)) : criteria.forIndustry(rs.getString(4), industry);
                    return new Item(rs.getLong(1), rs.getInt(2), rs.getString(3), c.map(MajorHazardCriteria.Criterion::code).orElse(null),
                            c.map(MajorHazardCriteria.Criterion::citation).orElse(null));
                }).list();
    }

    /** The enterprise's own checklist; items citing a 判定标准 item must name one that exists. */
    @Transactional
    public long create(Actor me, Kind kind, String name, String description, List<ItemInput> items) {
        requireWriter(me);
        Map<String, String> errors = new LinkedHashMap<>();
        if (kind == null) errors.put("kind", "请选择检查类型");
        if (name == null || name.isBlank()) errors.put("name", "请填写清单名称");
        else if (name.strip().length() > 100) errors.put("name", "清单名称不能超过 100 字");
        List<ItemInput> filled = items == null ? List.of() : items.stream().filter(i -> i.content() != null && !i.content().isBlank()).toList();
        if (filled.isEmpty()) errors.put("items", "请至少填写一项检查内容");
        for (int i = 0; i < filled.size(); i++) {
            ItemInput item = filled.get(i);
            if (item.content().strip().length() > 500) errors.put("items[" + i + "]", "第 " + (i + 1) + " 项超过 500 字");
            if (item.criterionCode() != null && !item.criterionCode().isBlank() && criteria.find(item.criterionCode()).isEmpty()) {
                errors.put("items[" + i + "]", "第 " + (i + 1) + " 项引用了未知的判定标准条款：" + item.criterionCode());
            }
        }
        if (!errors.isEmpty()) throw new DomainException(HttpStatus.BAD_REQUEST, "排查清单未保存：" + String.join("；", errors.values()), errors);
        long id = jdbc.sql("""
                insert into checklist (enterprise_id, kind, name, description, created_by, created_at)
                values (:e, :k, :n, :d, :by, :at) returning id""").param("e", me.enterpriseId()).param("k", kind.name())
                .param("n", name.strip()).param("d", description == null || description.isBlank() ? null : description.strip())
                .param("by", me.username()).param("at", Timestamp.from(clock.instant())).query(Long.class).single();
        for (int i = 0; i < filled.size(); i++) {
            String code = filled.get(i).criterionCode();
            jdbc.sql("insert into checklist_item (checklist_id, seq, content, criterion_code) values (:c, :s, :t, :code)")
                    .param("c", id).param("s", i + 1).param("t", filled.get(i).content().strip())
                    .param("code", code == null || code.isBlank() ? null : code.strip()).update();
        }
        events.publishEvent(new StateChanged("新建排查清单", "checklist", String.valueOf(id),
                kind.label + "：" + name.strip() + "（" + filled.size() + " 项）", me.enterpriseId(), null));
        return id;
    }

    /** People of the enterprise who may be given an inspection: enabled accounts allowed to do inspections. */
    public List<Map.Entry<String, String>> inspectors(long enterpriseId) {
        return holders.ofEnterpriseNamed(enterpriseId, "inspection:task:do").stream()
                .map(h -> Map.entry(h.username(), h.displayName())).toList();
    }

    /** Launches an inspection from a checklist and tells the people who do it (inbox and e-mail). */
    @Transactional
    public long launch(Actor me, long checklistId, String title, String area, LocalDate dueOn, List<String> assignees) {
        requireWriter(me);
        Checklist c = checklist(me, checklistId);
        Map<String, String> errors = new LinkedHashMap<>();
        if (area == null || area.isBlank()) errors.put("area", "请填写检查范围或部位");
        if (dueOn == null) errors.put("dueOn", "请选择完成期限");
        else if (dueOn.isBefore(LocalDate.now(clock))) errors.put("dueOn", "完成期限不能早于今天");
        List<String> people = assignees == null ? List.of() : assignees.stream().filter(a -> a != null && !a.isBlank()).map(String::strip).distinct().toList();
        var inspectors = inspectors(me.enterpriseId());
        var allowed = inspectors.stream().map(Map.Entry::getKey).toList();
        if (people.isEmpty()) errors.put("assignees", "请至少指派一名检查人员");
        else if (!allowed.containsAll(people)) errors.put("assignees", "检查人员须是本企业可执行排查的在岗账号");
        if (!errors.isEmpty()) throw new DomainException(HttpStatus.BAD_REQUEST, "检查未下达：" + String.join("；", errors.values()), errors);
        String name = title == null || title.isBlank() ? c.name() + "（" + LocalDate.now(clock) + "）" : title.strip();
        long id = jdbc.sql("""
                insert into checklist_inspection (enterprise_id, checklist_id, title, area, due_on, launched_by, launched_at)
                values (:e, :c, :t, :a, :d, :by, :at) returning id""").param("e", me.enterpriseId()).param("c", c.id())
                .param("t", name.length() > 120 ? name.substring(0, 120) : name).param("a", area.strip()).param("d", dueOn)
                .param("by", me.username()).param("at", Timestamp.from(clock.instant())).query(Long.class).single();
        for (String p : people) {
            jdbc.sql("insert into checklist_assignee (inspection_id, username) values (:i, :u)").param("i", id).param("u", p).update();
        }
        notices.notify(people, Notices.Kind.CHECKLIST, "/inspection/checklists/runs/" + id,
                "请在 " + dueOn + " 前完成" + c.kind().label + "：" + name + "（" + area.strip() + "）");
        events.publishEvent(new StateChanged("下达专项检查", "checklist_inspection", String.valueOf(id),
                name + "，范围：" + area.strip() + "，期限：" + dueOn + "，检查人员："
                        + String.join("、", inspectors.stream().filter(i -> people.contains(i.getKey())).map(Map.Entry::getValue).toList()),
                me.enterpriseId(), null));
        return id;
    }

    private static final String RUN = """
            select r.id, r.enterprise_id, e.name as enterprise_name, r.checklist_id, c.name as checklist_name, c.kind, r.title, r.area,
                   r.due_on, r.launched_by, r.launched_at, r.status, r.done_at,
                   (select string_agg(coalesce(a.display_name, x.username), '、' order by x.username) from checklist_assignee x
                      left join (%s) a on a.username = x.username where x.inspection_id = r.id) as assignees,
                   (select k.id from checklist_record k where k.inspection_id = r.id) as record_id
              from checklist_inspection r join checklist c on c.id = r.checklist_id join (%s) e on e.id = r.enterprise_id"""
            .formatted(AccessFacts.accounts(), OrganizationFacts.enterprises());

    /** Inspections in scope, newest first. */
    public List<Run> runs(Jurisdiction scope, int limit) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(RUN + " where " + f.sql() + " order by r.status desc, r.due_on, r.id desc limit :n").params(f.params())
                .param("n", limit).query(Run.class).list();
    }

    /** Open inspections this person was given. */
    public List<Run> assignedTo(Actor me) {
        return jdbc.sql(RUN + " where r.status = 'OPEN' and exists (select 1 from checklist_assignee x where x.inspection_id = r.id and x.username = :u) order by r.due_on, r.id")
                .param("u", me.username()).query(Run.class).list();
    }

    public Run run(Jurisdiction scope, long id) {
        var f = scope.enterpriseFilter("e");
        return jdbc.sql(RUN + " where r.id = :id and " + f.sql()).params(f.params()).param("id", id).query(Run.class).optional()
                .orElseThrow(() -> DomainException.notFound("专项检查"));
    }

    public boolean isAssignee(Actor me, long runId) {
        return jdbc.sql("select count(*) from checklist_assignee where inspection_id = :i and username = :u")
                .param("i", runId).param("u", me.username()).query(Long.class).single() > 0;
    }

    /** By hand: a record takes its answers, a select of their own. */
    public Optional<Record> record(long runId) {
        return jdbc.sql("select id, inspector, inspector_name, submitted_at from checklist_record where inspection_id = :i")
                .param("i", runId).query((rs, n) -> new Record(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), jdbc.sql("""
                                select a.item_id, i.seq, i.content, i.criterion_code, a.result, a.note, a.location, a.photo_id, a.hazard_id
                                  from checklist_answer a join checklist_item i on i.id = a.item_id where a.record_id = :r order by i.seq""")
                        .param("r", rs.getLong(1)).query(RecordedAnswer.class).list())).optional();
    }

    /** The inspection a checklist record belongs to (as photo-reuse flags link to a record), if it is in the caller's scope; else a 404. */
    public long runOfRecord(Jurisdiction scope, long recordId) {
        long run = jdbc.sql("select inspection_id from checklist_record where id = :r").param("r", recordId).query(Long.class)
                .optional().orElseThrow(() -> DomainException.notFound("检查记录"));
        run(scope, run); // in scope, or a 404
        return run;
    }

    /**
     * Submits the record of an inspection: every item answered, an 异常 described. Each 异常 opens a hazard (source
     * 企业自查) with the inspection's context; on an item citing a 判定标准 item it is graded 重大 with that item.
     */
    @Transactional
    public Outcome submit(Actor me, long runId, List<Answer> answers, String clientKey) {
        Run run = jdbc.sql(RUN + " where r.id = :id for update of r").param("id", runId).query(Run.class).optional()
                .filter(r -> r.enterpriseId() == (me.enterpriseId() == null ? -1 : me.enterpriseId()))
                .orElseThrow(() -> DomainException.notFound("专项检查"));
        String key = clientKey == null || clientKey.isBlank() ? null : clientKey.strip();
        if (key != null) {
            Optional<Long> earlier = jdbc.sql("select id from checklist_record where enterprise_id = :e and client_key = :k")
                    .param("e", run.enterpriseId()).param("k", key).query(Long.class).optional();
            if (earlier.isPresent()) return new Outcome(earlier.get(), false, List.of());
        }
        if (!isAssignee(me, runId)) throw new DomainException(HttpStatus.FORBIDDEN, "您不是这次检查的检查人员", null);
        if (!run.open()) throw DomainException.conflict("这次检查已经提交，记录不能修改");
        List<Item> items = items(run.checklistId(), run.enterpriseId());
        Map<Long, Answer> byItem = new LinkedHashMap<>();
        if (answers != null) answers.forEach(a -> byItem.put(a.itemId(), a));
        Map<String, String> errors = new LinkedHashMap<>();
        for (Item item : items) {
            Answer a = byItem.get(item.id());
            String field = "answers[" + item.id() + "]";
            if (a == null || a.result() == null) errors.put(field, "第 " + item.seq() + " 项未选择 正常 / 异常 / 不涉及");
            else if (a.result() == Inspections.Result.ABNORMAL && (a.note() == null || a.note().isBlank())) {
                errors.put(field, "第 " + item.seq() + " 项异常须写明发现的问题");
            }
        }
        byItem.keySet().stream().filter(id -> items.stream().noneMatch(i -> i.id() == id))
                .forEach(id -> errors.put("answers[" + id + "]", "该项不在这份清单中"));
        if (!errors.isEmpty()) {
            throw new DomainException(HttpStatus.BAD_REQUEST, "检查记录未提交：" + String.join("；", errors.values()), errors);
        }
        Instant now = clock.instant();
        long recordId = jdbc.sql("""
                insert into checklist_record (inspection_id, enterprise_id, inspector, inspector_name, submitted_at, client_key)
                values (:i, :e, :u, :n, :at, :k) returning id""").param("i", runId).param("e", run.enterpriseId())
                .param("u", me.username()).param("n", me.displayName()).param("at", Timestamp.from(now)).param("k", key)
                .query(Long.class).single();
        // Photos first, then every abnormal item's hazard in one registration (set-based: the hazard read models'
        // statement triggers run once per checklist, not once per abnormal item), then the answers.
        List<StoredFile> photos = new ArrayList<>();
        List<HazardRegister.Found> findings = new ArrayList<>();
        for (Item item : items) {
            Answer a = byItem.get(item.id());
            photos.add(a.photo() == null || a.photo().length == 0 ? null
                    : files.store(me, run.enterpriseId(), FileKind.Purpose.PHOTO, a.photoName(), a.photo()));
            if (a.result() == Inspections.Result.ABNORMAL) {
                String location = location(a, run);
                var report = new HazardReport(HazardSource.SELF_CHECK, HazardType.UNSAFE_CONDITION, null,
                        shorten(run.kind().label + "异常：" + item.content(), 100),
                        a.note().strip() + "\n（" + run.title() + "；清单「" + run.checklistName() + "」第 " + item.seq() + " 项：" + item.content() + "）",
                        shorten(location, 200), now, "checklist-" + recordId + "-" + item.id());
                GradingInput grading = item.criterionCode() == null ? GradingInput.general()
                        : new GradingInput(HazardLevel.MAJOR, item.criterionCode(), null);
                findings.add(new HazardRegister.Found(report, grading, photos.get(photos.size() - 1) == null ? null : HazardPhotos.Upload.of(a.photo())));
            }
        }
        var registered = hazards.registerFindings(me, run.enterpriseId(), findings).iterator();
        List<Long> hazardIds = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Answer a = byItem.get(item.id());
            StoredFile photo = photos.get(i);
            Long hazardId = a.result() == Inspections.Result.ABNORMAL ? registered.next().hazard().id() : null;
            if (hazardId != null) hazardIds.add(hazardId);
            if (photo != null) evidence.register(photo.sha256(), "checklist_record", recordId, hazardId, run.enterpriseId(), me.username());
            jdbc.sql("""
                    insert into checklist_answer (record_id, item_id, result, note, location, photo_id, hazard_id)
                    values (:r, :i, :res, :note, :loc, :photo, :h)""").param("r", recordId).param("i", item.id())
                    .param("res", a.result().name()).param("note", a.note() == null || a.note().isBlank() ? null : a.note().strip())
                    .param("loc", a.result() == Inspections.Result.ABNORMAL ? shorten(location(a, run), 200) : null)
                    .param("photo", photo == null ? null : photo.id()).param("h", hazardId).update();
        }
        jdbc.sql("update checklist_inspection set status = 'DONE', done_at = :at where id = :i")
                .param("at", Timestamp.from(now)).param("i", runId).update();
        events.publishEvent(new StateChanged("提交专项检查记录", "checklist_inspection", String.valueOf(runId),
                run.title() + "：" + items.size() + " 项，异常 " + hazardIds.size() + " 项", run.enterpriseId(), null));
        return new Outcome(recordId, true, hazardIds);
    }

    /** Where an answer's finding is: where the inspector said, else the inspection's area. */
    private static String location(Answer a, Run run) {
        return a.location() == null || a.location().isBlank() ? run.area() : a.location().strip();
    }

    /** The day before an inspection is due, and again once it is late, its people are told (once each). */
    @Transactional
    public int remindDue() {
        record Due(long id, String title, LocalDate dueOn) { }
        LocalDate today = LocalDate.now(clock);
        var due = jdbc.sql("""
                update checklist_inspection set reminded = true
                 where status = 'OPEN' and not reminded and due_on <= :tomorrow returning id, title, due_on""")
                .param("tomorrow", today.plusDays(1))
                .query(Rows.of(Due.class)).list();
        for (Due r : due) {
            List<String> people = jdbc.sql("select username from checklist_assignee where inspection_id = :i").param("i", r.id())
                    .query(String.class).list();
            notices.notify(people, Notices.Kind.TASK_DUE_SOON, "/inspection/checklists/runs/" + r.id(),
                    "检查将于 " + r.dueOn() + " 到期，尚未提交：" + r.title());
        }
        return due.size();
    }

    private static void requireWriter(Actor me) {
        if (me.enterpriseId() == null || !me.can("inspection:checklist:write")) {
            throw new DomainException(HttpStatus.FORBIDDEN, "您没有管理排查清单的权限", null);
        }
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
