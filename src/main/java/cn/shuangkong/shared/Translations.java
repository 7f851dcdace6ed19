package cn.shuangkong.shared;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The English words for the platform's Chinese, keyed by the Chinese text itself (the gettext way), so that templates,
 * enum labels and domain messages stay readable Chinese in the code and English is one catalogue beside them.
 *
 * <p>The catalogue is every {@code classpath:i18n/en/*.tsv}: one entry a line, {@code 中文<TAB>English}; {@code #}
 * starts a comment. A key may hold {@code {}} placeholders ({@code 期限 {}	Due {}}): each matches any text, which is
 * itself translated when it is Chinese; the English side uses {@code {}} in the same order or {@code {1}}, {@code {2}}
 * to reorder. Text the catalogue does not know stays as it is — that is the data (names, titles, places).
 */
public final class Translations {

    private static final Pattern CJK = Pattern.compile("[\\u3400-\\u9fff\\uff01-\\uff5e\\u3000-\\u303f]");
    private static final Pattern HAN = Pattern.compile("[\\u3400-\\u9fff]");
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
    /** Where a composed text may be cut into parts that stand alone: "靖江市 · 全行业（综合监管）", "预警中心 - 双控". */
    private static final Pattern SEPARATOR = Pattern.compile("( · | - | / | \\| |：|；| → )");
    private static final int CACHE_LIMIT = 20_000;
    private static final String UNKNOWN = "\u0000"; // cached "no entry" (an entry may translate to the empty string)
    private static volatile Translations english;

    private final Map<String, String> exact;
    private final List<Template> templates;
    private final Map<Character, List<Template>> byFirstChar = new HashMap<>();
    private final List<Template> openStart = new ArrayList<>();
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    private record Template(String key, Pattern pattern, String english, int literalLength) {}

    /** A catalogue of the given entries; the platform uses {@link #english()}. */
    public static Translations of(Map<String, String> entries) {
        return new Translations(entries);
    }

    private Translations(Map<String, String> entries) {
        Map<String, String> plain = new HashMap<>();
        List<Template> parametrised = new ArrayList<>();
        entries.forEach((zh, en) -> {
            if (zh.contains("{}")) {
                parametrised.add(template(zh, en));
            } else {
                plain.put(zh, en);
            }
        });
        // the most specific template wins: "期限 {} 天" before "{} 天"
        parametrised.sort(Comparator.comparingInt(Template::literalLength).reversed());
        this.exact = Map.copyOf(plain);
        this.templates = List.copyOf(parametrised);
        for (Template t : templates) {
            if (t.key.startsWith("{}")) {
                openStart.add(t);
            } else {
                byFirstChar.computeIfAbsent(t.key.charAt(0), c -> new ArrayList<>()).add(t);
            }
        }
    }

    /** The platform's English catalogue, read once from the class path. */
    public static Translations english() {
        Translations t = english;
        if (t == null) {
            synchronized (Translations.class) {
                if (english == null) english = new Translations(load("classpath*:i18n/en/*.tsv"));
                t = english;
            }
        }
        return t;
    }

    /** {@code text} in the language of {@code locale}: the text itself for Chinese, else its English where known. */
    public static String in(Locale locale, String text) {
        return locale != null && "en".equals(locale.getLanguage()) ? english().translate(text) : text;
    }

    /** True when the text holds Chinese characters, i.e. something a translation could apply to. */
    public static boolean hasChinese(String text) {
        return text != null && HAN.matcher(text).find();
    }

    /**
     * The English of a piece of text, keeping its surrounding white space; the text itself when the catalogue has no
     * entry for it. Returns the same instance when nothing changed, so callers can skip work.
     */
    public String translate(String text) {
        if (text == null || !hasChinese(text)) return text;
        String cached = cache.get(text);
        if (cached != null) return cached.equals(UNKNOWN) ? text : cached;
        int start = 0, end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) start++;
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
        String core = WHITE_SPACE.matcher(text.substring(start, end)).replaceAll(" ");
        String english = lookup(core, 0);
        if (english == null) english = bySegments(core);
        String result = english == null ? null : text.substring(0, start) + english + text.substring(end);
        if (cache.size() > CACHE_LIMIT) cache.clear();
        cache.put(text, result == null ? UNKNOWN : result);
        return result == null ? text : result;
    }

    /**
     * A text no entry matches whole, cut at the separators the pages put between parts: each part the catalogue
     * knows is translated, the others are data and stay as they are.
     */
    private String bySegments(String core) {
        Matcher cut = SEPARATOR.matcher(core);
        StringBuilder out = new StringBuilder();
        int from = 0;
        boolean any = false;
        while (cut.find()) {
            String part = core.substring(from, cut.start());
            String english = part.isBlank() ? null : lookup(part.strip(), 0);
            if (english != null) any = true;
            out.append(english != null ? part.replace(part.strip(), english) : part).append(cut.group());
            from = cut.end();
        }
        if (from == 0) return null;
        String last = core.substring(from);
        String english = last.isBlank() ? null : lookup(last.strip(), 0);
        if (english != null) any = true;
        out.append(english != null ? last.replace(last.strip(), english) : last);
        return any ? out.toString() : null;
    }

    /** Whether the catalogue translates this exact text (test support: every Chinese literal must be covered). */
    public boolean covers(String text) {
        String core = text.strip();
        return !hasChinese(core) || lookup(core, 0) != null;
    }

    /** Every Chinese key of the catalogue, placeholders included. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>(exact.keySet());
        templates.forEach(t -> keys.add(t.key));
        return Collections.unmodifiableList(keys);
    }

    private String lookup(String core, int depth) {
        String hit = exact.get(core);
        if (hit != null) return hit;
        if (core.isEmpty() || depth > 3) return null;
        String found = match(byFirstChar.getOrDefault(core.charAt(0), List.of()), core, depth);
        return found != null ? found : match(openStart, core, depth);
    }

    private String match(List<Template> candidates, String core, int depth) {
        for (Template t : candidates) {
            Matcher m = t.pattern.matcher(core);
            if (!m.matches()) continue;
            String out = t.english;
            for (int g = 1; g <= m.groupCount(); g++) {
                String value = m.group(g);
                String inner = hasChinese(value) ? lookup(value.strip(), depth + 1) : null;
                if (inner == null && hasChinese(value)) inner = bySegments(value.strip());
                String filled = inner != null ? value.replace(value.strip(), inner) : value;
                out = out.contains("{" + g + "}") ? out.replace("{" + g + "}", filled) : out.replaceFirst("\\{}", Matcher.quoteReplacement(filled));
            }
            return out;
        }
        return null;
    }

    private static Template template(String zh, String en) {
        StringBuilder regex = new StringBuilder();
        int literal = 0;
        String[] parts = zh.split("\\{}", -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(Pattern.quote(parts[i]));
            literal += parts[i].length();
            if (i < parts.length - 1) regex.append("(.+?)");
        }
        return new Template(zh, Pattern.compile(regex.toString(), Pattern.DOTALL), en, literal);
    }

    /** One line of the catalogue and where it is written ({@code file:line}). */
    public record Entry(String chinese, String english, String source) {}

    /**
     * Every line of the platform's English catalogue, in file order, with where it stands: test support, since the
     * map the catalogue is made of keeps one English per Chinese text (the last file read wins), so two files that
     * give one text two Englishes would show a page whichever the class path lists last.
     */
    public static List<Entry> catalogueEntries() {
        return entries("classpath*:i18n/en/*.tsv");
    }

    static Map<String, String> load(String pattern) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries(pattern).forEach(e -> entries.put(e.chinese(), e.english()));
        return entries;
    }

    private static List<Entry> entries(String pattern) {
        List<Entry> entries = new ArrayList<>();
        try {
            Resource[] files = new PathMatchingResourcePatternResolver().getResources(pattern);
            for (Resource file : files) {
                try (InputStream in = file.getInputStream()) {
                    parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file.getFilename(), entries);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the English catalogue", e);
        }
        return entries;
    }

    static void parse(String content, String source, List<Entry> into) {
        int n = 0;
        for (String line : content.split("\n")) {
            n++;
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.isBlank() || l.startsWith("#")) continue;
            int tab = l.indexOf('\t');
            if (tab <= 0) throw new IllegalStateException(source + ":" + n + ": expected <Chinese><TAB><English>");
            // "\n" in an entry stands for a line break; keys compare with their white space folded, as texts do
            String zh = WHITE_SPACE.matcher(l.substring(0, tab).replace("\\n", "\n")).replaceAll(" ").strip();
            String en = l.substring(tab + 1).strip().replace("\\n", "\n");
            if (!CJK.matcher(zh).find()) throw new IllegalStateException(source + ":" + n + ": the key has no Chinese");
            into.add(new Entry(zh, en, source + ":" + n));
        }
    }
}
