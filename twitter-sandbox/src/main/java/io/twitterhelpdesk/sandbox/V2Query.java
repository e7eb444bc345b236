package io.twitterhelpdesk.sandbox;

import io.twitterhelpdesk.sandbox.OAuth1Verifier.Param;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/** The query parameters of a v2 request, checked the way X checks them (400 invalid request naming the value). */
final class V2Query {

    private static final String ID_PATTERN = "^[0-9]{1,19}$";

    private final Map<String, String> values;

    private V2Query(Map<String, String> values) {
        this.values = values;
    }

    /** Parses a raw query; a parameter not in {@code allowed} is refused as X refuses it. */
    static V2Query parse(String rawQuery, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Param param : OAuth1Verifier.decodeForm(rawQuery)) {
            if (!allowed.contains(param.name())) {
                throw V2Problem.invalidParameter(param.name(), param.value(), "The query parameter ["
                        + param.name() + "] is not one of " + list(allowed));
            }
            values.putIfAbsent(param.name(), param.value());
        }
        return new V2Query(values);
    }

    String get(String name) {
        return values.get(name);
    }

    /** An integer in {@code [min, max]}, or the default when absent. */
    int intValue(String name, int defaultValue, int min, int max) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw V2Problem.invalidParameter(name, value, "The `" + name + "` query parameter value [" + value
                + "] is not between " + min + " and " + max);
    }

    /** A comma-separated list whose every item must be one of {@code allowed}; empty when absent. */
    Set<String> list(String name, Set<String> allowed) {
        String value = values.get(name);
        Set<String> items = new LinkedHashSet<>();
        if (value == null) {
            return items;
        }
        for (String item : value.split(",", -1)) {
            if (!allowed.contains(item)) {
                throw V2Problem.invalidParameter(name, item, "The `" + name + "` query parameter value [" + item
                        + "] is not one of " + list(allowed));
            }
            items.add(item);
        }
        return items;
    }

    /** A tweet or user id ({@code ^[0-9]{1,19}$}). */
    OptionalLong id(String name) {
        String value = values.get(name);
        return value == null ? OptionalLong.empty() : OptionalLong.of(parseId(name, value));
    }

    /** An RFC 3339 timestamp such as {@code 2026-11-22T04:34:15Z}. */
    Optional<Instant> time(String name) {
        String value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            throw V2Problem.invalidParameter(name, value, "The `" + name + "` query parameter value [" + value
                    + "] is not a valid RFC 3339 date-time (e.g. 2026-11-22T04:34:15Z)");
        }
    }

    /** Parses an id given in a query or path parameter. */
    static long parseId(String name, String value) {
        if (value == null || !value.matches(ID_PATTERN)) {
            throw V2Problem.invalidParameter(name, String.valueOf(value), "The `" + name + "` query parameter value ["
                    + value + "] does not match " + ID_PATTERN);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw V2Problem.invalidParameter(name, value, "The `" + name + "` query parameter value [" + value
                    + "] is not a valid id");
        }
    }

    static Set<String> names(String... names) {
        return Set.copyOf(Arrays.asList(names));
    }

    private static String list(Set<String> allowed) {
        return "[" + String.join(",", new TreeSet<>(allowed)) + "]";
    }
}
