package cn.shuangkong.publicreport;

import cn.shuangkong.shared.TransactionLocks;
import cn.shuangkong.access.Accounts;
import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.files.FileKind;
import cn.shuangkong.files.FileStore;
import cn.shuangkong.files.StoredFile;
import cn.shuangkong.hazard.HazardFacts;
import cn.shuangkong.hazard.HazardPhotos;
import cn.shuangkong.hazard.HazardRegister;
import cn.shuangkong.hazard.HazardReport;
import cn.shuangkong.hazard.HazardSource;
import cn.shuangkong.hazard.HazardState;
import cn.shuangkong.hazard.HazardType;
import cn.shuangkong.publicreport.internal.PublicReportProperties;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Window;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The public report's life: filed (rate-limited per client, de-duplicated), triaged and assigned to a department by
 * the regulators of its place, verified on site by that department, converted into a hazard, rewarded. Each step is
 * audited; the reporter's contact is given only to members of the handling department.
 */
@Service
@EnableConfigurationProperties(PublicReportProperties.class)
public class PublicReports {

    /** Where a report stands; the public status page shows the label. */
    public enum Status {
        SUBMITTED("待受理"), ASSIGNED("核查中"), VERIFIED("核查属实"), UNFOUNDED("核查不实"), CONVERTED("已转隐患整改"), REJECTED("不予受理");
        public final String label;
        Status(String label) { this.label = label; }
        public String label() { return label; }
    }

    /** A photo as uploaded. */
    public record Photo(String name, byte[] bytes) { }

    /** What a member of the public files. */
    public record Submission(String content, String location, String regionCode, String contactName, String contactPhone,
                             List<Photo> photos) { }

    /** The answer to a filing: the submitter's own tracking code, and whether it joined a report filed before. */
    public record Receipt(String code, Status status, boolean duplicate) { }

    /**
     * What anyone holding the code may read: no names, no contact, no internal notes. {@code statusLabel} and the last
     * steps follow the hazard a converted report became, to its 整改 and 销号.
     */
    public record PublicStatus(String code, Status status, String statusLabel, String regionName, Instant createdAt,
                               Instant updatedAt, String publicReply, List<Step> steps) { }

    /** A step of the public timeline. */
    public record Step(String label, Instant at) { }

    /** A report as the regulators see it; {@code contactName}/{@code contactPhone} are null unless the viewer may see them. */
    public record Report(long id, String code, String content, String location, String regionCode, String regionName,
                         Status status, Long departmentId, String departmentName, Long enterpriseId, String enterpriseName,
                         String verificationNote, Long hazardId, BigDecimal rewardAmount, String rewardNote, String publicReply,
                         Instant createdAt, Instant updatedAt, boolean hasContact, String contactName, String contactPhone,
                         boolean contactVisible) { }

    /** One step of a report's internal timeline. */
    public record Action(String action, String note, String actorName, Instant at) {
        public String label() {
            return switch (action) {
                case "SUBMITTED" -> "提交";
                case "ASSIGNED" -> "受理分派";
                case "VERIFIED" -> "核查属实";
                case "UNFOUNDED" -> "核查不实";
                case "CONVERTED" -> "转为隐患";
                case "REJECTED" -> "不予受理";
                case "REWARDED" -> "奖励";
                case "ALSO_REPORTED" -> "再次举报";
                default -> action;
            };
        }
    }

    private static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    private static final int MAX_PHOTOS = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Actor PUBLIC = new Actor() {
        public String username() { return "public"; }
        public String displayName() { return "举报人"; }
        public Jurisdiction jurisdiction() { return Jurisdiction.none(); }
        public Long enterpriseId() { return null; }
        public Long serviceOrgId() { return null; }
        public Long employeeId() { return null; }
        public boolean can(String permission) { return false; }
    };

    private final JdbcClient jdbc;
    private final FileStore files;
    private final HazardRegister hazards;
    private final PublicReportProperties props;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Accounts accounts;

