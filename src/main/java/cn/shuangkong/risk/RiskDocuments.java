package cn.shuangkong.risk;

import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.Enterprise;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.context.i18n.LocaleContextHolder;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Printable documents of the register as PDF with an embedded Chinese font (Noto Sans SC, OFL): the 一企一册 of an
 * enterprise and the 岗位风险告知卡 / 应急处置卡 of one risk point. Thymeleaf renders XHTML from templates/pdf, and
 * openhtmltopdf lays it out; levels always carry their name next to their colour.
 */
@Component
public class RiskDocuments {

    static final String FONT = "Noto Sans SC";
    private static final String FONT_RESOURCE = "/fonts/NotoSansSC_400Regular.ttf";

    /** GB 2894 warning signs (警告标志) by the accident types (GB 6441) they warn of; 注意安全 always comes first. */
    private static final List<Map.Entry<String, String>> WARNINGS = List.of(
            Map.entry("火灾", "当心火灾"), Map.entry("爆炸", "当心爆炸"), Map.entry("中毒", "当心中毒"),
            Map.entry("触电", "当心触电"), Map.entry("机械伤害", "当心机械伤人"), Map.entry("高处坠落", "当心坠落"),
            Map.entry("物体打击", "当心落物"), Map.entry("起重伤害", "当心吊物"), Map.entry("车辆伤害", "当心车辆"),
            Map.entry("灼烫", "当心烫伤"), Map.entry("淹溺", "当心落水"), Map.entry("坍塌", "当心坍塌"),
            // GB 6441-2025 names of the same hazards (the result is a set, so a sign appears once)
            Map.entry("机械致害", "当心机械伤人"), Map.entry("起重致害", "当心吊物"), Map.entry("车辆致害", "当心车辆"));

    private final Enterprises enterprises;
    private final Departments departments;
    private final RiskSheets sheets;
    private final ITemplateEngine templates;
    private final Clock clock;
    private final OpenHazardTitles openHazards;

    RiskDocuments(Enterprises enterprises, Departments departments, RiskSheets sheets, ITemplateEngine templates, Clock clock,
                  OpenHazardTitles openHazards) {
        this.openHazards = openHazards;
        this.enterprises = enterprises;
        this.departments = departments;
        this.sheets = sheets;
        this.templates = templates;
        this.clock = clock;
    }

    /** 一企一册 of an enterprise in the caller's scope; not-found otherwise. */
    public byte[] register(Jurisdiction scope, long enterpriseId) {
        Enterprise e = enterprises.find(scope, enterpriseId).orElseThrow(() -> DomainException.notFound("企业"));
        var ctx = new Context();
        ctx.setVariable("e", e);
        List<RiskSheets.Sheet> register = sheets.ofEnterprise(enterpriseId);
        Map<Integer, Long> counts = new HashMap<>(); // by grade
        for (RiskLevel l : RiskLevel.values())
            counts.put(l.grade, register.stream().filter(s -> s.point().riskLevel() == l).count());
        ctx.setVariable("sheets", register);
        ctx.setVariable("counts", counts);
        ctx.setVariable("unassessed", register.stream().filter(s -> s.point().riskLevel() == null).count());
        ctx.setVariable("regulators", departments.ofEnterprise(enterpriseId));
        ctx.setVariable("hazards", openHazards.ofEnterprise(enterpriseId));
        ctx.setVariable("levels", RiskLevel.values());
        ctx.setVariable("today", LocalDate.now(clock));
        return pdf("pdf/register", ctx);
    }

    /**
     * 岗位风险告知卡 with the 应急处置卡 of one risk point in the caller's scope; {@code liveUrl} is the absolute address
     * of the point's page, which the QR code opens.
     */
    public byte[] noticeCard(Jurisdiction scope, long pointId, String liveUrl) {
        RiskSheets.Sheet s = sheets.of(scope, pointId);
        Enterprise e = enterprises.findUnscoped(s.point().enterpriseId()).orElseThrow(() -> DomainException.notFound("企业"));
        var ctx = new Context();
        ctx.setVariable("s", s);
        ctx.setVariable("p", s.point());
        ctx.setVariable("e", e);
        ctx.setVariable("warnings", warnings(s));
        ctx.setVariable("qr", qrDataUri(liveUrl));
        ctx.setVariable("liveUrl", liveUrl);
        ctx.setVariable("today", LocalDate.now(clock));
        return pdf("pdf/notice-card", ctx);
    }

    static Set<String> warnings(RiskSheets.Sheet s) {
        Set<String> out = new LinkedHashSet<>();
        out.add("注意安全");
        String types = String.join("、", s.events().stream().map(s::accidentTypeNames).toList());
        WARNINGS.forEach(w -> { if (types.contains(w.getKey())) out.add(w.getValue()); });
        return out;
    }

    static String qrDataUri(String text) {
        return cn.shuangkong.shared.QrCodes.dataUri(text, 240);
    }

    private volatile byte[] font;

    /**
     * The embedded font, with the CJK radical and compatibility code points taken out of its character map: they share
     * glyphs with the unified ideographs, and PDFBox writes the lowest code point of a glyph into the text layer, so
     * without this a 风 copied (or searched, or read aloud) from the PDF would come out as the radical ⻛. For the same
     * reason a code point sharing its glyph with a full-width form (～ U+FF5E, the tilde of Chinese ranges such as
     * T-101～T-106) gives way to it: otherwise the register's text would read 〜 (U+301C) and a search would miss it.
     */
    private byte[] font() {
        byte[] f = font;
        if (f == null) {
            try (InputStream in = RiskDocuments.class.getResourceAsStream(FONT_RESOURCE);
                 TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(in))) {
                CmapLookup cmap = ttf.getUnicodeCmapLookup();
                var subset = new TTFSubsetter(ttf);
                Set<Integer> fullWidthGlyphs = new java.util.HashSet<>();
                for (int cp = 0xFF01; cp <= 0xFF5E; cp++) fullWidthGlyphs.add(cmap.getGlyphId(cp));
                for (int cp = 0x20; cp <= 0xFFFF; cp++) {
                    int glyph = cmap.getGlyphId(cp);
                    boolean fullWidth = cp >= 0xFF01 && cp <= 0xFF5E;
                    boolean duplicate = (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0xF900 && cp <= 0xFAFF)
                            || (cp >= 0x2000 && !fullWidth && fullWidthGlyphs.contains(glyph));
                    if (!duplicate && glyph != 0) subset.add(cp);
                }
                var out = new ByteArrayOutputStream();
                subset.writeToStream(out);
                font = f = out.toByteArray();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return f;
    }

    /**
     * Renders another module's XHTML template (e.g. regional's 一镇一册) with the same embedded font and print styles
     * ({@code pdf/fragments :: style}), so that every document of the platform looks and copies alike.
     */
    public byte[] render(String template, Map<String, Object> variables) {
        var ctx = new Context();
        ctx.setVariables(variables);
        return pdf(template, ctx);
    }

    /** Renders any templates/pdf template with the embedded Chinese font (monitoring's 重大危险源公示牌 uses it too). */
    public byte[] pdf(String template, Context ctx) {
        ctx.setLocale(LocaleContextHolder.getLocale()); // the reader's language: labels in English on request, data as entered
        String html = templates.process(template, ctx);
        var out = new ByteArrayOutputStream();
        try {
            var builder = new PdfRendererBuilder();
            builder.useFastMode();
            byte[] font = font();
            builder.useFont(() -> new ByteArrayInputStream(font), FONT);
            builder.withHtmlContent(html, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }
}
