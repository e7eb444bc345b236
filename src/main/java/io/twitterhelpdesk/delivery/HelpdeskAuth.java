package io.twitterhelpdesk.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import io.twitterhelpdesk.app.Settings;

/**
 * How the connector authenticates to a helpdesk: one request header built from the configured secret (bearer
 * token, basic user and password, or an API key in a header of the admin's choice). {@link #toString()} names the
 * type only, so the secret never reaches a log line.
 */
public final class HelpdeskAuth {

    private final String type;
    private final String headerName;
    private final String headerValue;

    private HelpdeskAuth(String type, String headerName, String headerValue) {
        this.type = type;
        this.headerName = headerName;
        this.headerValue = headerValue;
    }

    /** Reads {@code <prefix>auth.type} (none, bearer, basic, api-key) and the keys that type needs. */
    static HelpdeskAuth load(Settings settings, String prefix) {
        String type = settings.get(prefix + "auth.type", "none").toLowerCase(Locale.ROOT);
        return switch (type) {
            case "none" -> new HelpdeskAuth(type, null, null);
            case "bearer" -> new HelpdeskAuth(type, "Authorization", "Bearer " + required(settings, prefix + "auth.token"));
            case "basic" -> new HelpdeskAuth(type, "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (required(settings, prefix + "auth.username") + ":" + settings.get(prefix + "auth.password", ""))
                            .getBytes(StandardCharsets.UTF_8)));
            case "api-key" -> new HelpdeskAuth(type, settings.get(prefix + "auth.header", "X-API-Key"),
                    required(settings, prefix + "auth.token"));
            default -> throw new IllegalArgumentException(prefix + "auth.type must be none, bearer, basic or api-key, not '"
                    + type + "'");
        };
    }

    private static String required(Settings settings, String key) {
        return settings.optional(key).orElseThrow(() -> new IllegalArgumentException(key + " is required (environment "
                + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') + ")"));
    }

    /** Puts the authentication header, if any, into the request headers. */
    void addTo(Map<String, Object> headers) {
        if (headerName != null) {
            headers.put(headerName, headerValue);
        }
    }

    @Override
    public String toString() {
        return type;
    }
}
