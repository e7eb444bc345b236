package io.twitterhelpdesk.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The runtime stage of docker/Dockerfile, read as Docker would and laid out on disk without a Docker engine: its
 * COPY instructions (files from the build context, the repository root, and from the build stage, whose WORKDIR is
 * that root built: app/target/ is this build's target/), its WORKDIR, ENV, ENTRYPOINT and HEALTHCHECK command.
 * Paths under the image's root ("/app/...") map to a directory of the test's.
 */
public final class DockerImage {

    private static final Path DOCKERFILE = Path.of("docker", "Dockerfile");
    /** The build context (compose.yaml's build.context, relative to docker/): the repository root. */
    private static final Path CONTEXT = Path.of("..");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String workdir;
    private final Map<String, String> env;
    private final List<String> entrypoint;
    private final List<String> healthcheck;
    private final List<String[]> copies;
    private final String buildWorkdir;

    private DockerImage(String workdir, Map<String, String> env, List<String> entrypoint, List<String> healthcheck,
            List<String[]> copies, String buildWorkdir) {
        this.workdir = workdir;
        this.env = env;
        this.entrypoint = entrypoint;
        this.healthcheck = healthcheck;
        this.copies = copies;
        this.buildWorkdir = buildWorkdir;
    }

    public static DockerImage read() throws IOException {
        List<String> instructions = instructions(Files.readAllLines(DOCKERFILE));
        String buildWorkdir = null;
        String workdir = "/";
        Map<String, String> env = new LinkedHashMap<>();
        List<String> entrypoint = null;
        List<String> healthcheck = null;
        List<String[]> copies = new ArrayList<>();
        boolean runtime = false;
        int stages = 0;
        for (String line : instructions) {
            String keyword = line.split("\\s+", 2)[0].toUpperCase();
            String rest = line.substring(keyword.length()).trim();
            switch (keyword) {
                case "FROM" -> {
                    stages++;
                    runtime = !rest.contains(" AS ") && !rest.contains(" as ");
                    env.clear();
                    copies.clear();
                    workdir = "/";
                }
                case "WORKDIR" -> {
                    if (runtime) {
                        workdir = rest;
                    } else {
                        buildWorkdir = rest;
                    }
                }
                case "ENV" -> env.putAll(envPairs(rest));
                case "COPY" -> copies.add(rest.split("\\s+"));
                case "ENTRYPOINT" -> entrypoint = JSON.readValue(rest, new TypeReference<List<String>>() { });
                case "HEALTHCHECK" -> healthcheck = JSON.readValue(rest.substring(rest.indexOf("CMD") + 3).trim(),
                        new TypeReference<List<String>>() { });
                default -> {
                    // RUN, USER, VOLUME, EXPOSE: nothing to lay out
                }
            }
        }
        if (stages < 2 || entrypoint == null || healthcheck == null) {
            throw new IllegalStateException("docker/Dockerfile: expected a build stage, then a runtime stage with "
                    + "ENTRYPOINT and HEALTHCHECK");
        }
        return new DockerImage(workdir, env, entrypoint, healthcheck, copies, buildWorkdir);
    }

    /** Lays the image's files out under {@code root}; returns the WORKDIR there. */
    public Path layOut(Path root) throws IOException {
        for (String[] copy : copies) {
            boolean fromBuild = copy[0].startsWith("--from=");
            String source = fromBuild ? copy[1] : copy[0];
            String target = fromBuild ? copy[2] : copy[1];
            Path from = CONTEXT.resolve(fromBuild ? Path.of(buildWorkdir).relativize(Path.of(source)).toString()
                    : source);
            copy(from, inside(root, target));
        }
        Path dir = inside(root, workdir);
        Files.createDirectories(dir);
        return dir;
    }

    /** The ENV of the runtime stage, paths under the image's root moved under {@code root}. */
    public Map<String, String> env(Path root) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> out.put(k, v.startsWith("/app") ? inside(root, v).toString() : v));
        return out;
    }

    /** The ENTRYPOINT command, its program's path moved under {@code root} when it is a file of the image's. */
    public List<String> entrypoint(Path root) {
        List<String> command = new ArrayList<>(entrypoint);
        if (command.get(0).startsWith("/app/")) {
            command.set(0, inside(root, command.get(0)).toString());
        }
        return command;
    }

    /** The ENTRYPOINT as text, with the launcher script it runs when that is a file of the image's. */
    public String entrypointText(Path root) throws IOException {
        List<String> command = entrypoint(root);
        Path program = Path.of(command.get(0));
        return String.join(" ", command) + (Files.isRegularFile(program) ? "\n" + Files.readString(program) : "");
    }

    /** The HEALTHCHECK command, its program's path moved under {@code root}. */
    public List<String> healthcheck(Path root) {
        List<String> command = new ArrayList<>(healthcheck);
        command.set(0, inside(root, command.get(0)).toString());
        return command;
    }

    private static Path inside(Path root, String imagePath) {
        return root.resolve(imagePath.startsWith("/") ? imagePath.substring(1) : imagePath);
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            throw new IllegalStateException(from.toAbsolutePath() + " does not exist: run mvn package first");
        }
        if (Files.isDirectory(from)) {
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.toList()) {
                    Path t = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        } else {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    /** Instructions with continuation lines joined and comments dropped. */
    private static List<String> instructions(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            out.add(current.toString().strip());
            current.setLength(0);
        }
        return out;
    }

    private static Map<String, String> envPairs(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"([^\"]*)\"|(\\S*))").matcher(text);
        while (m.find()) {
            pairs.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4));
        }
        return pairs;
    }
}
