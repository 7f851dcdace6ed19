package cn.shuangkong;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Component;

/**
 * A module's root package is its API, everything else is in its {@code internal} package (ADR 0074). Spring Modulith's
 * verification (ModularityTest) keeps other modules out of {@code internal}; this keeps the root small: each type at a
 * module's root is used by another module's main code, or is listed in {@link #API} with the reason it is API anyway.
 * "Used" is what the compiled classes depend on (what Spring Modulith sees, also a type reached only through a method's
 * result) plus what the sources name (a constant is inlined into the class that reads it, so only the source shows it).
 * The demo city's loader may reach into a module's {@code internal} package (the named interface {@code management}),
 * so its use does not keep a type at the root. A root type that nobody outside uses fails the build:
 * {@code python3 docs/adr/0074-internal-move.py <module>} moves it into {@code internal}. The same holds a root service's
 * members: a public method of a bean at a module's root that, outside the root package, only the module's own
 * {@code internal} package calls is open to every module for nothing, and belongs in {@code internal} (a compiled call
 * or method reference counts; a template's reflective call does not show, so a method nobody's compiled code calls is
 * not judged).
 */
class ModuleApiTest {

    static final Path MAIN = Path.of("src/main/java/cn/shuangkong");

    /** The module that loads the demo city through other modules' {@code internal} services. */
    static final String LOADER = "demo";

    /** Modules whose root is not held to the rule, with why. */
    static final Map<String, String> UNCHECKED = Map.of(
            "demo", "the demo city's loaders: application runners that nobody calls, not an API",
            "shared", "the open kernel (Type.OPEN): every module may use all of it; its events and helpers are shared on purpose");

    /** Root types that no other module uses yet but that are their module's API on purpose, with why. */
    static final Map<String, String> API = Map.of(
            "cn.shuangkong.hazard.EvidencePhotoReused", "the event hazard publishes for other modules when a photo is reused as evidence",
            "cn.shuangkong.permit.PermitExpired", "the event permit publishes for whoever follows permits (alerts, the 大屏, the daily commitment)");

    @Test
    void every_type_at_a_module_root_is_used_by_another_module_or_is_api_on_purpose() {
        JavaClasses classes = mainClasses();
        Map<String, Set<String>> roots = rootTypes(classes);
        assertThat(roots).as("modules found").containsKeys("hazard", "risk", "contractor");
        Map<String, Set<String>> unused = unused(classes, roots.keySet());
        assertThat(unused).as("root types that no other module uses: move them into <module>.internal (ADR 0074)").isEmpty();
    }

    /**
     * Public methods of root beans that, as far as this scan sees, only their module's {@code internal} code calls, each
     * with why it stays at the root anyway (ADR 0074, "Visibility" and session 15): mostly a template's call, which the
     * scan cannot see. A new one fails the build: move it into {@code internal}.
     */
    static final Map<String, String> CALLED_ONLY_INTERNALLY = Map.ofEntries(
            Map.entry("cn.shuangkong.organization.Industries.all", "internal.EnterpriseWorkbook's, and the templates' (the enterprise list's filter and the form's choices: a call this scan cannot see)"),
            Map.entry("cn.shuangkong.organization.Industries.nameOf", "internal.EnterpriseWorkbook's, and the templates' (the enterprise pages', and analytics' home/jurisdiction through HomeController's model: a call this scan cannot see)"),
            Map.entry("cn.shuangkong.regional.RegionalRisks.covers", "internal.TownBook's; the in-memory form of scopeFilter's rule (API: analytics' dashboard uses it), kept beside it so that the two cannot drift apart"),
            Map.entry("cn.shuangkong.risk.HazardDictionaries.factors", "internal.RiskImport's, and the templates' (risks/detail's factor choice through the pages' `dict`: a call this scan cannot see)"));

    @Test
    void a_public_method_of_a_root_bean_is_not_there_only_for_its_modules_internal_code() {
        List<String> found = calledOnlyInternally(mainClasses());
        assertThat(found).as("the scan finds root beans' methods").isNotEmpty();
        assertThat(found).as("public methods of root beans that, outside the root package, only the module's internal code calls:"
                + " move them into <module>.internal (ADR 0074)").isSubsetOf(CALLED_ONLY_INTERNALLY.keySet());
        assertThat(CALLED_ONLY_INTERNALLY.keySet()).as("listed methods that another module or the module's pages now call, or that"
                + " moved: they need no entry").isSubsetOf(found);
    }

