package io.twitterhelpdesk.sandbox;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * What X's pay-per-use pricing counts, with the default rate in USD per unit (the rules the connector's own meter
 * applies too). A read unit counts each resource returned, once per app and UTC day ({@link #resourceKind}); a write
 * unit counts each successful request.
 */
public enum UsageUnit {
    DM_EVENT_READ("dm_event_read", "dm_event", "0.010"),
    POST_READ("post_read", "post", "0.005"),
    USER_READ("user_read", "user", "0.010"),
    POST_CREATE("post_create", null, "0.015"),
    POST_CREATE_WITH_URL("post_create_with_url", null, "0.200"),
    DM_CREATE("dm_create", null, "0.015");

    private final String key;
    private final String resourceKind;
    private final BigDecimal defaultRate;

    UsageUnit(String key, String resourceKind, String defaultRate) {
        this.key = key;
        this.resourceKind = resourceKind;
        this.defaultRate = new BigDecimal(defaultRate);
    }

    /** The name used in the admin API, e.g. {@code dm_event_read}. */
    public String key() {
        return key;
    }

    /** The kind of resource a read unit is deduplicated by ({@code dm_event}, {@code post}, {@code user}); null for writes. */
    String resourceKind() {
        return resourceKind;
    }

    boolean read() {
        return resourceKind != null;
    }

    public BigDecimal defaultRate() {
        return defaultRate;
    }

    /** The post-create unit for a post's text: with a URL ({@code https?://[^\s]+}, as {@link TextComposer}) or not. */
    static UsageUnit postCreate(String text) {
        return TextComposer.holdsUrl(text) ? POST_CREATE_WITH_URL : POST_CREATE;
    }

    /** The unit for a key such as {@code dm_event_read}; throws for an unknown key. */
    public static UsageUnit ofKey(String key) {
        return Arrays.stream(values()).filter(u -> u.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown usage unit '" + key + "', known: "
                        + Arrays.stream(values()).map(UsageUnit::key).toList()));
    }
}
