package io.twitterhelpdesk.sandbox;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The v1.1 and v2 endpoints the sandbox serves, with their keys, the real rate limits per user (for the X Activity
 * API and V2 webhook endpoints the sandbox's own limits, counted per app for app-only calls) and the
 * authentication X accepts on each (its OpenAPI {@code security}). A v2 path may hold a parameter in braces, e.g.
 * {@code /2/users/{id}/mentions}; several endpoints may share a path with different methods.
 */
public enum SandboxEndpoint {
    DM_LIST("dm_list", "GET", "/1.1/direct_messages/events/list.json", 15, Duration.ofMinutes(15)),
    DM_NEW("dm_new", "POST", "/1.1/direct_messages/events/new.json", 1000, Duration.ofHours(24)),
    MENTIONS("mentions", "GET", "/1.1/statuses/mentions_timeline.json", 75, Duration.ofMinutes(15)),
    STATUS_UPDATE("status_update", "POST", "/1.1/statuses/update.json", 300, Duration.ofHours(3)),
    USERS_SHOW("users_show", "GET", "/1.1/users/show.json", 900, Duration.ofMinutes(15)),
    USERS_LOOKUP("users_lookup", "GET", "/1.1/users/lookup.json", 900, Duration.ofMinutes(15)),
    VERIFY_CREDENTIALS("verify_credentials", "GET", "/1.1/account/verify_credentials.json", 75, Duration.ofMinutes(15)),
    ACCOUNT_SETTINGS("account_settings", "GET", "/1.1/account/settings.json", 15, Duration.ofMinutes(15)),
    FRIENDSHIPS_SHOW("friendships_show", "GET", "/1.1/friendships/show.json", 180, Duration.ofMinutes(15)),
    /**
     * The file attached to a DM, as v1.1 links it ({@code https://ton.twitter.com/1.1/ton/data/dm/...}, served here at
     * the sandbox's root): only to a participant, with an OAuth 1.0a signed GET. The limit is the sandbox's own.
     */
    DM_MEDIA("dm_media", "GET", "/1.1/ton/data/dm/{dm_id}/{media_id}/{resource_id}", 900, Duration.ofMinutes(15)),
    /** X serves it at upload.twitter.com/1.1/; the sandbox beside the rest of v1.1. Simple upload and INIT/APPEND/FINALIZE. */
    MEDIA_UPLOAD("media_upload", "POST", "/1.1/media/upload.json", 615, Duration.ofMinutes(15)),
    /** {@code command=STATUS}. */
    MEDIA_UPLOAD_STATUS("media_upload_status", "GET", "/1.1/media/upload.json", 615, Duration.ofMinutes(15)),
    V2_USERS_ME("v2_users_me", "GET", "/2/users/me", 75, Duration.ofMinutes(15)),
    /** After {@link #V2_USERS_ME}: the first endpoint whose path matches wins, and {@code me} would match {id}. */
    V2_USER("v2_user", "GET", "/2/users/{id}", 900, Duration.ofMinutes(15), Auth.USER_OR_APP),
    V2_DM_EVENTS("v2_dm_events", "GET", "/2/dm_events", 300, Duration.ofMinutes(15)),
    /** The file attached to a DM, only to a participant (X's "Download DM Media"); the limit is the sandbox's own. */
    V2_DM_MEDIA("v2_dm_media", "GET", "/2/dm_conversations/media/{dm_id}/{media_id}/{resource_id}", 900,
            Duration.ofMinutes(15)),
    V2_DM_SEND("v2_dm_send", "POST", "/2/dm_conversations/with/{participant_id}/messages", 200, Duration.ofMinutes(15)),
    V2_MENTIONS("v2_mentions", "GET", "/2/users/{id}/mentions", 180, Duration.ofMinutes(15), Auth.USER_OR_APP),
    V2_TWEETS("v2_tweets", "POST", "/2/tweets", 200, Duration.ofMinutes(15)),
    /** One request with the file (multipart, or JSON with base64). */
    V2_MEDIA_UPLOAD("v2_media_upload", "POST", "/2/media/upload", 500, Duration.ofMinutes(15)),
    /** {@code ?command=STATUS&media_id=}. */
    V2_MEDIA_UPLOAD_STATUS("v2_media_upload_status", "GET", "/2/media/upload", 500, Duration.ofMinutes(15)),
    V2_MEDIA_UPLOAD_INITIALIZE("v2_media_upload_initialize", "POST", "/2/media/upload/initialize", 500,
            Duration.ofMinutes(15)),
    V2_MEDIA_UPLOAD_APPEND("v2_media_upload_append", "POST", "/2/media/upload/{id}/append", 500,
            Duration.ofMinutes(15)),
    V2_MEDIA_UPLOAD_FINALIZE("v2_media_upload_finalize", "POST", "/2/media/upload/{id}/finalize", 500,
            Duration.ofMinutes(15)),
    /** Not rate limited; the limit only fills the headers of an injected 429. */
    V2_OAUTH2_TOKEN("v2_oauth2_token", "POST", "/2/oauth2/token", Integer.MAX_VALUE, Duration.ofMinutes(15)),
    /**
     * The app-only bearer token ({@code grant_type=client_credentials}), at the root as on X
     * ({@code https://api.x.com/oauth2/token}); errors are v1.1-style. Not rate limited.
     */
    OAUTH2_APP_TOKEN("oauth2_app_token", "POST", "/oauth2/token", Integer.MAX_VALUE, Duration.ofMinutes(15)),
    V2_ACTIVITY_STREAM("v2_activity_stream", "GET", "/2/activity/stream", 50, Duration.ofMinutes(15), Auth.APP),
    V2_ACTIVITY_SUBSCRIPTIONS("v2_activity_subscriptions", "GET", "/2/activity/subscriptions", 50,
            Duration.ofMinutes(15), Auth.USER_OR_APP),
    V2_ACTIVITY_SUBSCRIPTIONS_CREATE("v2_activity_subscriptions_create", "POST", "/2/activity/subscriptions", 50,
            Duration.ofMinutes(15), Auth.USER_OR_APP),
    /** {@code DELETE /2/activity/subscriptions?ids=a,b}. */
    V2_ACTIVITY_SUBSCRIPTIONS_DELETE("v2_activity_subscriptions_delete", "DELETE", "/2/activity/subscriptions", 50,
            Duration.ofMinutes(15), Auth.APP),
    V2_ACTIVITY_SUBSCRIPTION_UPDATE("v2_activity_subscription_update", "PUT",
            "/2/activity/subscriptions/{subscription_id}", 50, Duration.ofMinutes(15), Auth.APP),
    V2_ACTIVITY_SUBSCRIPTION_DELETE("v2_activity_subscription_delete", "DELETE",
            "/2/activity/subscriptions/{subscription_id}", 50, Duration.ofMinutes(15), Auth.APP),
    /** Before the {@code /2/webhooks/{webhook_id}} endpoints: the first endpoint whose method and path match wins. */
    V2_WEBHOOKS_REPLAY("v2_webhooks_replay", "POST", "/2/webhooks/replay", 15, Duration.ofMinutes(15), Auth.APP),
    V2_WEBHOOKS("v2_webhooks", "GET", "/2/webhooks", 50, Duration.ofMinutes(15), Auth.APP),
    V2_WEBHOOKS_CREATE("v2_webhooks_create", "POST", "/2/webhooks", 50, Duration.ofMinutes(15), Auth.USER_OR_APP),
    V2_WEBHOOK_VALIDATE("v2_webhook_validate", "PUT", "/2/webhooks/{webhook_id}", 50, Duration.ofMinutes(15),
            Auth.USER_OR_APP),
    V2_WEBHOOK_DELETE("v2_webhook_delete", "DELETE", "/2/webhooks/{webhook_id}", 50, Duration.ofMinutes(15),
            Auth.USER_OR_APP);

    /** Who may call an endpoint: a user (OAuth 1.0a or OAuth 2.0 user context), the app alone (bearer), or both. */
    public enum Auth {
        USER, APP, USER_OR_APP;

        boolean allowsUser() {
            return this != APP;
        }

        boolean allowsApp() {
            return this != USER;
        }
    }

    private final String key;
    private final String method;
    private final String path;
    private final Pattern pathPattern;
    private final int defaultLimit;
    private final Duration defaultWindow;
    private final Auth auth;

    SandboxEndpoint(String key, String method, String path, int defaultLimit, Duration defaultWindow) {
        this(key, method, path, defaultLimit, defaultWindow, Auth.USER);
    }

    SandboxEndpoint(String key, String method, String path, int defaultLimit, Duration defaultWindow, Auth auth) {
        this.auth = auth;
        this.key = key;
        this.method = method;
        this.path = path;
        this.pathPattern = Pattern.compile(Arrays.stream(path.split("/", -1))
                .map(segment -> segment.startsWith("{") ? "([^/]+)" : Pattern.quote(segment))
                .reduce((a, b) -> a + "/" + b).orElseThrow());
        this.defaultLimit = defaultLimit;
        this.defaultWindow = defaultWindow;
    }

    public String key() {
        return key;
    }

    public String method() {
        return method;
    }

    /** The request body this endpoint reads at most: media uploads take files. */
    int maxBodyBytes() {
        return key.contains("media_upload") ? HttpExchanges.MAX_MEDIA_BODY_BYTES : HttpExchanges.MAX_BODY_BYTES;
    }

    /** The path, with a parameter in braces for v2 paths that hold one. */
    public String path() {
        return path;
    }

    public int defaultLimit() {
        return defaultLimit;
    }

    public Duration defaultWindow() {
        return defaultWindow;
    }

    public Auth auth() {
        return auth;
    }

    /** Whether it is an X API v2 endpoint (under {@code /2/}), whose errors are problem objects. */
    public boolean v2() {
        return path.startsWith("/2/");
    }

    /** The endpoint for a key such as {@code dm_list}; throws for an unknown key. */
    public static SandboxEndpoint ofKey(String key) {
        return Arrays.stream(values()).filter(e -> e.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown endpoint key '" + key + "', known: "
                        + Arrays.stream(values()).map(SandboxEndpoint::key).toList()));
    }

    static Optional<SandboxEndpoint> ofPath(String path) {
        return Arrays.stream(values()).filter(e -> e.pathPattern.matcher(path).matches()).findFirst();
    }

    /** The endpoint serving {@code method} on {@code path}. */
    static Optional<SandboxEndpoint> of(String method, String path) {
        return Arrays.stream(values()).filter(e -> e.method.equalsIgnoreCase(method)
                && e.pathPattern.matcher(path).matches()).findFirst();
    }

    /** The raw (still percent-encoded) values of all path parameters, in order; empty when the path differs. */
    java.util.List<String> pathParameters(String rawPath) {
        var matcher = pathPattern.matcher(rawPath);
        java.util.List<String> values = new java.util.ArrayList<>();
        if (matcher.matches()) {
            for (int i = 1; i <= matcher.groupCount(); i++) {
                values.add(matcher.group(i));
            }
        }
        return values;
    }

    /** The raw (still percent-encoded) value of the path parameter, or null when the path has none or differs. */
    String pathParameter(String rawPath) {
        var matcher = pathPattern.matcher(rawPath);
        return matcher.matches() && matcher.groupCount() > 0 ? matcher.group(1) : null;
    }
}
