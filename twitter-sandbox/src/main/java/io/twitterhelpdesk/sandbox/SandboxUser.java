package io.twitterhelpdesk.sandbox;

import java.time.Instant;

/** A user known to the sandbox: a registered company account or a customer created on the fly. */
public record SandboxUser(long id, String screenName, String name, boolean acceptsDirectMessages, boolean account,
                          Instant createdAt) {

    SandboxUser withAcceptsDirectMessages(boolean accepts) {
        return new SandboxUser(id, screenName, name, accepts, account, createdAt);
    }
}
