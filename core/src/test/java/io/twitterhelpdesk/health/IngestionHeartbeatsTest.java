package io.twitterhelpdesk.health;

import java.time.Duration;
import java.time.Instant;

import io.twitterhelpdesk.conversation.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IngestionHeartbeatsTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final IngestionHeartbeats heartbeats = new IngestionHeartbeats(clock);

    @Test
    void remembersTheLastSuccessfulPollPerAccountAndChannel() {
        heartbeats.polled("acme_support", "dm", null);
        clock.advance(Duration.ofMinutes(1));
        heartbeats.polled("acme_support", "mention", null);

        assertThat(heartbeats.lastSuccessfulPoll("acme_support", "dm")).contains(T0);
        assertThat(heartbeats.lastSuccessfulPoll("acme_support", "mention")).contains(T0.plusSeconds(60));
        assertThat(heartbeats.lastSuccessfulPoll("globex", "dm")).isEmpty();
    }

    @Test
    void aFailedPollLeavesTheLastSuccessfulOneAsItWas() {
        heartbeats.polled("acme_support", "dm", null);
        clock.advance(Duration.ofMinutes(5));

        heartbeats.failed("acme_support", "dm", null);

        assertThat(heartbeats.lastSuccessfulPoll("acme_support", "dm")).contains(T0);
    }

    @Test
    void remembersTheLastSignedWebhookCallPerAccount() {
        assertThat(heartbeats.lastWebhook("acme_support")).isEmpty();

        heartbeats.webhook("acme_support");
        clock.advance(Duration.ofMinutes(2));
        heartbeats.webhook("acme_support");

        assertThat(heartbeats.lastWebhook("acme_support")).contains(T0.plusSeconds(120));
        assertThat(heartbeats.lastWebhook("globex")).isEmpty();
    }
}