    /** {@code <class>.<method>} of each public method of a root bean that, outside its root package, only its module's internal code calls. */
    static List<String> calledOnlyInternally(JavaClasses classes) {
        List<String> found = new ArrayList<>();
        for (JavaClass c : classes) {
            String module = moduleOf(c.getName());
            if (module == null || UNCHECKED.containsKey(module) || !c.isTopLevelClass() || !c.getPackageName().equals("cn.shuangkong." + module)
                    || !c.isMetaAnnotatedWith(Component.class) && !c.isAnnotatedWith(Component.class)) continue;
            for (JavaMethod m : c.getMethods()) {
                if (!m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.SYNTHETIC)) continue;
                Set<String> outsideRoot = new TreeSet<>();
                List<JavaAccess<?>> accesses = new ArrayList<>(m.getCallsOfSelf());
                accesses.addAll(m.getReferencesToSelf());
                for (JavaAccess<?> a : accesses) {
                    String from = a.getOriginOwner().getPackageName();
                    if (!from.equals(c.getPackageName())) outsideRoot.add(from);
                }
                if (!outsideRoot.isEmpty() && outsideRoot.stream().allMatch(p -> p.startsWith("cn.shuangkong." + module + ".internal"))) {
                    found.add(c.getName() + "." + m.getName());
                }
            }
        }
        return found.stream().distinct().sorted().toList();
    }

    @Test
    void types_listed_as_api_are_at_their_module_root_and_still_needed_there() {
        JavaClasses classes = mainClasses();
        Map<String, Set<String>> users = users(classes);
        for (String type : API.keySet()) {
            assertThat(classes.contain(type)).as(type + " exists").isTrue();
            assertThat(classes.get(type).getPackageName()).as(type + " is at its module's root").isEqualTo("cn.shuangkong." + moduleOf(type));
            assertThat(users.getOrDefault(type, Set.of())).as(type + " is used by other modules now: it needs no entry in API").isEmpty();
        }
    }

    @Test
    void only_the_demo_loader_reaches_into_another_modules_internal_package() {
        Map<String, Set<String>> reaches = new TreeMap<>();
        for (JavaClass c : mainClasses()) {
            String from = moduleOf(c.getName());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = topLevel(d.getTargetClass());
                String to = moduleOf(target.getName());
                if (to != null && !to.equals(from) && target.getPackageName().startsWith("cn.shuangkong." + to + ".internal")
                        && !LOADER.equals(from)) {
                    reaches.computeIfAbsent(c.getName(), k -> new TreeSet<>()).add(target.getName());
                }
            }
        }
        assertThat(reaches).as("classes that use another module's internal types").isEmpty();
    }

    /** Root types of the given modules that no other module uses and that are not {@link #API}. */
    static Map<String, Set<String>> unused(JavaClasses classes, Set<String> modules) {
        Map<String, Set<String>> users = users(classes);
        Map<String, Set<String>> unused = new TreeMap<>();
        rootTypes(classes).forEach((module, types) -> {
            if (!modules.contains(module) || UNCHECKED.containsKey(module)) return;
            for (String type : types) {
                Set<String> by = new TreeSet<>(users.getOrDefault(type, Set.of()));
                by.remove(LOADER);
                if (by.isEmpty() && !API.containsKey(type)) unused.computeIfAbsent(module, k -> new TreeSet<>()).add(type);
            }
        });
        return unused;
    }

    /** Each module's top-level types in its root package. */
    static Map<String, Set<String>> rootTypes(JavaClasses classes) {
        Map<String, Set<String>> roots = new TreeMap<>();
        for (JavaClass c : classes) {
            String module = moduleOf(c.getName());
            if (module != null && c.isTopLevelClass() && !c.getSimpleName().equals("package-info")
                    && c.getPackageName().equals("cn.shuangkong." + module)) {
                roots.computeIfAbsent(module, k -> new TreeSet<>()).add(c.getName());
            }
        }
        return roots;
    }

    /** For each top-level type, the other modules (or {@code application} for the main class) whose main code uses it. */
    static Map<String, Set<String>> users(JavaClasses classes) {
        Map<String, Set<String>> users = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = moduleOf(c.getName());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = topLevel(d.getTargetClass()).getName(), to = moduleOf(target);
                if (to != null && !to.equals(from)) users.computeIfAbsent(target, k -> new TreeSet<>()).add(from == null ? "application" : from);
            }
        }
        Pattern named = Pattern.compile("\\bcn\\.shuangkong\\.([a-z]\\w*)((?:\\.[a-z]\\w*)*)\\.([A-Z]\\w*)");
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path relative = MAIN.relativize(f);
                String from = relative.getNameCount() == 1 ? "application" : relative.getName(0).toString();
                Matcher m = named.matcher(withoutComments(Files.readString(f)));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        users.computeIfAbsent("cn.shuangkong." + m.group(1) + m.group(2) + "." + m.group(3), k -> new TreeSet<>()).add(from);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return users;
    }

    static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", "");
    }

    static JavaClass topLevel(JavaClass c) {
        JavaClass t = c.isArray() ? c.getBaseComponentType() : c;
        while (t.getEnclosingClass().isPresent()) t = t.getEnclosingClass().get();
        return t;
    }

    /** The module of a class name: the package right under {@code cn.shuangkong}, or null outside the modules. */
    static String moduleOf(String className) {
        if (!className.startsWith("cn.shuangkong.")) return null;
        String[] parts = className.substring("cn.shuangkong.".length()).split("\\.");
        return parts.length > 1 ? parts[0] : null;
    }

    private static JavaClasses imported;

    /** The main classes, imported once for the three tests (a import of the whole platform takes most of a minute). */
    static synchronized JavaClasses mainClasses() {
        if (imported == null) {
            imported = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("cn.shuangkong");
        }
        return imported;
    }

    /**
     * The moves for the given modules (all checked modules if none), for {@code docs/adr/0074-internal-move.py}: a line
     * {@code MOVE <type>} for each root type to move into {@code internal}, and {@code LOADER <module>} when the demo loader
     * uses a type of that module that is or will be internal (the package then becomes the named interface {@code management}).
     */
    public static void main(String[] args) {
        JavaClasses classes = mainClasses();
        Set<String> modules = args.length > 0 ? Set.of(args) : rootTypes(classes).keySet();
        Map<String, Set<String>> unused = unused(classes, modules);
        Map<String, Set<String>> users = users(classes);
        Set<String> loaded = new TreeSet<>();
        unused.values().forEach(types -> types.forEach(t -> {
            System.out.println("MOVE " + t);
            if (users.getOrDefault(t, Set.of()).contains(LOADER)) loaded.add(moduleOf(t));
        }));
        users.forEach((type, by) -> {
            String module = moduleOf(type);
            if (by.contains(LOADER) && modules.contains(module) && type.startsWith("cn.shuangkong." + module + ".internal.")) loaded.add(module);
        });
        loaded.forEach(m -> System.out.println("LOADER " + m));
    }
}
