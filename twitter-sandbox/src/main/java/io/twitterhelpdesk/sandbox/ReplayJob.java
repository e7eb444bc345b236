package io.twitterhelpdesk.sandbox;

import java.time.Instant;

/**
 * A replay job of {@code POST /2/webhooks/replay}: the logged events of the webhook from {@code from} to {@code to}
 * (inclusive, minute granularity) POSTed again.
 *
 * @param state {@code InProgress}, then {@code Complete} (every event answered 200) or {@code Incomplete}
 */
public record ReplayJob(String jobId, String webhookId, Instant from, Instant to, int eventCount, String state,
                        Instant createdAt) {

    ReplayJob withState(String newState) {
        return new ReplayJob(jobId, webhookId, from, to, eventCount, newState, createdAt);
    }
}
