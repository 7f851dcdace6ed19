package cn.shuangkong.bulletin.internal;

import cn.shuangkong.access.Accounts;
import cn.shuangkong.hazard.Notices;
import cn.shuangkong.organization.Departments;
import cn.shuangkong.risk.RiskDocuments;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import cn.shuangkong.shared.Rows;
import cn.shuangkong.shared.TransactionLocks;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * 风险动态信息通报: drafted per area and quarter (by the quarter-start job or on demand), its 研判意见 and 工作建议
 * written by a regulator of that very level, signed by them (the PDF kept with its SHA-256, nothing editable after),
 * published to the departments of the area (each account's inbox), and corrected only by a new version.
 */
@Service
public class RiskBulletins {

    public enum State {
        DRAFT("草稿"), SIGNED("已签发"), PUBLISHED("已发布");

        public final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The figures kept with a 通报: its quarter and the quarter before, counted alike. */
    public record Figures(BulletinFigures current, BulletinFigures previous) {
        /** The main figures beside the last quarter's, in the order the 通报 reports them. */
        public List<Indicator> indicators() {
            BulletinFigures c = current, p = previous;
            return List.of(
                    new Indicator("重大风险（期末）", "处", c.majorRisks(), p.majorRisks()),
                    new Indicator("新增重大风险", "处", c.added().size(), p.added().size()),
                    new Indicator("新登记隐患", "项", c.hazardsRegistered(), p.hazardsRegistered()),
                    new Indicator("其中重大隐患", "项", c.majorHazardsRegistered(), p.majorHazardsRegistered()),
                    new Indicator("销号隐患", "项", c.hazardsClosed(), p.hazardsClosed()),
                    new Indicator("逾期未整改隐患（期末）", "项", c.hazardsOverdue(), p.hazardsOverdue()),
                    new Indicator("其中重大隐患", "项", c.majorHazardsOverdue(), p.majorHazardsOverdue()),
                    new Indicator("逾期未完成排查任务", "项", c.tasksMissed(), p.tasksMissed()),
                    new Indicator("监测报警", "次", c.alarmsRaised(), p.alarmsRaised()),
                    new Indicator("未消除报警（期末）", "次", c.alarmsOpen(), p.alarmsOpen()),
                    new Indicator("零报告企业", "家", c.zeroReport().size(), p.zeroReport().size()),
                    new Indicator("数据质量问题（期末）", "项", c.qualityOpen(), p.qualityOpen()));
        }
    }

    /** One figure of this quarter beside the last: 较上季度 ↑3 / ↓2 / 持平. */
    public record Indicator(String name, String unit, long current, long previous) {
        public String change() {
            long d = current - previous;
            return d > 0 ? "↑" + d : d < 0 ? "↓" + (-d) : "持平";
        }
    }

    /** One 通报 as stored; {@code figures} as drafted. */
    public record Bulletin(long id, String regionCode, String regionName, String issuer, int year, int quarter, int version,
                           Long replacesId, State state, Figures figures, String opinion, String advice, String draftedBy,
                           Instant draftedAt, String signedBy, String signedName, Instant signedAt, String pdfSha256,
                           String publishedBy, Instant publishedAt, List<String> recipients) {
        public Quarter period() {
            return new Quarter(year, quarter);
        }

        public String title() {
            return regionName + period().label() + "安全风险动态信息通报";
        }

        /** 靖江市2026年第四季度 … （第2版） */
        public String versionLabel() {
            return version == 1 ? "" : "（第" + version + "版）";
        }
    }

    /** A line of the list. */
    public record Summary(long id, String regionCode, String regionName, int year, int quarter, int version, State state,
                          Instant draftedAt, Instant signedAt, Instant publishedAt, boolean superseded) {
        public String periodLabel() {
            return new Quarter(year, quarter).label();
        }
    }

    /** An area regulators sign a 通报 at: a region with a department of 综合监管 (all industries). */
    public record Area(String regionCode, String regionName, String issuer) { }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final BulletinFacts facts;
    private final BulletinCharts charts;
    private final Departments departments;
    private final Accounts accounts;
    private final Notices notices;
    private final RiskDocuments documents;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RiskBulletins(JdbcClient jdbc, BulletinFacts facts, BulletinCharts charts, Departments departments,
                  Accounts accounts, Notices notices, RiskDocuments documents, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.facts = facts;
        this.charts = charts;
        this.departments = departments;
        this.accounts = accounts;
        this.notices = notices;
        this.documents = documents;
        this.events = events;
        this.clock = clock;
    }

    // ---- where 通报 are signed ----

    /** Every area with a 综合监管 department (应急管理局, a town's 安监办), the city before its towns. */
    public List<Area> areas() {
        Map<String, Area> out = new LinkedHashMap<>();
        for (var d : departments.under("")) {
            if (!d.industries().isEmpty()) continue;
            out.putIfAbsent(d.regionCode(), new Area(d.regionCode(), d.regionName(), d.name()));
        }
        return List.copyOf(out.values());
    }

    /** The area an actor signs at: the region of their own jurisdiction, if a 综合监管 department sits there. */
    public Optional<Area> areaOf(Actor who) {
        Jurisdiction j = who.jurisdiction();
        if (j.kind() != Jurisdiction.Kind.REGULATOR || !j.industries().isEmpty()) return Optional.empty();
        return areas().stream().filter(a -> Jurisdiction.regionPrefix(a.regionCode()).equals(j.regionPrefix())).findFirst();
    }

    // ---- reading ----

    private static final String SELECT = """
            select b.id, b.region_code, b.region_name, b.issuer, b.year, b.quarter, b.version, b.replaces_id, b.state,
                   b.figures::text as figures, b.opinion, b.advice, b.drafted_by, b.drafted_at, b.signed_by, b.signed_name,
                   b.signed_at, b.pdf_sha256, b.published_by, b.published_at,
                   array(select r.department_name from risk_bulletin_recipient r where r.bulletin_id = b.id order by r.department_id) as recipients
              from risk_bulletin b
            """;

    /**
     * What a viewer may see: a regulator the 通报 of its own area and the areas below it (drafts included), and the
     * published 通报 of the areas above it, which were sent to its department; the platform everything.
     */
    private static Jurisdiction.SqlFilter visible(Jurisdiction scope) {
        return switch (scope.kind()) {
            case PLATFORM -> new Jurisdiction.SqlFilter("true", Map.of());
            case REGULATOR -> new Jurisdiction.SqlFilter("""
                    (b.region_code like :bl_region or (b.state = 'PUBLISHED'
                     and :bl_prefix like (case when length(b.region_code) = 6 and b.region_code like '%0000' then left(b.region_code, 2)
                                               when length(b.region_code) = 6 and b.region_code like '%00' then left(b.region_code, 4)
                                               else b.region_code end) || '%'))""",
                    Map.of("bl_region", scope.regionPrefix() + "%", "bl_prefix", scope.regionPrefix()));
            default -> new Jurisdiction.SqlFilter("false", Map.of());
        };
    }

    public List<Summary> list(Jurisdiction scope) {
        var f = visible(scope);
        return jdbc.sql("""
                select b.id, b.region_code, b.region_name, b.year, b.quarter, b.version, b.state, b.drafted_at, b.signed_at,
                       b.published_at, exists (select 1 from risk_bulletin n where n.replaces_id = b.id) as superseded
                  from risk_bulletin b where %s
                 order by b.year desc, b.quarter desc, length(b.region_code), b.region_code, b.version desc
                """.formatted(f.sql())).params(f.params()).query(Summary.class).list();
    }

    /** A 通报 the viewer may see; any other id is not found. By hand: its figures are JSON. */
    public Optional<Bulletin> find(Jurisdiction scope, long id) {
        var f = visible(scope);
        return jdbc.sql(SELECT + " where b.id = :id and " + f.sql()).params(f.params()).param("id", id)
                .query((rs, n) -> new Bulletin(rs.getLong("id"), rs.getString("region_code"), rs.getString("region_name"),
                        rs.getString("issuer"), rs.getInt("year"), rs.getInt("quarter"), rs.getInt("version"),
                        (Long) rs.getObject("replaces_id", Long.class), State.valueOf(rs.getString("state")),
                        JSON.readValue(rs.getString("figures"), Figures.class), rs.getString("opinion"), rs.getString("advice"),
                        rs.getString("drafted_by"), instant(rs.getTimestamp("drafted_at")), rs.getString("signed_by"),
                        rs.getString("signed_name"), instant(rs.getTimestamp("signed_at")), rs.getString("pdf_sha256"),
                        rs.getString("published_by"), instant(rs.getTimestamp("published_at")),
                        List.of((String[]) rs.getArray("recipients").getArray())))
                .optional();
    }

    private Bulletin get(Jurisdiction scope, long id) {
        return find(scope, id).orElseThrow(() -> DomainException.notFound("风险动态信息通报"));
    }

    /** The 通报 as PDF: the signed file itself once signed (its hash is the one recorded), a marked preview before. */
    public byte[] pdf(Jurisdiction scope, long id) {
        Bulletin b = get(scope, id);
        if (b.state() != State.DRAFT) {
            return jdbc.sql("select pdf from risk_bulletin where id = :id").param("id", id).query(byte[].class).single();
        }
        return render(b, true);
    }

    // ---- drafting ----

    /**
     * The quarter-start draft of every area for the quarter just ended, unless that area has one already (version 1
     * is unique), so that however often the job runs and on however many instances, each area gets one per quarter.
     * Answers how many were drafted.
     */
    @Transactional
    public int draftLastQuarter() {
        Quarter last = Quarter.containing(LocalDate.now(clock)).previous();
        int drafted = 0;
        for (Area a : areas()) {
            takeTurn(a, last);
            if (insert(a, last, 1, null, "system", null, null).isPresent()) drafted++;
        }
        return drafted;
    }

    /**
     * On demand, by a regulator of the area: the quarter's draft, counted afresh (a draft already there keeps its
     * 研判意见 and 工作建议 and takes the figures of now). A signed quarter is not redrafted: it is corrected.
     */
    @Transactional
    public long draft(Actor who, Quarter quarter) {
        record Latest(long id, State state) { }
        Area area = areaOf(who).orElseThrow(() -> DomainException.conflict("只有本级综合监管部门（应急管理）人员可以起草本级通报"));
        if (quarter.compareTo(Quarter.containing(LocalDate.now(clock))) > 0) {
            throw DomainException.invalid("quarter", "不能起草尚未开始的季度的通报");
        }
        takeTurn(area, quarter);
        var latest = jdbc.sql("""
                select id, state from risk_bulletin where region_code = :r and year = :y and quarter = :q order by version desc limit 1
                """).param("r", area.regionCode()).param("y", quarter.year()).param("q", quarter.quarter())
                .query(Rows.of(Latest.class)).optional();
        if (latest.isEmpty()) {
            return insert(area, quarter, 1, null, who.username(), null, null).orElseThrow();
        }
        long id = latest.get().id();
        if (latest.get().state() != State.DRAFT) throw DomainException.conflict("该季度通报已签发，只能发起更正（新版本）");
        Jurisdiction scope = scopeOf(area);
        jdbc.sql("update risk_bulletin set figures = cast(:f as jsonb), updated_at = :t where id = :id and state = 'DRAFT'")
                .param("f", JSON.writeValueAsString(count(scope, quarter))).param("t", now()).param("id", id).update();
        audit("重新生成通报数据", id, area.regionCode(), area.regionName() + quarter.label() + " 数据已按当前重新统计");
        return id;
    }

    /** 研判意见 and 工作建议 of a draft, by a regulator of its own area. */
    @Transactional
    public void edit(Actor who, long id, String opinion, String advice) {
        Bulletin b = ownDraft(who, id);
        String o = text("opinion", opinion, "研判意见");
        String a = text("advice", advice, "工作建议");
        jdbc.sql("update risk_bulletin set opinion = :o, advice = :a, updated_at = :t where id = :id and state = 'DRAFT'")
                .param("o", o).param("a", a).param("t", now()).param("id", id).update();
        audit("修改通报研判意见", id, b.regionCode(), b.title() + b.versionLabel() + " 研判意见和工作建议已修改");
    }

    /**
     * 签发: the signed-in regulator of the area signs; the PDF is rendered once, with the signature block, and kept with
     * its SHA-256. From now on the 通报 is frozen: it is published or corrected, never edited.
     */
    @Transactional
    public String sign(Actor who, long id) {
        Bulletin b = ownDraft(who, id);
        if (b.opinion() == null || b.opinion().isBlank() || b.advice() == null || b.advice().isBlank()) {
            throw DomainException.conflict("请先填写研判意见和工作建议再签发");
        }
        Instant at = clock.instant();
        Bulletin signed = new Bulletin(b.id(), b.regionCode(), b.regionName(), b.issuer(), b.year(), b.quarter(), b.version(),
                b.replacesId(), State.SIGNED, b.figures(), b.opinion(), b.advice(), b.draftedBy(), b.draftedAt(),
                who.username(), who.displayName(), at, null, null, null, List.of());
        byte[] pdf = render(signed, false);
        String sha = sha256(pdf);
        int n = jdbc.sql("""
                update risk_bulletin set state = 'SIGNED', signed_by = :u, signed_name = :n, signed_at = :t, pdf = :pdf,
                       pdf_sha256 = :sha, updated_at = :t where id = :id and state = 'DRAFT'
                """).param("u", who.username()).param("n", who.displayName()).param("t", Timestamp.from(at)).param("pdf", pdf)
                .param("sha", sha).param("id", id).update();
        if (n == 0) throw DomainException.conflict("该通报已签发");
        audit("签发风险动态信息通报", id, b.regionCode(), b.title() + b.versionLabel() + " 由" + who.displayName() + "签发，PDF SHA-256 " + sha);
        return sha;
    }

    /** 发布: a signed 通报 goes to every department of its area (their accounts' inboxes); answers how many departments. */
    @Transactional
    public int publish(Actor who, long id) {
        Bulletin b = own(who, id);
        if (b.state() != State.SIGNED) {
            throw DomainException.conflict(b.state() == State.DRAFT ? "通报尚未签发，不能发布" : "该通报已发布");
        }
        var to = departments.under(Jurisdiction.regionPrefix(b.regionCode()));
        for (var d : to) {
            jdbc.sql("insert into risk_bulletin_recipient (bulletin_id, department_id, department_name) values (:b, :d, :n)")
                    .param("b", id).param("d", d.id()).param("n", d.name()).update();
        }
        Instant at = clock.instant();
        jdbc.sql("update risk_bulletin set state = 'PUBLISHED', published_by = :u, published_at = :t, updated_at = :t where id = :id")
                .param("u", who.username()).param("t", Timestamp.from(at)).param("id", id).update();
        notices.notify(accounts.usernamesOfDepartments(to.stream().map(Departments.Department::id).toList()),
                Notices.Kind.BULLETIN, "/bulletins/" + id, b.issuer() + "发布" + b.title() + b.versionLabel() + "，请查阅并抓好落实");
        audit("发布风险动态信息通报", id, b.regionCode(), b.title() + b.versionLabel() + " 发至 " + to.size() + " 个部门："
                + String.join("、", to.stream().map(Departments.Department::name).toList()));
        return to.size();
    }

    /**
     * 更正: a signed or published 通报 stays as it was; the correction is a new draft version naming it, counted afresh,
     * its narrative copied for the regulator to amend.
     */
    @Transactional
    public long correct(Actor who, long id) {
        Bulletin b = own(who, id);
        if (b.state() == State.DRAFT) throw DomainException.conflict("草稿可直接修改，无需更正");
        boolean newer = jdbc.sql("select exists (select 1 from risk_bulletin where replaces_id = :id)").param("id", id)
                .query(Boolean.class).single();
        if (newer) throw DomainException.conflict("该通报已有更正版本，请在最新版本上更正");
        Area area = new Area(b.regionCode(), b.regionName(), b.issuer());
        return insert(area, b.period(), b.version() + 1, id, who.username(), b.opinion(), b.advice()).orElseThrow();
    }

    // ---- inside ----

    /**
     * Drafts of one area's quarter take turns, cluster-wide, until the drafter commits (ADR 0084): 起草 clicked twice, or
     * met by the quarter-start job, once both found no draft and both inserted version 1; the second's insert found the
     * first's and gave nothing back, which was a 500. The second now waits, then finds the first's draft.
     */
    private void takeTurn(Area area, Quarter q) {
        TransactionLocks.waitFor(jdbc, "risk-bulletin-draft:" + area.regionCode() + ":" + q.year() + "-" + q.quarter());
    }

    private Optional<Long> insert(Area area, Quarter q, int version, Long replaces, String by, String opinion, String advice) {
        Figures figures = count(scopeOf(area), q);
        Timestamp t = now();
        Optional<Long> id = jdbc.sql("""
                insert into risk_bulletin (region_code, region_name, issuer, year, quarter, version, replaces_id, state, figures,
                    opinion, advice, drafted_by, drafted_at, updated_at)
                values (:r, :rn, :i, :y, :q, :v, :rep, 'DRAFT', cast(:f as jsonb), :o, :a, :by, :t, :t)
                on conflict (region_code, year, quarter, version) do nothing returning id
                """).param("r", area.regionCode()).param("rn", area.regionName()).param("i", area.issuer())
                .param("y", q.year()).param("q", q.quarter()).param("v", version).param("rep", replaces)
                .param("f", JSON.writeValueAsString(figures)).param("o", opinion).param("a", advice).param("by", by).param("t", t)
                .query(Long.class).optional();
        id.ifPresent(i -> audit(version == 1 ? "起草风险动态信息通报" : "更正风险动态信息通报", i, area.regionCode(),
                area.regionName() + q.label() + (version == 1 ? " 草稿已生成" : " 第" + version + "版草稿，更正 #" + replaces)));
        return id;
    }

    private Figures count(Jurisdiction scope, Quarter q) {
        return new Figures(facts.of(scope, q), facts.of(scope, q.previous()));
    }

    /** The area's whole jurisdiction: every enterprise of the region, whatever the industry. */
    private Jurisdiction scopeOf(Area area) {
        return Jurisdiction.regulator(area.regionCode(), List.of(), area.regionName());
    }

    private Bulletin own(Actor who, long id) {
        // Every change starts here: the row is held until it commits, so that two at once (an edit while it is signed,
        // two publications) are taken in turn and the second judged on what the first left.
        jdbc.sql("select id from risk_bulletin where id = :id for update").param("id", id).query(Long.class).optional();
        Bulletin b = get(who.jurisdiction(), id);
        boolean ownArea = areaOf(who).map(a -> a.regionCode().equals(b.regionCode())).orElse(false);
        if (!ownArea) throw DomainException.conflict("只有" + b.regionName() + "本级综合监管部门人员可以修改、签发和发布该通报");
        return b;
    }

    private Bulletin ownDraft(Actor who, long id) {
        Bulletin b = own(who, id);
        if (b.state() != State.DRAFT) throw DomainException.conflict("通报已签发，内容不可修改；如需更正请发起新版本");
        return b;
    }

    private byte[] render(Bulletin b, boolean draft) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("b", b);
        v.put("cur", b.figures().current());
        v.put("prev", b.figures().previous());
        v.put("draft", draft);
        v.put("charts", charts.of(b));
        Locale before = LocaleContextHolder.getLocale();
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE); // an official document: in Chinese whoever signs it
        try {
            return documents.render("pdf/risk-bulletin", v);
        } finally {
            LocaleContextHolder.setLocale(before);
        }
    }

    private void audit(String action, long id, String region, String summary) {
        events.publishEvent(new StateChanged(action, "risk_bulletin", String.valueOf(id), summary, null, region));
    }

    private static String text(String field, String value, String label) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) throw DomainException.invalid(field, "请填写" + label);
        if (v.length() > 4000) throw DomainException.invalid(field, label + "不能超过 4000 字");
        return v;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
