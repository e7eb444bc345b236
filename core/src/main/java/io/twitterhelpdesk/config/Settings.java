package io.twitterhelpdesk.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import org.apache.camel.PropertyInject;
import org.apache.camel.util.TimeUtils;

/**
 * Typed reads of the connector's configuration keys (application.properties, overridden by environment variables
 * through Camel's properties component). A malformed value stops the start and names the key.
 *
 * <p>{@link #bind} fills one of the configuration classes of this package: each of its fields names its key with
 * Camel's {@link PropertyInject} and is read and converted here, so every class reads its keys the same way, with
 * the same messages. The defaults are those of application.properties, not Java's: a key a class needs that is
 * neither set nor has a default there stops the start naming the key; an {@link Optional} field is a key without a
 * default.
 */
public final class Settings {

    private final Function<String, Optional<String>> source;

    public Settings(Function<String, Optional<String>> source) {
        this.source = source;
    }

    /** Where the connector's jar keeps application.properties (on the classpath). */
    public static final String DEFAULTS_RESOURCE = "twitter-helpdesk/application.properties";

    /**
     * These keys over the defaults of the connector's application.properties, for a runtime that does not load that
     * file itself (the Kamelets in another Camel application): the same defaults as the standalone connector. The
     * file's accounts (the sandbox's made-up {@code twitter.account.*} keys) and Camel's own {@code camel.*} keys are
     * left out.
     */
    public static Settings overDefaults(Function<String, Optional<String>> keys) {
        java.util.Properties defaults = new java.util.Properties();
        try (java.io.InputStream in = Settings.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is not on the classpath");
            }
            defaults.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + DEFAULTS_RESOURCE, e);
        }
        defaults.stringPropertyNames().stream()
                .filter(k -> k.startsWith("twitter.account") || k.startsWith("camel."))
                .forEach(defaults::remove);
        return new Settings(key -> keys.apply(key).or(() -> Optional.ofNullable(defaults.getProperty(key))));
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

    /**
     * Camel's durations ({@link TimeUtils}): milliseconds, or days, hours, minutes, seconds and milliseconds in that
     * order ({@code 1h30m}, {@code 500ms}). Checked first: Camel reads a value without those units, such as
     * {@code later}, as 0.
     */
    private static final java.util.regex.Pattern DURATION =
            java.util.regex.Pattern.compile("-?\\d+|(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?");

    public Duration duration(String key, Duration defaultValue) {
        Optional<String> v = optional(key);
        try {
            return v.map(s -> {
                if (!DURATION.matcher(s).matches()) {
                    throw new IllegalArgumentException(s);
                }
                return Duration.ofMillis(TimeUtils.toMilliSeconds(s));
            }).orElse(defaultValue);
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

    /** {@link #bind(String, Object)} without a prefix: the fields name their whole keys. */
    public <T> T bind(T target) {
        return bind("", target);
    }

    /**
     * Sets every field of {@code target} annotated with {@link PropertyInject} from the key {@code prefix + value}
     * (a per-name prefix such as {@code helpdesk.http.zendesk.}), converted to the field's type, then runs the
     * target's own checks ({@link Checked}).
     *
     * @throws IllegalArgumentException naming the key for a value of the wrong form, a required key without a value,
     *                                  or a value the class's checks refuse
     */
    public <T> T bind(String prefix, T target) {
        return bind(prefix, null, target);
    }

    /**
     * {@link #bind(String, Object)} for keys of a name, such as {@code helpdesk.http.zendesk.}, whose defaults are
     * the same keys under {@code defaultsPrefix} ({@code helpdesk.http.default.}): a key of the name that is not set
     * (or blank) is read from there, and named so in a message.
     */
    public <T> T bind(String prefix, String defaultsPrefix, T target) {
        for (Class<?> type = target.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                PropertyInject inject = field.getAnnotation(PropertyInject.class);
                if (inject == null || Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                String key = defaultsPrefix != null && optional(prefix + inject.value()).isEmpty()
                        ? defaultsPrefix + inject.value() : prefix + inject.value();
                Object value = field.getType() == Optional.class
                        ? Optional.ofNullable(read(key, optionalType(field)).filter(v -> !"".equals(v)).orElse(null))
                        : read(key, field.getType()).orElseThrow(() -> new IllegalArgumentException(key
                                + " is not set (its default belongs in application.properties)"));
                try {
                    field.setAccessible(true);
                    field.set(target, value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("Cannot set " + field, e);
                }
            }
        }
        if (target instanceof Checked checked) {
            checked.check(prefix);
        }
        return target;
    }

    /** The key's value as this type; empty when the key is absent (and, but for text, when it is blank). */
    private Optional<?> read(String key, Class<?> type) {
        if (type == String.class) {
            return source.apply(key).map(String::trim);
        }
        if (optional(key).isEmpty()) {
            return Optional.empty();
        }
        if (type == int.class || type == Integer.class) {
            return Optional.of(integer(key, 0));
        }
        if (type == long.class || type == Long.class) {
            Optional<String> v = optional(key);
            try {
                return v.map(Long::parseLong);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number, not '" + v.get() + "'");
            }
        }
        if (type == double.class || type == Double.class) {
            Optional<String> v = optional(key);
            try {
                return v.map(Double::parseDouble);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, not '" + v.get() + "'");
            }
        }
        if (type == boolean.class || type == Boolean.class) {
            return Optional.of(bool(key, false));
        }
        if (type == Duration.class) {
            return Optional.of(duration(key, Duration.ZERO));
        }
        if (type == ByteSize.class) {
            return Optional.of(new ByteSize(bytes(key, 0)));
        }
        throw new IllegalStateException("No reading of " + key + " as " + type.getName());
    }

    private static Class<?> optionalType(Field field) {
        Type generic = field.getGenericType();
        if (generic instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        throw new IllegalStateException(field + " must say what it holds: Optional<String>, Optional<Duration>, ...");
    }

    /** A configuration class's own checks of its values together, once they are bound. */
    public interface Checked {

        /**
         * @param prefix the prefix its keys were read under (empty for whole keys), for the messages
         * @throws IllegalArgumentException naming the key of a value that is refused
         */
        void check(String prefix);
    }

    /** A size in bytes, written as {@link #bytes}: {@code 1048576}, {@code 512KB}, {@code 16MB}, {@code 1GB}. */
    public record ByteSize(long bytes) {
    }

    /** The key's value, which application.properties gives a default. */
    public String required(String key) {
        return optional(key).orElseThrow(() -> new IllegalArgumentException(key
                + " is not set (its default belongs in application.properties)"));
    }

    public Function<String, Optional<String>> source() {
        return source;
    }
}
