package io.twitterhelpdesk.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector's packages depend on each other without loops: each one can be read, tested and moved knowing only
 * the packages below it. Dependencies are the {@code io.twitterhelpdesk.<package>.<Class>} names a source file uses
 * (imports and fully qualified names), in the three modules' sources (the tests run in app/). Core, the library,
 * uses none of the packages of the app or the sandbox.
 */
class PackageLoopsTest {

    private static final Path APP = Path.of("src/main/java/io/twitterhelpdesk");
    private static final Path CORE = Path.of("../core/src/main/java/io/twitterhelpdesk");
    private static final Path SANDBOX = Path.of("../twitter-sandbox/src/main/java/io/twitterhelpdesk");
    private static final Pattern USE = Pattern.compile("io\\.twitterhelpdesk\\.(\\w+)\\.[A-Z]\\w*");

    @Test
    void noPackageDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> uses = uses();

        List<String> loops = new ArrayList<>();
        for (String start : uses.keySet()) {
            // a path from a package the start uses back to the start is a loop
            Deque<List<String>> paths = new ArrayDeque<>();
            paths.add(List.of(start));
            Set<String> seen = new TreeSet<>();
            while (!paths.isEmpty()) {
                List<String> path = paths.poll();
                for (String next : uses.getOrDefault(path.get(path.size() - 1), Set.of())) {
                    if (next.equals(start)) {
                        loops.add(String.join(" -> ", path) + " -> " + start);
                    } else if (seen.add(next)) {
                        List<String> longer = new ArrayList<>(path);
                        longer.add(next);
                        paths.add(longer);
                    }
                }
            }
        }

        assertThat(uses).containsKeys("app", "inbound", "outbound", "xapi", "sandbox");
        assertThat(loops).as("package loops").isEmpty();
    }

    @Test
    void coreUsesNothingOfTheAppOrTheSandbox() throws IOException {
        Set<String> outside = new TreeSet<>(uses(APP, SANDBOX).keySet());
        Map<String, Set<String>> uses = uses(APP, CORE, SANDBOX);
        Set<String> core = uses(CORE).keySet();
        assertThat(core).contains("inbound", "media", "embed").doesNotContain("app", "api", "broker", "sandbox");

        List<String> crossings = new ArrayList<>();
        for (String pkg : core) {
            for (String used : uses.get(pkg)) {
                if (outside.contains(used) && !core.contains(used)) {
                    crossings.add(pkg + " -> " + used);
                }
            }
        }
        assertThat(crossings).as("core packages using the app's or the sandbox's").isEmpty();
    }

    private static Map<String, Set<String>> uses() throws IOException {
        return uses(APP, CORE, SANDBOX);
    }

    /** Each package of these source roots, and the packages of any of the roots it uses. */
    private static Map<String, Set<String>> uses(Path... roots) throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String pkg = root.relativize(file).getName(0).toString();
                    Set<String> used = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                    Matcher m = USE.matcher(Files.readString(file));
                    while (m.find()) {
                        String other = m.group(1);
                        if (!other.equals(pkg) && Stream.of(roots).anyMatch(r -> Files.isDirectory(r.resolve(other)))) {
                            used.add(other);
                        }
                    }
                }
            }
        }
        return uses;
    }
}
