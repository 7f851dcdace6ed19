package cn.shuangkong.supervision;

import cn.shuangkong.organization.Departments;
import cn.shuangkong.organization.Enterprises;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.supervision.EnforcementInspections.Inspection;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The numbered enforcement documents as PDF: 责令限期整改指令书 and 整改复查意见书 of one inspection, rendered from
 * templates/pdf with the embedded Noto Sans SC. Both are printed from the stored record, so a reprint is identical.
 */
@Component
public class EnforcementDocuments {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final EnforcementInspections inspections;
    private final Enterprises enterprises;
    private final Departments departments;
    private final ITemplateEngine templates;
    private volatile byte[] font;

    EnforcementDocuments(EnforcementInspections inspections, Enterprises enterprises, Departments departments,
                         ITemplateEngine templates) {
        this.inspections = inspections;
        this.enterprises = enterprises;
        this.departments = departments;
        this.templates = templates;
    }

    public byte[] order(Jurisdiction scope, long inspectionId) {
        Inspection x = inspections.find(scope, inspectionId).orElseThrow(() -> DomainException.notFound("执法检查"));
        if (x.orderNo() == null) throw DomainException.notFound("责令限期整改指令书");
        return render("pdf/enforcement-order", x, x.orderIssuedAt().atZone(CHINA).toLocalDate());
    }

    public byte[] review(Jurisdiction scope, long inspectionId) {
        Inspection x = inspections.find(scope, inspectionId).orElseThrow(() -> DomainException.notFound("执法检查"));
        if (x.reviewNo() == null) throw DomainException.notFound("整改复查意见书");
        return render("pdf/enforcement-review", x, x.reviewedAt().atZone(CHINA).toLocalDate());
    }

    private byte[] render(String template, Inspection x, java.time.LocalDate issued) {
        var ctx = new Context();
        ctx.setVariable("x", x);
        ctx.setVariable("e", enterprises.findUnscoped(x.enterpriseId()).orElseThrow());
        ctx.setVariable("d", departments.find(x.departmentId()).orElseThrow());
        ctx.setVariable("issued", issued);
        String html = templates.process(template, ctx);
        var out = new ByteArrayOutputStream();
        try {
            var builder = new PdfRendererBuilder();
            builder.useFastMode();
            byte[] f = font();
            builder.useFont(() -> new ByteArrayInputStream(f), "Noto Sans SC");
            builder.withHtmlContent(html, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /**
     * The font without its CJK radical code points, which share glyphs with ideographs: otherwise the text layer
     * would carry ⻅ for 见 (意见书) and a search for the document's words would miss.
     */
    private byte[] font() {
        if (font != null) return font;
        try (InputStream in = getClass().getResourceAsStream("/fonts/NotoSansSC_400Regular.ttf");
             TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(in))) {
            var keep = new TTFSubsetter(ttf);
            var cmap = ttf.getUnicodeCmapLookup();
            java.util.stream.IntStream.rangeClosed(0x20, 0xFFFF)
                    .filter(c -> c < 0x2E80 || (c > 0x2FDF && c < 0xF900) || c > 0xFAFF)
                    .filter(c -> cmap.getGlyphId(c) != 0).forEach(keep::add);
            var bytes = new ByteArrayOutputStream();
            keep.writeToStream(bytes);
            font = bytes.toByteArray();
            return font;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
