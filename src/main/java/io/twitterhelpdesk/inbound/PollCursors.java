package io.twitterhelpdesk.inbound;

import io.twitterhelpdesk.state.StateStore;

/** Moves an account's poll cursor past a message once it is delivered, dropped as an echo or found a duplicate. */
public final class PollCursors {

    private final StateStore state;

    public PollCursors(StateStore state) {
        this.state = state;
    }

    public void handled(PolledMessage message) {
        state.advanceCursor(message.account(), message.channel(), message.id());
    }
}
