package io.twitterhelpdesk.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import org.apache.camel.util.TimeUtils;

/**
 * Typed reads of the connector's configuration keys (application.properties, overridden by environment variables
 * through Camel's properties component). A malformed value stops the start and names the key.
 */
public final class Settings {

    private final Function<String, Optional<String>> source;

    public Settings(Function<String, Optional<String>> source) {
        this.source = source;
    }

    public Optional<String> optional(String key) {
        return source.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String get(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue) {
        Optional<String> v = optional(key);
        try {
            return v.map(Integer::parseInt).orElse(defaultValue);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + v.get() + "'");
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, not '" + v.get() + "'");
        };
    }

    public Duration duration(String key, Duration defaultValue) {
        Optional<String> v = optional(key);
        try {
            return v.map(s -> Duration.ofMillis(TimeUtils.toMilliSeconds(s))).orElse(defaultValue);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a duration such as 500, 30s or 5m, not '" + v.get() + "'");
        }
    }

    /** A size in bytes: a whole number, optionally with KB, MB or GB (powers of 1024), e.g. 16MB. */
    public long bytes(String key, long defaultValue) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,12})\\s*(|B|KB|MB|GB)")
                .matcher(v.get().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(key + " must be a size such as 1048576, 512KB, 16MB or 1GB, not '"
                    + v.get() + "'");
        }
        int shift = switch (m.group(2)) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    public Function<String, Optional<String>> source() {
        return source;
    }
}
