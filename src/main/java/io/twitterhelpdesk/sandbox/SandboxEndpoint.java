package io.twitterhelpdesk.sandbox;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** The v1.1 endpoints the sandbox serves, with their keys and the real rate limits per user. */
public enum SandboxEndpoint {
    DM_LIST("dm_list", "GET", "/1.1/direct_messages/events/list.json", 15, Duration.ofMinutes(15)),
    DM_NEW("dm_new", "POST", "/1.1/direct_messages/events/new.json", 1000, Duration.ofHours(24)),
    MENTIONS("mentions", "GET", "/1.1/statuses/mentions_timeline.json", 75, Duration.ofMinutes(15)),
    STATUS_UPDATE("status_update", "POST", "/1.1/statuses/update.json", 300, Duration.ofHours(3)),
    USERS_SHOW("users_show", "GET", "/1.1/users/show.json", 900, Duration.ofMinutes(15)),
    USERS_LOOKUP("users_lookup", "GET", "/1.1/users/lookup.json", 900, Duration.ofMinutes(15)),
    VERIFY_CREDENTIALS("verify_credentials", "GET", "/1.1/account/verify_credentials.json", 75, Duration.ofMinutes(15));

    private final String key;
    private final String method;
    private final String path;
    private final int defaultLimit;
    private final Duration defaultWindow;

    SandboxEndpoint(String key, String method, String path, int defaultLimit, Duration defaultWindow) {
        this.key = key;
        this.method = method;
        this.path = path;
        this.defaultLimit = defaultLimit;
        this.defaultWindow = defaultWindow;
    }

    public String key() {
        return key;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public int defaultLimit() {
        return defaultLimit;
    }

    public Duration defaultWindow() {
        return defaultWindow;
    }

    /** The endpoint for a key such as {@code dm_list}; throws for an unknown key. */
    public static SandboxEndpoint ofKey(String key) {
        return Arrays.stream(values()).filter(e -> e.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown endpoint key '" + key + "', known: "
                        + Arrays.stream(values()).map(SandboxEndpoint::key).toList()));
    }

    static Optional<SandboxEndpoint> ofPath(String path) {
        return Arrays.stream(values()).filter(e -> e.path.equals(path)).findFirst();
    }
}
