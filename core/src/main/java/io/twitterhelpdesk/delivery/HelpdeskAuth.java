package io.twitterhelpdesk.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.twitterhelpdesk.config.HelpdeskConfig;
import io.twitterhelpdesk.config.Settings;

/**
 * How the connector authenticates to a helpdesk: one request header built from the configured secret (bearer
 * token, basic user and password, an API key in a header of the admin's choice, or a header whose value is a
 * template around the token, e.g. Request Tracker's {@code Authorization: token <token>}). {@link #toString()} names
 * the type only, and {@link #redact} blanks the secrets out of a helpdesk's answer, so no secret reaches a log line.
 */
public final class HelpdeskAuth {

    /** Where the secret goes in {@code auth.header-template}. */
    static final String TOKEN = "{token}";

    /** A header name (RFC 9110 token). */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** A secret shorter than this is not blanked out of answers (a one-letter password would blank every letter). */
    private static final int SHORTEST_REDACTED = 4;

    private final String type;
    private final String headerName;
    private final String headerValue;
    private final String credentialKeys;
    private final List<String> secrets;

    private HelpdeskAuth(String type, String headerName, String headerValue, String credentialKeys,
            List<String> secrets) {
        this.type = type;
        this.headerName = headerName;
        this.headerValue = headerValue;
        this.credentialKeys = credentialKeys;
        this.secrets = secrets;
    }

    /**
     * The helpdesk's {@code auth.type} (none, bearer, basic, api-key, header) from its {@code config}, and the keys
     * under {@code prefix} that type needs (credentials: no defaults).
     */
    static HelpdeskAuth load(Settings settings, String prefix, HelpdeskConfig config) {
        String type = config.authType().toLowerCase(Locale.ROOT);
        String tokenKey = prefix + "auth.token";
        return switch (type) {
            case "none" -> {
                refuseUnusedCredentials(settings, prefix);
                yield new HelpdeskAuth(type, null, null, null, List.of());
            }
            case "bearer" -> {
                String token = secret(settings, tokenKey);
                yield new HelpdeskAuth(type, "Authorization", "Bearer " + token, tokenKey, List.of(token));
            }
            case "basic" -> {
                String user = secret(settings, prefix + "auth.username");
                String password = settings.optional(prefix + "auth.password").orElse("");
                refuseControlCharacters(prefix + "auth.password", password);
                String encoded = Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8));
                yield new HelpdeskAuth(type, "Authorization", "Basic " + encoded,
                        prefix + "auth.username and " + prefix + "auth.password", List.of(encoded, user, password));
            }
            case "api-key" -> {
                String header = headerName(settings, prefix, "X-API-Key");
                String token = secret(settings, tokenKey);
                yield new HelpdeskAuth(type, header, token, tokenKey, List.of(token));
            }
            case "header" -> {
                String header = headerName(settings, prefix, "Authorization");
                String template = headerTemplate(settings, prefix);
                String token = secret(settings, tokenKey);
                yield new HelpdeskAuth(type, header, template.replace(TOKEN, token), tokenKey, List.of(token));
            }
            default -> throw new IllegalArgumentException(prefix + "auth.type must be none, bearer, basic, api-key or "
                    + "header, not '" + type + "'");
        };
    }

    /** A credential without an auth.type is a configuration mistake: the helpdesk would get no credentials at all. */
    private static void refuseUnusedCredentials(Settings settings, String prefix) {
        for (String key : List.of("auth.token", "auth.username", "auth.password", "auth.header-template")) {
            if (settings.optional(prefix + key).isPresent()) {
                throw new IllegalArgumentException(prefix + "auth.type is none (the default) but " + prefix + key
                        + " is set: set " + prefix + "auth.type to bearer, basic, api-key or header");
            }
        }
    }

    /** {@code auth.header}, else the type's usual header (X-API-Key for api-key, Authorization for header). */
    private static String headerName(Settings settings, String prefix, String defaultName) {
        String name = settings.optional(prefix + "auth.header").orElse(defaultName);
        if (!HEADER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(prefix + "auth.header must be an HTTP header name such as "
                    + defaultName + ", not '" + name + "'");
        }
        return name;
    }

    /** The header value around {@code {token}}; never echoed in a message, in case the secret was written into it. */
    private static String headerTemplate(Settings settings, String prefix) {
        String key = prefix + "auth.header-template";
        String template = settings.optional(key).orElseThrow(() -> new IllegalArgumentException(key
                + " is required with auth.type header: the header's value with " + TOKEN + " where the secret "
                + prefix + "auth.token goes, e.g. 'token " + TOKEN + "' (single braces: {{...}} is a property "
                + "placeholder)"));
        if (!template.contains(TOKEN)) {
            throw new IllegalArgumentException(key + " must contain " + TOKEN + " where the secret goes, e.g. 'token "
                    + TOKEN + "'; the secret itself belongs in " + prefix + "auth.token (environment "
                    + environmentName(prefix + "auth.token") + "), not in the template");
        }
        refuseControlCharacters(key, template);
        return template;
    }

    private static String secret(Settings settings, String key) {
        String value = settings.optional(key).orElseThrow(() -> new IllegalArgumentException(key
                + " is required (environment " + environmentName(key) + ")"));
        refuseControlCharacters(key, value);
        return value;
    }

    /** A line break in a header value would end the header: refused, without echoing the (secret) value. */
    private static void refuseControlCharacters(String key, String value) {
        if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            throw new IllegalArgumentException(key + " must not contain line breaks or other control characters");
        }
    }

    private static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Puts the authentication header, if any, into the request headers. */
    void addTo(Map<String, ? super String> headers) {
        if (headerName != null) {
            headers.put(headerName, headerValue);
        }
    }

    /** The keys holding the credentials, for a message telling the admin what to check; empty for none. */
    String credentialKeys() {
        return credentialKeys == null ? "" : credentialKeys;
    }

    /** The text with every secret of this authentication (at least 4 characters long) replaced by {@code ****}. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        List<String> longestFirst = new ArrayList<>(secrets);
        longestFirst.sort((a, b) -> b.length() - a.length());
        String redacted = text;
        for (String secret : longestFirst) {
            if (secret.length() >= SHORTEST_REDACTED) {
                redacted = redacted.replace(secret, "****");
            }
        }
        return redacted;
    }

    @Override
    public String toString() {
        return type;
    }
}
