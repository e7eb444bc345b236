package io.twitterhelpdesk.inbound;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.twitterhelpdesk.state.StateStore;

/**
 * Moves an account's poll cursor past a polled message once it is delivered, dropped as an echo or found a
 * duplicate. A message pushed by the webhook leaves the cursor alone: the poller may not have seen older ones yet.
 */
public final class PollCursors {

    private final StateStore state;

    public PollCursors(StateStore state) {
        this.state = state;
    }

    /** Moves the cursors past every polled message of a poll's (kept on the intake queue): each channel's newest. */
    public void advancePast(List<PolledMessage> messages) {
        Map<List<String>, Long> newest = new LinkedHashMap<>();
        for (PolledMessage message : messages) {
            if (PolledMessage.POLL.equals(message.source())) {
                newest.merge(List.of(message.account(), message.channel()), message.id(), Math::max);
            }
        }
        newest.forEach((channel, id) -> state.advanceCursor(channel.get(0), channel.get(1), id));
    }

    public void handled(PolledMessage message) {
        if (!PolledMessage.POLL.equals(message.source())) {
            return;
        }
        state.advanceCursor(message.account(), message.channel(), message.id());
    }
}
