package io.twitterhelpdesk.cost;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What X bills under pay-per-use, as the connector counts it (the rules shared with the sandbox's invoice,
 * docs/operations.md "What X bills"): reads per resource returned, deduplicated per app, resource and UTC day
 * ({@link #kind} names the resource), writes per successful request. The key is the name in the rates file, the
 * metric tag {@code unit} and the usage API.
 */
public enum BillableUnit {

    DM_EVENT_READ("dm_event"),
    POST_READ("post"),
    USER_READ("user"),
    POST_CREATE(null),
    POST_CREATE_WITH_URL(null),
    DM_CREATE(null);

    /** "Holds a URL": the sandbox's pattern (TextComposer.URL), so both sides price a post alike. */
    private static final Pattern URL = Pattern.compile("https?://[^\\s]+");

    private final String kind;

    BillableUnit(String kind) {
        this.kind = kind;
    }

    /** e.g. {@code dm_event_read}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The resource kind a read is deduplicated on ({@code dm_event}, {@code post}, {@code user}); null for a write. */
    public String kind() {
        return kind;
    }

    public boolean isRead() {
        return kind != null;
    }

    /** {@link #POST_CREATE_WITH_URL} when the post's text holds a URL, else {@link #POST_CREATE}. */
    public static BillableUnit postCreate(String text) {
        return text != null && URL.matcher(text).find() ? POST_CREATE_WITH_URL : POST_CREATE;
    }

    /** The unit of a key; IllegalArgumentException for an unknown one. */
    public static BillableUnit of(String key) {
        for (BillableUnit unit : values()) {
            if (unit.key().equals(key)) {
                return unit;
            }
        }
        throw new IllegalArgumentException("unknown billable unit '" + key + "'");
    }
}
