package dev.portablesession.containers.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.portablesession.containers.ContainerUnderTest;
import dev.portablesession.containers.Deployment;
import dev.portablesession.containers.Node;
import dev.portablesession.containers.TestApp;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every behaviour of {@link Behaviours}, twice: on one server with the container's own sessions,
 * and on two servers with the filter's, sharing one Redis, the requests alternating. The two
 * observations must agree, or differ as {@link KnownDifferences} says. The results are the
 * column {@code docs/conformance/<module>.md} and the matrix {@code docs/conformance.md}; the test
 * fails when either is out of date, and rewrites both with {@code -Dconformance.update=true}.
 *
 * <p>A container module runs it with a one-line subclass, {@code class TomcatConformanceIT extends
 * ConformanceSuite { TomcatConformanceIT() { super(new EmbeddedTomcat()); } }}. The module's
 * directory name names its column.
 */
@ExtendWith(RedisExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConformanceSuite {

    private static final String UPDATE = "conformance.update";
    private static final String CONTAINER_COOKIE = "JSESSIONID";

    private final ContainerUnderTest container;
    private Node own;
    private Node a;
    private Node b;

    protected ConformanceSuite(ContainerUnderTest container) {
        this.container = container;
    }

    @BeforeAll
    void startServers(RedisServer redis) throws Exception {
        own = container.start(new Deployment.Embedded(Map.of(TestApp.NODE, "own"), null, List.of(), true));
        a = container.start(withFilter("a", redis));
        b = container.start(withFilter("b", redis));
    }

    /** The same application with the filter: a real deployment has a session manager too, whose defaults the filter takes. */
    private static Deployment withFilter(String node, RedisServer redis) {
        return new Deployment.Embedded(Map.of(TestApp.NODE, node, TestApp.REGISTRATION, "listener", TestApp.REDIS_URL, redis.uri(),
                "portablesession.namespace", "conformance", "portablesession.listeners", EventLog.class.getName(),
                "portablesession.codec.allow", Values.class.getPackageName() + ".*"), null, List.of(), true);
    }

    @AfterAll
    void stopServers() throws Exception {
        for (Node node : new Node[] {own, a, b}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void behavesLikeTheContainersOwnSessions() throws Exception {
        String module = module();
        List<Report.Row> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Behaviour behaviour : Behaviours.all()) {
            Observer.Observation native_ = Observer.observe(behaviour, CONTAINER_COOKIE, List.of(own.root()));
            Observer.Observation filter = Observer.observe(behaviour, Browser.SESSION_COOKIE, List.of(a.root(), b.root()));
            filter.setCookies().stream().filter(h -> h.toUpperCase(Locale.ROOT).startsWith(CONTAINER_COOKIE + "="))
                    .forEach(h -> problems.add(behaviour.title() + ": the container made a session of its own beside the filter's: " + h));
            boolean same = native_.text().equals(filter.text());
            KnownDifferences.Known known = KnownDifferences.find(behaviour.title(), module);
            if (!same && known == null) {
                problems.add("unexplained difference, " + behaviour.title() + "\n    container: " + native_.text()
                        + "\n    filter:    " + filter.text());
            } else if (same && known != null) {
                problems.add("listed as a difference on " + module + " but the same: " + behaviour.title() + ": " + native_.text());
            }
            rows.add(new Report.Row(behaviour.title(), same ? "same" : "differs", native_.text(), filter.text(),
                    same || known == null ? "" : known.reason()));
        }
        problems.addAll(documented(module, rows));
        if (!problems.isEmpty()) {
            fail(container.name() + ": " + problems.size() + " problems of " + rows.size() + " behaviours\n" + String.join("\n", problems));
        }
    }

    /** Writes the column and the matrix, or, without {@value #UPDATE}, says what is out of date. */
    private List<String> documented(String module, List<Report.Row> rows) throws Exception {
        Path docs = root().resolve("docs");
        Path columnFile = docs.resolve("conformance").resolve(module + ".md");
        String column = Report.column(module, container.name(), rows);
        Map<String, List<Report.Row>> columns = new TreeMap<>(Report.read(docs.resolve("conformance")));
        columns.put(module, Report.parse(column));
        Path matrixFile = docs.resolve("conformance.md");
        String matrix = Report.matrix(columns);
        if (Boolean.getBoolean(UPDATE)) {
            Files.createDirectories(columnFile.getParent());
            Files.writeString(columnFile, column);
            Files.writeString(matrixFile, matrix);
            return List.of();
        }
        List<String> stale = new ArrayList<>();
        for (Path file : List.of(columnFile, matrixFile)) {
            String expected = file.equals(columnFile) ? column : matrix;
            String documented = Files.exists(file) ? Files.readString(file) : "";
            if (!documented.equals(expected)) {
                stale.add(root().relativize(file) + " is out of date with what " + container.name()
                        + " does; regenerate it with " + Report.command(module) + differences(documented, expected));
            }
        }
        return stale;
    }

    /** The lines only the document has and those only this run has, a few of each. */
    private static String differences(String documented, String observed) {
        List<String> was = new ArrayList<>(documented.lines().toList());
        List<String> now = new ArrayList<>(observed.lines().toList());
        List<String> gone = was.stream().filter(line -> !now.contains(line)).limit(5).toList();
        List<String> added = now.stream().filter(line -> !was.contains(line)).limit(5).toList();
        return "\n  documented: " + String.join("\n              ", gone) + "\n  observed:   " + String.join("\n              ", added);
    }

    /** The module's directory name: the tests run in it. */
    private static String module() {
        return Path.of(System.getProperty("user.dir")).getFileName().toString();
    }

    private static Path root() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no project root (with mvnw and docs/) above " + System.getProperty("user.dir"));
    }
}
