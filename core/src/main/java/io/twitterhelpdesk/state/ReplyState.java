package io.twitterhelpdesk.state;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where a reply stands, as the {@code reply} table's {@code status} column holds it. {@code SENDING} is the only
 * state not shown outside: between its last commit and Twitter's answer a reply's outcome is unknown, so the status
 * API and events show it as {@code queued}; a reply found in it after a stop is looked for on Twitter before it is
 * sent again. {@code SENT}, {@code REJECTED} and {@code FAILED} are final. The moves between them are
 * {@link ReplyLedger.Transition}s.
 */
public enum ReplyState {

    QUEUED, SENDING, SENT, REJECTED, FAILED;

    /** The value stored in the {@code status} column (and shown to clients, but for {@code sending}). */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A final outcome: no transition leaves it, and a request with the same replyId answers it again. */
    public boolean isFinal() {
        return this == SENT || this == REJECTED || this == FAILED;
    }

    /** The state of a stored {@code status} value. */
    public static ReplyState of(String value) {
        return Arrays.stream(values()).filter(s -> s.value().equals(value)).findFirst()
                .orElseThrow(() -> new StateStoreException("Unknown reply status '" + value + "' in the reply table",
                        null));
    }
}
