package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.ShuangkongApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalApplicationListener;
import org.springframework.transaction.event.TransactionalApplicationListenerMethodAdapter;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The names Spring Modulith's event publication registry stores (ADR 0075): a publication left incomplete names its
 * listener and its event's class, and is handed back only to a listener of exactly that name. A class moved or
 * renamed, or a listener made plain, orphans the publications of an installation that upgrades with some still
 * incomplete, unless a migration renames or drains them. This test keeps the names the code has now, and those it
 * once had, in {@code src/test/resources/event-publication-names.txt}: a name that leaves the code fails it until the
 * file says which migration takes care of its publications.
 */
class EventNamesTest {

    private static final String FILE = "event-publication-names.txt";

    @Test
    void the_registry_can_store_only_the_names_the_file_lists() {
        Set<String> code = names(mainClasses());
        Names file = Names.read();
        Set<String> gone = new TreeSet<>(file.current);
        gone.removeAll(code);
        assertThat(gone).as("""
                names the event publication registry stores that the code no longer has (%s): an installation's \
                incomplete publications of these would never be delivered. Add a migration that renames them in \
                event_publication (listener_id, event_type), or owes their reaction where it now lives and completes \
                them (as V280 and V301 do), then mark each in %s as "was <kind> <name> V<n>\"""", gone, FILE).isEmpty();
        Set<String> added = new TreeSet<>(code);
        added.removeAll(file.current);
        assertThat(added).as("new names the registry will store (%s): add them to %s, so that their removal is "
                + "caught", added, FILE).isEmpty();
        assertThat(file.was.keySet()).as("a name both current and gone in %s", FILE).filteredOn(code::contains).isEmpty();
    }

    /** Each name the registry once stored names the migrations that rename or drain its publications, and they name it. */
    @Test
    void every_name_gone_names_the_migration_that_takes_care_of_it() throws IOException {
        Map<String, List<String>> was = Names.read().was;
        assertThat(was).as("names gone in %s", FILE).isNotEmpty();
        for (var gone : was.entrySet()) {
            String name = gone.getKey().substring(gone.getKey().indexOf(' ') + 1);
            // A listener's publications may be matched by its method, whatever the event (V280: AlertEngine.on(%).
            String named = gone.getKey().startsWith("listener ") ? name.substring(0, name.indexOf('(') + 1) : name;
            assertThat(gone.getValue()).as("the migrations for %s", gone.getKey()).isNotEmpty();
            for (String version : gone.getValue()) {
                Resource[] migration = new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/" + version + "__*.sql");
                assertThat(migration).as("migration %s, named for %s", version, gone.getKey()).hasSize(1);
                assertThat(migration[0].getContentAsString(StandardCharsets.UTF_8)).as("%s names %s", version, name).contains(named);
            }
        }
    }

    /**
     * What the guard reads is what the registry stores: after-commit transactional listeners (Modulith's own
     * {@code @ApplicationModuleListener} among them), with the id Spring gives them, and not a plain listener or one
     * before commit, which the registry never records. The id is the one V280 and V301 match.
     */
    @Test
    void the_names_are_those_the_registry_stores() {
        assertThat(names(List.of(Fixture.class))).containsExactlyInAnyOrder(
                "listener cn.shuangkong.shared.EventNamesTest$Fixture.on(cn.shuangkong.shared.StateChanged)",
                "listener cn.shuangkong.shared.EventNamesTest$Fixture.also(cn.shuangkong.shared.EventNamesTest$Fixture$Happened)",
                "listener 固定的名字",
                "event cn.shuangkong.shared.StateChanged",
                "event cn.shuangkong.shared.EventNamesTest$Fixture$Happened");
    }

    /** A listener that is a class of its own rather than a method: its name is its own code's, which this cannot read. */
    @Test
    void no_listener_names_itself() {
        List<Class<?>> main = mainClasses();
        assertThat(main).as("main classes").hasSizeGreaterThan(100);
        assertThat(main).filteredOn(TransactionalApplicationListener.class::isAssignableFrom)
                .as("a TransactionalApplicationListener class: give it a method listener, or teach this test its id").isEmpty();
    }

    /** {@code listener <id>} and {@code event <class>} for every method the registry would store publications for. */
    static Set<String> names(List<Class<?>> classes) {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : classes) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.isSynthetic() || !AnnotatedElementUtils.hasAnnotation(method, TransactionalEventListener.class)) continue;
                // Spring's own adapter, as TransactionalEventListenerFactory makes it: the id and phase are its.
                var listener = new TransactionalApplicationListenerMethodAdapter(type.getName(), type, method);
                // Modulith's multicaster records a publication for after-commit listeners only.
                if (listener.getTransactionPhase() != TransactionPhase.AFTER_COMMIT) continue;
                names.add("listener " + listener.getListenerId());
                // The registry stores the published object's class; a record or final class is the parameter's.
                Arrays.stream(method.getParameterTypes()).forEach(event -> {
                    assertThat(event.isRecord() || Modifier.isFinal(event.getModifiers()))
                            .as("event %s of %s: a subclass would be stored under its own name; make it a record", event, method).isTrue();
                    names.add("event " + event.getName());
                });
            }
        }
        return names;
    }

    /** The compiled main classes (not the tests'), loaded without running their initialisers. */
    static List<Class<?>> mainClasses() {
        try {
            String root = ShuangkongApplication.class.getProtectionDomain().getCodeSource().getLocation().toString();
            ClassLoader loader = EventNamesTest.class.getClassLoader();
            List<Class<?>> classes = new ArrayList<>();
            for (Resource file : new PathMatchingResourcePatternResolver().getResources(root + "cn/shuangkong/**/*.class")) {
                String path = file.getURL().toString().substring(root.length());
                classes.add(Class.forName(path.substring(0, path.length() - ".class".length()).replace('/', '.'), false, loader));
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file: {@code listener <id>} / {@code event <class>} now; {@code was <kind> <name> V<n>...} once. */
    record Names(Set<String> current, Map<String, List<String>> was) {

        static Names read() {
            Set<String> current = new TreeSet<>();
            Map<String, List<String>> was = new LinkedHashMap<>();
            String text;
            try {
                text = new ClassPathResource(FILE).getContentAsString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String line : text.lines().map(String::strip).toList()) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] words = line.split("\\s+");
                if (words[0].equals("was")) {
                    assertThat(words.length).as("%s: was <kind> <name> V<n>...: %s", FILE, line).isGreaterThanOrEqualTo(4);
                    was.put(words[1] + " " + words[2], List.of(words).subList(3, words.length));
                } else {
                    assertThat(words.length).as("%s: <kind> <name>: %s", FILE, line).isEqualTo(2);
                    current.add(line);
                }
            }
            return new Names(current, was);
        }
    }

    /** Listeners of each kind, for the guard to be shown what it must and must not see. */
    static class Fixture {

        record Happened(long id) {
        }

        @TransactionalEventListener
        void on(StateChanged change) {
        }

        @ApplicationModuleListener
        void also(Happened happened) {
        }

        @TransactionalEventListener(id = "固定的名字")
        void named(Happened happened) {
        }

        @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
        void before(StateChanged change) {
        }

        @EventListener
        void plain(StateChanged change) {
        }
    }
}