    PublicReports(JdbcClient jdbc, FileStore files, HazardRegister hazards, PublicReportProperties props,
                  ApplicationEventPublisher events, Clock clock, Accounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.files = files;
        this.hazards = hazards;
        this.props = props;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Files a report from {@code clientAddress}; the same text at the same place again joins the first report under a
     * tracking code of the submitter's own.
     */
    @Transactional
    public Receipt submit(Submission s, String clientAddress) {
        Map<String, String> errors = new LinkedHashMap<>();
        String content = clean(s.content()), location = clean(s.location());
        if (content == null || content.length() < 5) errors.put("content", "请描述发现的隐患（至少 5 个字）");
        else if (content.length() > 2000) errors.put("content", "描述不能超过 2000 字");
        if (location == null) errors.put("location", "请填写隐患所在位置");
        else if (location.length() > 200) errors.put("location", "位置不能超过 200 字");
        String region = clean(s.regionCode());
        if (region == null || jdbc.sql("select count(*) from (%s) r where r.code = :c".formatted(OrganizationFacts.regions())).param("c", region).query(Long.class).single() == 0) {
            errors.put("regionCode", "请选择所在乡镇（街道、园区）");
        }
        String phone = clean(s.contactPhone());
        if (phone != null && !phone.matches("[0-9+\\- ]{5,20}")) errors.put("contactPhone", "联系电话格式不正确");
        String name = clean(s.contactName());
        if (name != null && name.length() > 40) errors.put("contactName", "姓名不能超过 40 字");
        List<Photo> photos = s.photos() == null ? List.of() : s.photos().stream().filter(p -> p.bytes() != null && p.bytes().length > 0).toList();
        if (photos.size() > MAX_PHOTOS) errors.put("photos", "最多上传 " + MAX_PHOTOS + " 张照片");
        if (!errors.isEmpty()) {
            throw new DomainException(HttpStatus.BAD_REQUEST, "举报未提交：" + String.join("；", errors.values()), errors);
        }
        Instant now = clock.instant();
        String clientKey = sha256("client|" + clientAddress);
        String contentKey = sha256(normalise(content) + "|" + normalise(location));
        // Submissions from one client, and of one text at one place, are taken in turn (a double tap, a script sending
        // at once): the second is counted against the limit and joins the first, as it would a moment later. Three at
        // once were three reports, none a duplicate. Client first, then text: one order, so no two wait for each other.
        for (String key : List.of(clientKey, contentKey)) {
            TransactionLocks.waitFor(jdbc, "public-report|" + key);
        }
        long recent = jdbc.sql("""
                select (select count(*) from public_report where client_key = :c and created_at > :since)
                     + (select count(*) from public_report_code where client_key = :c and created_at > :since)
                """).param("c", clientKey).param("since", Timestamp.from(now.minus(props.rateWindow()))).query(Long.class).single();
        if (recent >= props.maxPerClient()) {
            throw new DomainException(HttpStatus.TOO_MANY_REQUESTS, "提交过于频繁：同一网络 " + describe(props.rateWindow()) + "内最多提交 "
                    + props.maxPerClient() + " 条举报，请稍后再试。情况紧急请拨打 12350 安全生产举报热线或 119、110。", null);
        }
        Optional<Long> same = jdbc.sql("select id from public_report where content_key = :k and created_at > :since order by id limit 1")
                .param("k", contentKey).param("since", Timestamp.from(now.minus(props.duplicateWindow())))
                .query(Long.class).optional();
        if (same.isPresent()) return alsoReported(same.get(), clientKey, now);
        List<StoredFile> stored = new ArrayList<>();
        for (Photo p : photos) {
            try {
                stored.add(files.storeInRegion(PUBLIC, region, FileKind.Purpose.PHOTO, p.name(), p.bytes()));
            } catch (DomainException e) {
                throw new DomainException(e.status(), "照片「" + (p.name() == null ? "" : p.name()) + "」无法接收：" + e.getMessage(),
                        Map.of("photos", e.getMessage()));
            }
        }
        String code = newCode();
        long id = jdbc.sql("""
                insert into public_report (code, content, location, region_code, content_key, client_key, contact_name,
                                           contact_phone, created_at, updated_at)
                values (:code, :content, :loc, :region, :ck, :client, :name, :phone, :now, :now) returning id
                """).param("code", code).param("content", content).param("loc", location).param("region", region)
                .param("ck", contentKey).param("client", clientKey).param("name", name).param("phone", phone)
                .param("now", Timestamp.from(now)).query(Long.class).single();
        for (StoredFile f : stored) {
            jdbc.sql("insert into public_report_photo (report_id, file_id) values (:r, :f)").param("r", id).param("f", f.id()).update();
        }
        act(id, "SUBMITTED", null, PUBLIC, now);
        events.publishEvent(new StateChanged("收到群众举报", "public_report", String.valueOf(id),
                code + "：" + location + "（照片 " + stored.size() + " 张" + (name != null || phone != null ? "，留有联系方式" : "，匿名") + "）",
                null, region));
        return new Receipt(code, Status.SUBMITTED, false);
    }

    /**
     * The same report filed again: the submitter gets a tracking code of their own that leads to the same report, never
     * the first reporter's (a code is the only key to a report's status, and its holder's alone).
     */
    private Receipt alsoReported(long reportId, String clientKey, Instant now) {
        String code = newCode();
        jdbc.sql("insert into public_report_code (code, report_id, client_key, created_at) values (:code, :r, :c, :now)")
                .param("code", code).param("r", reportId).param("c", clientKey).param("now", Timestamp.from(now)).update();
        act(reportId, "ALSO_REPORTED", "另一提交人获跟踪码 " + code, PUBLIC, now);
        StatusAndRegion report = jdbc.sql("select status, region_code from public_report where id = :r").param("r", reportId)
                .query(STATUS_AND_REGION).single();
        events.publishEvent(new StateChanged("群众举报再次提交", "public_report", String.valueOf(reportId),
                "相同内容再次举报，另发跟踪码 " + code, null, report.regionCode()));
        return new Receipt(code, report.status(), true);
    }

    private record StatusAndRegion(Status status, String regionCode) { }

    private static final RowMapper<StatusAndRegion> STATUS_AND_REGION = Rows.of(StatusAndRegion.class);

    /**
     * The public status by tracking code. Mapped by hand: the status shown follows the hazard the report became (the
     * rule below), and each step's label is the public wording of its action.
     */
    public Optional<PublicStatus> status(String code) {
        if (code == null) return Optional.empty();
        String c = code.strip().toUpperCase();
        return jdbc.sql("""
                select p.id, p.status, r.name, p.created_at, p.updated_at, p.public_reply,
                       h.state as hazard_state, h.rectified_at, h.closed_at
                  from public_report p join (%s) r on r.code = p.region_code left join (%s) h on h.id = p.hazard_id
                 where p.code = :c or p.id = (select report_id from public_report_code where code = :c)
                """.formatted(OrganizationFacts.regions(), HazardFacts.hazards())).param("c", c).query((rs, n) -> {
            long id = rs.getLong("id");
            List<Step> steps = new ArrayList<>(jdbc.sql("""
                    select action, at from public_report_action where report_id = :r and action not in ('REWARDED', 'ALSO_REPORTED')
                     order by at, id""")
                    .param("r", id).query((r2, m) -> new Step(publicLabel(r2.getString(1)), r2.getTimestamp(2).toInstant())).list());
            Status status = Status.valueOf(rs.getString("status"));
            String label = status.label, reply = rs.getString("public_reply");
            Instant updated = rs.getTimestamp("updated_at").toInstant();
            // The report's own row stops at 转为隐患; what became of the hazard is read from the register each time, so
            // that the citizen learns of its 整改 and 销号 (and a rectification refused at 验收 leaves the list again).
            HazardState hazard = rs.getString("hazard_state") == null ? null : HazardState.valueOf(rs.getString("hazard_state"));
            Timestamp rectified = rs.getTimestamp("rectified_at"), closed = rs.getTimestamp("closed_at");
            if (hazard == HazardState.CLOSED && closed != null) {
                steps.add(new Step("企业已整改，验收合格并销号", closed.toInstant()));
                label = "已整改销号";
                reply = "所报隐患已整改完毕，经验收合格销号";
                updated = closed.toInstant();
            } else if ((hazard == HazardState.RECTIFIED || hazard == HazardState.AWAITING_REGULATOR) && rectified != null) {
                steps.add(new Step("企业已报整改完成，待验收", rectified.toInstant()));
                label = HazardState.RECTIFIED.label();
                updated = rectified.toInstant();
            }
            return new PublicStatus(c, status, label, rs.getString("name"), rs.getTimestamp("created_at").toInstant(), updated,
                    reply, steps);
        }).optional();
    }

    private static String publicLabel(String action) {
        return switch (action) {
            case "SUBMITTED" -> "举报已提交";
            case "ASSIGNED" -> "已受理，交由监管部门核查";
            case "VERIFIED" -> "现场核查：情况属实";
            case "UNFOUNDED" -> "现场核查：未发现所报问题";
            case "CONVERTED" -> "已责令企业整改";
            case "REJECTED" -> "不予受理";
            default -> action;
        };
    }

    private static final String SELECT = """
            select p.*, r.name as region_name, d.name as department_name, e.name as enterprise_name
              from public_report p join (%s) r on r.code = p.region_code
              left join (%s) d on d.id = p.department_id left join (%s) e on e.id = p.enterprise_id
            """.formatted(OrganizationFacts.regions(), OrganizationFacts.departments(), OrganizationFacts.enterprises());

    /** Reports of the viewer's region, newest first; a status filter is optional. */
    public List<Report> list(Actor me, Status status) {
        Optional<String> prefix = regionPrefix(me);
        if (prefix.isEmpty()) return List.of();
        Long dept = departmentOf(me);
        return jdbc.sql(SELECT + " where p.region_code like :p" + (status == null ? "" : " and p.status = :s")
                        + " order by (p.status in ('CONVERTED','UNFOUNDED','REJECTED')), p.created_at desc limit 200")
                .param("p", prefix.get() + "%").params(status == null ? Map.of() : Map.of("s", status.name()))
                .query((rs, n) -> map(rs, dept)).list();
    }

    /** The viewer's region's reports as a mirror reads them: in (updated_at, id) order, after a cursor, no cap of 200 (ADR 0027). */
    public Window.Slice<Report> changes(Actor me, Status status, Window window) {
        Optional<String> prefix = regionPrefix(me);
        if (prefix.isEmpty()) return new Window.Slice<>(List.of(), window.after(), false);
        Long dept = departmentOf(me);
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("p", prefix.get() + "%");
        if (status != null) params.put("s", status.name());
        return window.read(jdbc, SELECT, "p", " where p.region_code like :p" + (status == null ? "" : " and p.status = :s"), params,
                (rs, n) -> map(rs, dept));
    }

    public Optional<Report> find(Actor me, long id) {
        Optional<String> prefix = regionPrefix(me);
        if (prefix.isEmpty()) return Optional.empty();
        Long dept = departmentOf(me);
        // the handling department works the report (and sees its photos) even where the place lies outside its area
        return jdbc.sql(SELECT + " where p.id = :id and (p.region_code like :p or p.department_id = :dept)").param("id", id)
                .param("p", prefix.get() + "%").param("dept", dept).query((rs, n) -> map(rs, dept)).optional();
    }

    /** A stored photo's bytes with their type. */
    public record PhotoContent(String contentType, byte[] bytes) { }

    /** A photo of a report the caller may handle ({@link #find}); another report's photo, or a report out of reach, is a 404. */
    public PhotoContent photo(Actor me, long reportId, long fileId) {
        find(me, reportId).filter(r -> photoIds(reportId).contains(fileId)).orElseThrow(() -> DomainException.notFound("照片"));
        var f = files.find(fileId).orElseThrow(() -> DomainException.notFound("照片"));
        return new PhotoContent(f.contentType(), files.content(fileId));
    }

    /** A report's page read as one (ADR 0076): the report the caller may handle ({@link #find}), else a 404, then its photos and timeline. */
    public record Detail(Report report, List<Long> photos, List<Action> timeline) { }

    public Detail detail(Actor me, long id) {
        var r = find(me, id).orElseThrow(() -> DomainException.notFound("举报"));
        return new Detail(r, photoIds(id), timeline(id));
    }

    List<Long> photoIds(long reportId) {
        return jdbc.sql("select file_id from public_report_photo where report_id = :r order by file_id").param("r", reportId)
                .query(Long.class).list();
    }

    List<Action> timeline(long reportId) {
        return jdbc.sql("select action, note, actor_name, at from public_report_action where report_id = :r order by at, id")
                .param("r", reportId).query(Action.class).list();
    }

    /** 分派: the regulators of the place hand the report to a department of their region (again, if it was already). */
    @Transactional
    public Report assign(Actor me, long id, Long departmentId, Long enterpriseId, String note) {
        Report r = editable(me, id);
        if (r.status() != Status.SUBMITTED && r.status() != Status.ASSIGNED) throw DomainException.conflict("该举报已" + r.status().label + "，不能再分派");
        String prefix = regionPrefix(me).orElseThrow();
        if (departmentId == null || jdbc.sql("select count(*) from (%s) d where d.id = :d and d.region_code like :p".formatted(OrganizationFacts.departments()))
                .param("d", departmentId).param("p", prefix + "%").query(Long.class).single() == 0) {
            throw DomainException.invalid("departmentId", "请选择本辖区内的承办部门");
        }
        checkEnterprise(me, enterpriseId);
        jdbc.sql("update public_report set status = 'ASSIGNED', department_id = :d, enterprise_id = coalesce(:e, enterprise_id),"
                        + " public_reply = '已受理，正在核查', updated_at = :t where id = :id")
                .param("d", departmentId).param("e", enterpriseId).param("t", Timestamp.from(clock.instant())).param("id", id).update();
        String dept = jdbc.sql("select d.name from (%s) d where d.id = :d".formatted(OrganizationFacts.departments())).param("d", departmentId).query(String.class).single();
        return changed(me, r, "ASSIGNED", "分派至 " + dept + (note == null || note.isBlank() ? "" : "：" + note.strip()), "分派群众举报");
    }

    /** 不予受理: not a work-safety matter, or not enough to act on; the reason is shown to the reporter. */
    @Transactional
    public Report reject(Actor me, long id, String reason) {
        Report r = editable(me, id);
        if (r.status() != Status.SUBMITTED) throw DomainException.conflict("只有待受理的举报可以不予受理");
        String why = required(reason, "reason", "不予受理须写明理由（会告知举报人）");
        jdbc.sql("update public_report set status = 'REJECTED', public_reply = :why, updated_at = :t where id = :id")
                .param("why", why.length() > 500 ? why.substring(0, 500) : why).param("t", Timestamp.from(clock.instant())).param("id", id).update();
        return changed(me, r, "REJECTED", why, "不予受理群众举报");
    }

    /** 现场核查: the handling department records what it found; a founded report names the enterprise. */
    @Transactional
    public Report verify(Actor me, long id, boolean founded, Long enterpriseId, String note) {
        Report r = handling(me, id);
        if (r.status() != Status.ASSIGNED) throw DomainException.conflict("该举报" + r.status().label + "，不在核查阶段");
        String n = required(note, "note", "请填写现场核查情况");
        Long ent = enterpriseId != null ? enterpriseId : r.enterpriseId();
        if (founded && ent == null) throw DomainException.invalid("enterpriseId", "核查属实须选择隐患所在企业");
        checkEnterprise(me, ent);
        jdbc.sql("update public_report set status = :s, enterprise_id = :e, verification_note = :n, public_reply = :reply,"
                        + " updated_at = :t where id = :id")
                .param("s", founded ? "VERIFIED" : "UNFOUNDED").param("e", ent).param("n", n)
                .param("reply", founded ? "经现场核查，情况属实，正在督促整改" : "经现场核查，未发现所反映的问题")
                .param("t", Timestamp.from(clock.instant())).param("id", id).update();
        return changed(me, r, founded ? "VERIFIED" : "UNFOUNDED", n, "核查群众举报");
    }

    /** 转为隐患: a verified report enters the enterprise's hazard register with source 举报核查 (once). */
    @Transactional
    public Report convert(Actor me, long id, String title) {
        Report r = handling(me, id);
        if (r.status() != Status.VERIFIED) throw DomainException.conflict("只有核查属实的举报可以转为隐患");
        String t = title == null || title.isBlank() ? shorten(r.content(), 60) : title.strip();
        List<Long> photoIds = photoIds(id);
        HazardPhotos.Upload photo = photoIds.isEmpty() ? null : HazardPhotos.Upload.of(files.content(photoIds.get(0)));
        var registration = hazards.registerFinding(me, r.enterpriseId(), new HazardReport(HazardSource.PUBLIC_REPORT,
                HazardType.UNSAFE_CONDITION, null, shorten(t, 100),
                r.content() + "\n（群众举报 " + r.code() + "；核查：" + r.verificationNote() + "）", r.location(), r.createdAt(),
                "public-report-" + r.code()), null, photo);
        long hazardId = registration.hazard().id();
        jdbc.sql("update public_report set status = 'CONVERTED', hazard_id = :h, public_reply = '已责令企业限期整改', updated_at = :t where id = :id")
                .param("h", hazardId).param("t", Timestamp.from(clock.instant())).param("id", id).update();
        return changed(me, r, "CONVERTED", "登记为隐患 #" + hazardId + "：" + t, "举报转为隐患");
    }

    /** 奖励: the amount and how it was paid, for a report that proved true. */
    @Transactional
    public Report reward(Actor me, long id, BigDecimal amount, String note) {
        Report r = handling(me, id);
        if (r.status() != Status.VERIFIED && r.status() != Status.CONVERTED) throw DomainException.conflict("只有核查属实的举报可以奖励");
        if (r.rewardAmount() != null) throw DomainException.conflict("该举报已记录奖励 " + r.rewardAmount() + " 元");
        if (amount == null || amount.signum() <= 0 || amount.compareTo(new BigDecimal("1000000")) > 0) {
            throw DomainException.invalid("amount", "请填写奖励金额（元，大于 0）");
        }
        String n = required(note, "note", "请填写奖励依据或发放方式");
        jdbc.sql("update public_report set reward_amount = :a, reward_note = :n, updated_at = :t where id = :id")
                .param("a", amount).param("n", n.length() > 300 ? n.substring(0, 300) : n).param("t", Timestamp.from(clock.instant()))
                .param("id", id).update();
        return changed(me, r, "REWARDED", "奖励 " + amount.stripTrailingZeros().toPlainString() + " 元：" + n, "记录举报奖励");
    }

    private Report editable(Actor me, long id) {
        if (!me.can("publicreport:report:handle")) throw new DomainException(HttpStatus.FORBIDDEN, "您没有处理群众举报的权限", null);
        // Every change starts here: the row is held until it commits, so that two at once are taken in turn and the
        // second judged on what the first left (four rewards sent together were all recorded, each with its own amount).
        jdbc.sql("select id from public_report where id = :id for update").param("id", id).query(Long.class).optional();
        return find(me, id).orElseThrow(() -> DomainException.notFound("举报"));
    }

    private Report handling(Actor me, long id) {
        Report r = editable(me, id);
        if (r.departmentId() == null || !r.departmentId().equals(departmentOf(me))) {
            throw new DomainException(HttpStatus.FORBIDDEN, "只有承办部门可以核查、转隐患和奖励", null);
        }
        return r;
    }

    private void checkEnterprise(Actor me, Long enterpriseId) {
        if (enterpriseId == null) return;
        var f = me.jurisdiction().enterpriseFilter("e");
        if (jdbc.sql("select count(*) from (" + OrganizationFacts.enterprises() + ") e where e.id = :id and " + f.sql()).params(f.params()).param("id", enterpriseId)
                .query(Long.class).single() == 0) {
            throw DomainException.invalid("enterpriseId", "所选企业不在您的辖区内");
        }
    }

    private Report changed(Actor me, Report before, String action, String note, String verb) {
        act(before.id(), action, note, me, clock.instant());
        Report after = find(me, before.id()).orElseThrow();
        events.publishEvent(new StateChanged(verb, "public_report", String.valueOf(before.id()),
                before.code() + "：" + before.status().label + " → " + after.status().label + "；" + note,
                after.enterpriseId(), before.regionCode()));
        return after;
    }

    private void act(long id, String action, String note, Actor who, Instant at) {
        jdbc.sql("insert into public_report_action (report_id, action, note, actor, actor_name, at) values (:r, :a, :n, :u, :un, :t)")
                .param("r", id).param("a", action).param("n", note).param("u", who.username()).param("un", who.displayName())
                .param("t", Timestamp.from(at)).update();
    }

    private Optional<String> regionPrefix(Actor me) {
        Jurisdiction j = me.jurisdiction();
        return switch (j.kind()) {
            case PLATFORM -> Optional.of("");
            case REGULATOR -> Optional.of(j.regionPrefix());
            default -> Optional.empty();
        };
    }

    private Long departmentOf(Actor me) {
        return accounts.departmentIdOf(me.username()).orElse(null);
    }

    /** By hand for its rule: the contact is shown only to the department that handles the report. */
    private Report map(java.sql.ResultSet rs, Long viewerDept) throws java.sql.SQLException {
        Long dept = (Long) rs.getObject("department_id");
        boolean visible = dept != null && dept.equals(viewerDept);
        String name = rs.getString("contact_name"), phone = rs.getString("contact_phone");
        return new Report(rs.getLong("id"), rs.getString("code"), rs.getString("content"), rs.getString("location"),
                rs.getString("region_code"), rs.getString("region_name"), Status.valueOf(rs.getString("status")), dept,
                rs.getString("department_name"), (Long) rs.getObject("enterprise_id"), rs.getString("enterprise_name"),
                rs.getString("verification_note"), (Long) rs.getObject("hazard_id"), rs.getBigDecimal("reward_amount"),
                rs.getString("reward_note"), rs.getString("public_reply"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), name != null || phone != null,
                visible ? name : null, visible ? phone : null, visible);
    }

    private static String required(String s, String field, String message) {
        String c = clean(s);
        if (c == null) throw DomainException.invalid(field, message);
        if (c.length() > 1000) throw DomainException.invalid(field, "不能超过 1000 字");
        return c;
    }

    private static String clean(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Case, spaces and punctuation do not make a different report. */
    static String normalise(String s) {
        return s.toLowerCase().replaceAll("[\\s\\p{Punct}，。、；：！？“”‘’（）【】《》·…—]+", "");
    }

    private static String shorten(String s, int max) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }

    private static String describe(java.time.Duration d) {
        if (d.toHours() >= 1 && d.toMinutes() % 60 == 0) return " " + d.toHours() + " 小时";
        return " " + d.toMinutes() + " 分钟";
    }

    private String newCode() {
        for (int attempt = 0; attempt < 10; attempt++) {
            StringBuilder b = new StringBuilder("JB");
            for (int i = 0; i < 8; i++) b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            String code = b.toString();
            if (!jdbc.sql("select exists(select 1 from public_report where code = :c) or exists(select 1 from public_report_code where code = :c)")
                    .param("c", code).query(Boolean.class).single()) return code;
        }
        throw new IllegalStateException("no free tracking code");
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
