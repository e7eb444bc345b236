package io.twitterhelpdesk.e2e.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.twitterhelpdesk.e2e.support.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/twitter-helpdesk, the launcher of the packaged jar (and the image's ENTRYPOINT): a start without a
 * class-data-sharing archive writes one at its clean stop, the next start loads the connector's libraries from it,
 * and a rebuilt jar (newer than the archive) makes the launcher write a fresh one instead of using a stale one.
 * Each start stops itself (camel-main's duration-max-seconds), on the built-in defaults (sandbox, embedded broker)
 * with every port a free one.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("bin", "twitter-helpdesk").toAbsolutePath();
    private static final Path JAR = Path.of("target", "twitter-helpdesk-connector.jar").toAbsolutePath();
    private static final Duration RUN = Duration.ofSeconds(120);

    @TempDir
    Path work;

    @Test
    void theFirstStartWritesTheArchiveTheNextLoadsFromItAndANewerJarOrLibraryGetsAFreshOne() throws Exception {
        Path jar = work.resolve("lib-copy").resolve("twitter-helpdesk-connector.jar");
        layOutJar(jar);
        Path archive = work.resolve("connector.jsa");

        Run first = start(jar, archive, "first");
        assertThat(first.exitCode).as("first start stops cleanly; log: " + first.log).isZero();
        assertThat(archive).as("the archive written at the first stop").exists();
        assertThat(first.classesFromArchive).isZero();

        Run second = start(jar, archive, "second");
        assertThat(second.exitCode).as("second start; log: " + second.log).isZero();
        assertThat(second.classesFromArchive).as("Camel and Artemis classes mapped from the archive")
                .isGreaterThan(1_000);

        // a new build of the jar: the old archive no longer matches it
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        Run third = start(jar, archive, "third");
        assertThat(third.exitCode).as("start after a rebuild; log: " + third.log).isZero();
        assertThat(third.classesFromArchive).as("a stale archive is not used").isZero();
        assertThat(Files.getLastModifiedTime(archive).toInstant()).as("the archive was written again")
                .isAfter(Files.getLastModifiedTime(jar).toInstant().minusSeconds(6));

        Run fourth = start(jar, archive, "fourth");
        assertThat(fourth.classesFromArchive).as("the fresh archive is used").isGreaterThan(1_000);

        // a new build of the core module alone: its jar in lib/ changes, the connector's jar may not
        Path core;
        try (var files = Files.list(jar.getParent().resolve("lib"))) {
            core = files.filter(f -> f.getFileName().toString().startsWith("twitter-helpdesk-core-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no core jar in lib/"));
        }
        Path built = Files.readSymbolicLink(core);
        Files.delete(core);
        Files.copy(built, core);
        Files.setLastModifiedTime(core, FileTime.from(Instant.now().plusSeconds(5)));
        FileTime before = Files.getLastModifiedTime(archive);
        Run fifth = start(jar, archive, "fifth");
        assertThat(fifth.exitCode).as("start after a rebuild of core; log: " + fifth.log).isZero();
        assertThat(fifth.classesFromArchive).as("an archive older than a library is not used").isZero();
        assertThat(Files.getLastModifiedTime(archive)).as("the archive was written again").isGreaterThan(before);

        Run sixth = start(jar, archive, "sixth");
        assertThat(sixth.classesFromArchive).as("the fresh archive is used").isGreaterThan(1_000);
    }

    @Test
    void aMissingJarIsOneClearLineAndStatusOne() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString()).redirectErrorStream(true)
                .directory(work.toFile());
        builder.environment().put("CONNECTOR_JAR", work.resolve("nowhere.jar").toString());
        Process missing = builder.start();
        String out = new String(missing.getInputStream().readAllBytes());
        assertThat(missing.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(missing.exitValue()).isEqualTo(1);
        assertThat(out.strip()).isEqualTo("twitter-helpdesk: no jar at " + work.resolve("nowhere.jar")
                + " (build it: mvn -q -DskipTests package)");
    }

    /** The built jar and its libraries (the jar's Class-Path names lib/), where the test may change the jar. */
    private static void layOutJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Files.copy(JAR, jar);
        Path lib = jar.getParent().resolve("lib");
        Files.createDirectories(lib);
        try (var files = Files.list(JAR.getParent().resolve("lib"))) {
            for (Path f : files.toList()) {
                Files.createSymbolicLink(lib.resolve(f.getFileName()), f.toAbsolutePath());
            }
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    }

    private Run start(Path jar, Path archive, String name) throws Exception {
        Path log = work.resolve(name + ".log");
        Path classLog = work.resolve(name + "-classes.log");
        String javaOpts = String.join(" ", List.of("-Xmx256m", "-Xlog:class+load=info:file=" + classLog,
                "-Dconnector.data-dir=" + work.resolve("data-" + name),
                "-Dbroker.embedded.port=" + FreePorts.next(), "-Dsandbox.api-port=" + FreePorts.next(),
                "-Dsandbox.admin-port=" + FreePorts.next()));
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("CONNECTOR_JAR", jar.toString());
        env.put("CONNECTOR_CDS_ARCHIVE", archive.toString());
        env.put("JAVA_OPTS", javaOpts);
        env.put("CAMEL_SERVER_PORT", Integer.toString(FreePorts.next()));
        env.put("CAMEL_MANAGEMENT_PORT", Integer.toString(FreePorts.next()));
        env.put("CAMEL_MAIN_DURATION_MAX_SECONDS", "3");
        Process process = builder.start();
        if (!process.waitFor(RUN.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(name + " start did not stop itself; log: " + Files.readString(log));
        }
        long fromArchive;
        try (var lines = Files.lines(classLog)) {
            fromArchive = lines.filter(l -> l.contains("source: shared objects file (top)")
                    && (l.contains("org.apache.camel") || l.contains("org.apache.activemq"))).count();
        }
        return new Run(process.exitValue(), fromArchive, Files.readString(log));
    }

    private record Run(int exitCode, long classesFromArchive, String log) {
    }
}
