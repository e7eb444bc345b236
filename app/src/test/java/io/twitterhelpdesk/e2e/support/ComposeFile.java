package io.twitterhelpdesk.e2e.support;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * docker/compose.yaml read as {@code docker compose} would for one service's environment: its {@code env_file}
 * entries (an entry's {@code .example} file stands in for a file the operator creates), then its
 * {@code environment}, with {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${VAR:?message}} interpolated from
 * the variables given (the shell's, in compose).
 */
public final class ComposeFile {

    private static final Path DIR = Path.of("docker");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\\?)([^}]*))?}");

    private final Map<String, Object> services;

    @SuppressWarnings("unchecked")
    private ComposeFile(Map<String, Object> yaml) {
        this.services = (Map<String, Object>) yaml.get("services");
    }

    public static ComposeFile read() throws IOException {
        try (Reader reader = Files.newBufferedReader(DIR.resolve("compose.yaml"))) {
            return new ComposeFile(new Yaml().load(reader));
        }
    }

    /** The environment the service's containers get: env files first, then {@code environment}. */
    @SuppressWarnings("unchecked")
    public Map<String, String> environment(String service, Map<String, String> shell) throws IOException {
        Map<String, Object> definition = (Map<String, Object>) services.get(service);
        if (definition == null) {
            throw new IllegalArgumentException("no service " + service + " in docker/compose.yaml");
        }
        Map<String, String> env = new LinkedHashMap<>();
        Object files = definition.get("env_file");
        for (Object file : files == null ? List.of() : files instanceof List<?> l ? l : List.of(files)) {
            String name = file instanceof Map<?, ?> m ? String.valueOf(m.get("path")) : String.valueOf(file);
            Path path = DIR.resolve(name);
            if (!Files.exists(path)) {
                path = DIR.resolve(name + ".example");
            }
            for (String line : Files.readAllLines(path)) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#") && l.contains("=")) {
                    env.put(l.substring(0, l.indexOf('=')).strip(), l.substring(l.indexOf('=') + 1).strip());
                }
            }
        }
        Object environment = definition.get("environment");
        if (environment instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), interpolate(String.valueOf(v), shell)));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String e = String.valueOf(entry);
                env.put(e.substring(0, e.indexOf('=')), interpolate(e.substring(e.indexOf('=') + 1), shell));
            }
        }
        return env;
    }

    /** Host names of the other services, as the service's environment refers to them. */
    public List<String> otherServices(String service) {
        return services.keySet().stream().filter(s -> !s.equals(service)).toList();
    }

    private static String interpolate(String value, Map<String, String> shell) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String set = shell.get(m.group(1));
            String replacement;
            if (set != null && !set.isEmpty()) {
                replacement = set;
            } else if (":-".equals(m.group(2))) {
                replacement = m.group(3);
            } else if (":?".equals(m.group(2))) {
                throw new IllegalStateException("compose would refuse to start: " + m.group(3));
            } else {
                replacement = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
