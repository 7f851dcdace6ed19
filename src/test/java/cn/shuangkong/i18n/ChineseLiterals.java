package cn.shuangkong.i18n;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every piece of Chinese that the platform's own code and templates put in front of a person: template text, the
 * text attributes a person reads, string literals in template expressions, and Java string literals outside the demo
 * data, API documentation annotations, log lines and the standards' own vocabularies (quoted as published).
 */
final class ChineseLiterals {

    static final Pattern HAN = Pattern.compile("[\\u3400-\\u9fff]");
    /** A run of Chinese as a reader sees it: characters and the full-width punctuation between them. */
    static final Pattern RUN = Pattern.compile("[\\u3400-\\u9fff][\\u3400-\\u9fff\\u3000-\\u303f\\uff01-\\uff5e]*");

    private static final Path TEMPLATES = Path.of("src/main/resources/templates");
    private static final Path JAVA = Path.of("src/main/java/cn/shuangkong");
    /** Quoted as the standards publish them, like names of substances: the data of a standard, not the UI's words. */
    private static final Set<String> STANDARD_TEXTS = Set.of("Gb18218Tables.java", "MajorHazardCriteria.java", "HazardDictionaries.java",
            "ClassificationCodes.java" /* GB 6441's type names as people write them (其它 for 其他) */,
            "MonitoringProperties.java" /* the demo simulator's defaults: demo data */,
            "Mailer.java" /* e-mails go out in Chinese: the recipient's language is not known */,
            "BackupCommand.java", "Backups.java", "PgTools.java", "EmbeddedDatabase.java" /* the operator's console */,
            "ContainerErrors.java" /* Tomcat's own refusals, before any locale is known: Chinese first */,
            "DataDirectoryLock.java", "MqttConnector.java" /* start-up refusals on the console, already in both languages */);

