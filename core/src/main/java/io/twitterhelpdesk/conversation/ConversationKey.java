package io.twitterhelpdesk.conversation;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A conversation key as the inbound envelope writes it: {@code twitter:dm:<accountId>:<customerId>} for Direct
 * Messages, {@code twitter:thread:<root tweet id>} for a public mention thread. Ids are positive decimal numbers
 * without leading zeros, so a key has exactly one spelling.
 */
public final class ConversationKey {

    public enum Kind { DM, THREAD }

    private static final String ID = "([1-9][0-9]{0,18})";
    private static final Pattern DM = Pattern.compile("twitter:dm:" + ID + ":" + ID);
    private static final Pattern THREAD = Pattern.compile("twitter:thread:" + ID);

    private final Kind kind;
    private final long first;
    private final long second;

    private ConversationKey(Kind kind, long first, long second) {
        this.kind = kind;
        this.first = first;
        this.second = second;
    }

    public static String dm(long accountId, long customerId) {
        return "twitter:dm:" + positive(accountId, "accountId") + ":" + positive(customerId, "customerId");
    }

    public static String thread(long rootId) {
        return "twitter:thread:" + positive(rootId, "rootId");
    }

    /** Parses a key; throws {@link InvalidConversationKeyException} naming the expected forms for anything else. */
    public static ConversationKey parse(String key) {
        if (key != null) {
            Matcher dm = DM.matcher(key);
            Matcher thread = THREAD.matcher(key);
            try {
                if (dm.matches()) {
                    return new ConversationKey(Kind.DM, Long.parseLong(dm.group(1)), Long.parseLong(dm.group(2)));
                }
                if (thread.matches()) {
                    return new ConversationKey(Kind.THREAD, Long.parseLong(thread.group(1)), 0);
                }
            } catch (NumberFormatException tooLarge) {
                // falls through to the explanation below
            }
        }
        throw new InvalidConversationKeyException("Not a conversation key: " + (key == null ? "null" : "'" + key + "'")
                + "; expected twitter:dm:<accountId>:<customerId> or twitter:thread:<rootTweetId> with positive numeric ids");
    }

    public Kind kind() {
        return kind;
    }

    /** The company account of a DM conversation. */
    public long accountId() {
        require(Kind.DM);
        return first;
    }

    /** The customer of a DM conversation. */
    public long customerId() {
        require(Kind.DM);
        return second;
    }

    /** The root tweet of a mention thread. */
    public long rootId() {
        require(Kind.THREAD);
        return first;
    }

    private void require(Kind expected) {
        if (kind != expected) {
            throw new IllegalStateException(this + " is not a " + expected + " conversation key");
        }
    }

    private static long positive(long id, String name) {
        if (id <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + id);
        }
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConversationKey other && kind == other.kind && first == other.first && second == other.second;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, first, second);
    }

    @Override
    public String toString() {
        return kind == Kind.DM ? dm(first, second) : thread(first);
    }
}
