package io.twitterhelpdesk.inbound;

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

    public void handled(PolledMessage message) {
        if (!PolledMessage.POLL.equals(message.source())) {
            return;
        }
        state.advanceCursor(message.account(), message.channel(), message.id());
    }
}
