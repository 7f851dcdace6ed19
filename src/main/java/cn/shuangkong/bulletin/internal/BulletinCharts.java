package cn.shuangkong.bulletin.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.springframework.stereotype.Component;

/**
 * The 通报's charts, drawn on the server as PNG (Java2D, the platform's embedded Chinese font) and embedded in the PDF
 * as data URIs: a PDF cannot run the pages' ECharts, and a picture prints the same in every reader. Each chart sets
 * this quarter beside the last, labelled with its figures, so that it reads in black and white too.
 */
@Component
class BulletinCharts {

    private static final Color CURRENT = new Color(0x0f, 0x4c, 0x81);
    private static final Color PREVIOUS = new Color(0xa3, 0xb8, 0xcc);
    private static final int SCALE = 2; // drawn at twice the printed size, so that it stays sharp on paper

    private volatile Font font;

    /** Data URIs by chart name: {@code sources} (hazards by source), {@code indicators} (the main figures). */
    Map<String, String> of(RiskBulletins.Bulletin b) {
        BulletinFigures cur = b.figures().current();
        BulletinFigures prev = b.figures().previous();
        Map<String, String> out = new LinkedHashMap<>();

        var sources = new LinkedHashSet<String>();
        sources.addAll(cur.registeredBySource().keySet());
        sources.addAll(prev.registeredBySource().keySet());
        List<String> names = new ArrayList<>(sources);
        if (names.isEmpty()) names.add("（无）");
        out.put("sources", bars("隐患来源（新登记，项）", names,
                names.stream().map(s -> cur.registeredBySource().getOrDefault(s, 0L)).toList(),
                names.stream().map(s -> prev.registeredBySource().getOrDefault(s, 0L)).toList(), b));

        List<String> labels = List.of("重大风险", "新登记隐患", "逾期隐患", "逾期排查任务", "监测报警", "零报告企业", "数据质量问题");
        out.put("indicators", bars("主要指标（本季度与上季度）", labels,
                List.of(cur.majorRisks(), cur.hazardsRegistered(), cur.hazardsOverdue(), cur.tasksMissed(), cur.alarmsRaised(),
                        (long) cur.zeroReport().size(), cur.qualityOpen()),
                List.of(prev.majorRisks(), prev.hazardsRegistered(), prev.hazardsOverdue(), prev.tasksMissed(), prev.alarmsRaised(),
                        (long) prev.zeroReport().size(), prev.qualityOpen()), b));
        return out;
    }

    /** A grouped bar chart: per category this quarter's bar (dark) beside last quarter's (light), values on top. */
    private String bars(String title, List<String> categories, List<Long> current, List<Long> previous, RiskBulletins.Bulletin b) {
        int w = 820 * SCALE, h = 300 * SCALE;
        var img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            Font base = font();
            g.setFont(base.deriveFont(15f * SCALE));
            g.setColor(new Color(0x11, 0x18, 0x27));
            g.drawString(title, 16 * SCALE, 26 * SCALE);

            String thisQ = b.period().label(), lastQ = b.period().previous().label();
            g.setFont(base.deriveFont(11f * SCALE));
            FontMetrics fm = g.getFontMetrics();
            int lx = w - 16 * SCALE - fm.stringWidth(thisQ) - fm.stringWidth(lastQ) - 60 * SCALE;
            legend(g, lx, 18 * SCALE, CURRENT, thisQ);
            legend(g, lx + fm.stringWidth(thisQ) + 30 * SCALE, 18 * SCALE, PREVIOUS, lastQ);

            int left = 48 * SCALE, right = w - 16 * SCALE, top = 48 * SCALE, bottom = h - 44 * SCALE;
            long max = 1;
            for (long v : current) max = Math.max(max, v);
            for (long v : previous) max = Math.max(max, v);
            long step = niceStep(max);
            long axisMax = ((max + step - 1) / step) * step;

            g.setStroke(new BasicStroke(SCALE));
            for (long v = 0; v <= axisMax; v += step) {
                int y = bottom - (int) ((bottom - top) * v / axisMax);
                g.setColor(new Color(0xe5, 0xe7, 0xeb));
                g.drawLine(left, y, right, y);
                g.setColor(new Color(0x6b, 0x72, 0x80));
                String s = Long.toString(v);
                g.drawString(s, left - 8 * SCALE - fm.stringWidth(s), y + fm.getAscent() / 2 - SCALE);
            }
            g.setColor(new Color(0x9c, 0xa3, 0xaf));
            g.drawLine(left, bottom, right, bottom);

            int n = categories.size();
            double slot = (right - left) / (double) n;
            int bar = (int) Math.min(slot * 0.32, 36 * SCALE);
            for (int i = 0; i < n; i++) {
                int cx = left + (int) (slot * i + slot / 2);
                drawBar(g, cx - bar - SCALE, bar, bottom, top, current.get(i), axisMax, CURRENT, fm);
                drawBar(g, cx + SCALE, bar, bottom, top, previous.get(i), axisMax, PREVIOUS, fm);
                g.setColor(new Color(0x1f, 0x29, 0x37));
                String c = categories.get(i);
                g.drawString(c, cx - fm.stringWidth(c) / 2, bottom + 20 * SCALE);
            }
        } finally {
            g.dispose();
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static void drawBar(Graphics2D g, int x, int width, int bottom, int top, long value, long axisMax, Color color,
                                FontMetrics fm) {
        int height = (int) ((bottom - top) * value / (double) axisMax);
        g.setColor(color);
        g.fillRect(x, bottom - height, width, height);
        g.setColor(new Color(0x11, 0x18, 0x27));
        String s = Long.toString(value);
        g.drawString(s, x + width / 2 - fm.stringWidth(s) / 2, bottom - height - 4 * SCALE);
    }

    private static void legend(Graphics2D g, int x, int y, Color color, String text) {
        g.setColor(color);
        g.fillRect(x, y - 9 * SCALE, 14 * SCALE, 10 * SCALE);
        g.setColor(new Color(0x37, 0x41, 0x51));
        g.drawString(text, x + 18 * SCALE, y);
    }

    /** 1, 2, 5, 10, 20, 50 … so that the axis has at most about five lines. */
    private static long niceStep(long max) {
        long step = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (max / (step * m) <= 5) return step * m;
            }
            step *= 10;
        }
    }

    private Font font() {
        Font f = font;
        if (f == null) {
            try (InputStream in = BulletinCharts.class.getResourceAsStream("/fonts/NotoSansSC_400Regular.ttf")) {
                font = f = Font.createFont(Font.TRUETYPE_FONT, in);
            } catch (IOException | java.awt.FontFormatException e) {
                throw new IllegalStateException("图表字体无法加载", e);
            }
        }
        return f;
    }
}