    /**
     * Excel workbooks are exchange formats: their sheets and headers are what an import reads back and what is filed
     * with the regulator, so they stay Chinese in every language.
     */
    private static final Pattern EXCHANGE_FORMAT = Pattern.compile(".*(Workbook|Ledger|TownBook|Spreadsheets|RiskSheets|RiskImport)\\.java");
    private static final Pattern SCRIPT_OR_STYLE = Pattern.compile("(?is)<(script|style)\\b.*?</\\1>");
    private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
    private static final Pattern TEXT_NODE = Pattern.compile(">([^<>]+)<");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\s([a-zA-Z:-]+)=\"([^\"]*)\"");
    private static final Pattern QUOTED = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'");
    private static final Pattern PIPE = Pattern.compile("\\|([^|]*)\\|");
    private static final Pattern EXPRESSION = Pattern.compile("[$*#@~]\\{[^}]*}");
    /** A body that the element's own attribute replaces at run time is only a sample for the designer. */
    private static final Pattern REPLACED_BODY = Pattern.compile("^<[^/!][^>]*\\s(th|data-th):(text|utext|replace|insert|remove)=");
    /** Expressions that decide or address, not show: a Chinese literal there is compared, never read. */
    private static final Pattern NOT_SHOWN = Pattern.compile("(th:|data-th-)(href|src|action|class|classappend|style|styleappend|if|unless|switch|case|selected|checked|field|object|id|name|disabled)");
    private static final Set<String> TEXT_ATTRIBUTES = Set.of("placeholder", "title", "alt", "aria-label", "label", "value", "data-confirm");

    private static final Pattern DOC_ANNOTATION = Pattern.compile("^@(Operation|Schema|Tag|Parameter|ApiResponse|ApiResponses|Content|ExampleObject)\\($");
    private static final Pattern LOG_CALL = Pattern.compile("^(log|LOG|logger)\\.(trace|debug|info|warn|error)\\($");
    /** Texts written into a record (the audit trail, a notice sent): evidence, shown as it was recorded. */
    private static final Pattern RECORDED = Pattern.compile("^(StateChanged|\\w+\\.(send|notify)|Outbox\\.Outgoing)\\($");
    private static final Pattern SQL = Pattern.compile("(?i)\\b(select|insert into|update \\w+ set|case when|where)\\b");

    private ChineseLiterals() {}

    /** Chinese fragments of the templates, by file. */
    static Map<String, Set<String>> templates() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Path file : files(TEMPLATES, ".html")) {
            String html = COMMENT.matcher(SCRIPT_OR_STYLE.matcher(read(file)).replaceAll("<x>")).replaceAll("");
            Set<String> found = new LinkedHashSet<>();
            Matcher text = TEXT_NODE.matcher(html);
            while (text.find()) {
                if (!REPLACED_BODY.matcher(openingTagBefore(html, text.start())).find()) add(found, text.group(1));
            }
            Matcher attribute = ATTRIBUTE.matcher(html);
            while (attribute.find()) {
                String name = attribute.group(1), value = attribute.group(2);
                if (NOT_SHOWN.matcher(name).matches()) continue;
                if (name.startsWith("th:") || name.startsWith("data-th-")) {
                    String composed = composed(value);
                    if (composed != null) {
                        add(found, composed);
                        continue;
                    }
                    Matcher pipe = PIPE.matcher(value);
                    while (pipe.find()) add(found, EXPRESSION.matcher(pipe.group(1)).replaceAll("{}"));
                    Matcher quoted = QUOTED.matcher(PIPE.matcher(value).replaceAll(""));
                    while (quoted.find()) add(found, quoted.group(1));
                } else if (TEXT_ATTRIBUTES.contains(name)) {
                    add(found, value);
                }
            }
            if (!found.isEmpty()) out.put(TEMPLATES.relativize(file).toString(), found);
        }
        return out;
    }

    /** Chinese fragments of the Java code a person reads (labels, messages), by file. */
    static Map<String, Set<String>> java() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Path file : files(JAVA, ".java")) {
            String name = file.getFileName().toString();
            if (file.toString().contains("/demo/") || STANDARD_TEXTS.contains(name) || EXCHANGE_FORMAT.matcher(name).matches()) continue;
            Set<String> found = new LinkedHashSet<>();
            for (String literal : readableLiterals(read(file))) {
                String s = literal.replace("\\n", " ").replace("\\\"", "\"");
                if (SQL.matcher(s).find()) {
                    Matcher quoted = QUOTED.matcher(s);
                    while (quoted.find()) add(found, quoted.group(1));
                } else {
                    add(found, s.replaceAll("%[-0-9.]*[sdf]", "{}"));
                }
            }
            if (!found.isEmpty()) out.put(JAVA.relativize(file).toString(), found);
        }
        return out;
    }

    /**
     * The string literals of a Java source that are not inside a call of a logger or an API documentation annotation:
     * a small scanner that keeps, for each open parenthesis, the name written before it.
     */
    static List<String> readableLiterals(String java) {
        return literals(java, false);
    }

    /** The string literals written into records (audit texts, notices). */
    static List<String> recordedLiterals(String java) {
        return literals(java, true);
    }

    private static List<String> literals(String java, boolean recorded) {
        List<String> literals = new java.util.ArrayList<>();
        java.util.Deque<String> callers = new java.util.ArrayDeque<>();
        int i = 0, n = java.length();
        while (i < n) {
            char c = java.charAt(i);
            if (java.startsWith("//", i)) {
                i = java.indexOf('\n', i); if (i < 0) break;
            } else if (java.startsWith("/*", i)) {
                i = java.indexOf("*/", i + 2); if (i < 0) break; i += 2;
            } else if (java.startsWith("\"\"\"", i)) {
                i = java.indexOf("\"\"\"", i + 3); if (i < 0) break; i += 3; // text blocks hold SQL here
            } else if (c == '\'') {
                i = java.charAt(i + 1) == '\\' ? java.indexOf('\'', i + 3) + 1 : i + 3;
            } else if (c == '"') {
                int j = i + 1;
                while (j < n && java.charAt(j) != '"') j += java.charAt(j) == '\\' ? 2 : 1;
                boolean inRecord = callers.stream().anyMatch(name -> RECORDED.matcher(name + "(").find());
                boolean hidden = inRecord || callers.stream().anyMatch(name -> DOC_ANNOTATION.matcher(name + "(").find()
                        || LOG_CALL.matcher(name + "(").find());
                if (recorded ? inRecord : !hidden) literals.add(java.substring(i + 1, Math.min(j, n)));
                i = j + 1;
            } else if (c == '(') {
                int k = i;
                while (k > 0 && Character.isWhitespace(java.charAt(k - 1))) k--;
                int b = k;
                while (b > 0 && (Character.isJavaIdentifierPart(java.charAt(b - 1)) || java.charAt(b - 1) == '.' || java.charAt(b - 1) == '@')) b--;
                callers.push(java.substring(b, k));
                i++;
            } else if (c == ')') {
                if (!callers.isEmpty()) callers.pop();
                i++;
            } else {
                i++;
            }
        }
        return literals;
    }

    /**
     * The text a plain concatenation of literals and expressions shows, with {@code {}} for each expression
     * ({@code '期限 ' + ${h.deadline}} → {@code 期限 {}}); null when the expression decides between texts.
     */
    static String composed(String expression) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        boolean literal = false, any = false;
        StringBuilder part = new StringBuilder();
        for (int i = 0; i <= expression.length(); i++) {
            char c = i < expression.length() ? expression.charAt(i) : '+';
            if (literal) {
                if (c == '\\' && i + 1 < expression.length()) { part.append(expression.charAt(++i)); continue; }
                if (c == '\'') { literal = false; text.append(part); part.setLength(0); any = true; } else part.append(c);
                continue;
            }
            if (c == '\'' && depth == 0) { literal = true; continue; }
            if (c == '(' || c == '{' || c == '[') depth++;
            if (c == ')' || c == '}' || c == ']') depth--;
            if (depth == 0 && (c == '?' || c == ':' || c == '|' || c == ',')) return null;
            if (depth == 0 && c == '+') {
                if (!part.toString().isBlank()) text.append("{}");
                part.setLength(0);
            } else if (!Character.isWhitespace(c) || depth > 0) {
                part.append(c);
            }
        }
        return any ? text.toString().replace("{}{}", "{}") : null;
    }

    private static String openingTagBefore(String html, int closingBracket) {
        int open = html.lastIndexOf('<', closingBracket);
        return open < 0 ? "" : html.substring(open, closingBracket + 1);
    }

    /**
     * Runs of Chinese that are data somewhere: the demo city, the standards' texts, what the code writes into records,
     * and the dictionaries under resources. A page may show them in any language.
     */
    static Set<String> dataRuns() {
        Set<String> runs = new LinkedHashSet<>();
        for (Path file : files(JAVA, ".java")) {
            String name = file.getFileName().toString();
            String java = read(file);
            if (file.toString().contains("/demo/") || STANDARD_TEXTS.contains(name)) {
                Matcher m = RUN.matcher(java);
                while (m.find()) runs.add(m.group());
            } else {
                recordedLiterals(java).forEach(l -> runs.addAll(runs(l)));
            }
        }
        for (Path file : files(Path.of("src/main/resources"), ".csv")) {
            Matcher m = RUN.matcher(read(file));
            while (m.find()) runs.add(m.group());
        }
        return runs;
    }

    /** The runs of Chinese inside a text. */
    static Set<String> runs(String text) {
        Set<String> runs = new LinkedHashSet<>();
        Matcher m = RUN.matcher(text);
        while (m.find()) runs.add(m.group());
        return runs;
    }

    private static void add(Set<String> into, String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        if (HAN.matcher(t).find()) into.add(t);
    }

    private static List<Path> files(Path root, String suffix) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
