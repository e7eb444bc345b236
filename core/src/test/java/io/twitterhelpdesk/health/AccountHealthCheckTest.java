package io.twitterhelpdesk.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.ApiVersion;
import io.twitterhelpdesk.account.Ingestion;
import io.twitterhelpdesk.conversation.MutableClock;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccountHealthCheckTest {

    private static final Instant STARTED = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration STALE_AFTER = Duration.ofMinutes(30);

    private final MutableClock clock = new MutableClock(STARTED);
    private final IngestionHeartbeats heartbeats = new IngestionHeartbeats(clock);

    @Test
    void upWhileThisInstancePollsEveryChannelSuccessfully() {
        clock.advance(Duration.ofMinutes(40));
        heartbeats.polled("acme_support", "dm", null);
        heartbeats.polled("acme_support", "mention", null);

        HealthCheck.Result result = pollingHere(account(Ingestion.POLL)).call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getDetails()).containsEntry("polledHere", true)
                .containsEntry("dm.lastSuccessfulPoll", STARTED.plus(Duration.ofMinutes(40)).toString())
                .containsEntry("lastWebhook", "never").containsEntry("ingestion", "poll");
    }

    @Test
    void downNamingTheChannelThatHadNoSuccessfulPollForTooLong() {
        clock.advance(Duration.ofMinutes(5));
        heartbeats.polled("acme_support", "dm", null);
        heartbeats.polled("acme_support", "mention", null);
        Instant lastDm = clock.instant();
        clock.advance(Duration.ofMinutes(20));
        heartbeats.polled("acme_support", "mention", null);
        clock.advance(Duration.ofMinutes(11));
        heartbeats.failed("acme_support", "dm", null);

        HealthCheck.Result result = pollingHere(account(Ingestion.POLL)).call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).contains("No successful poll of account acme_support for more than PT30M: dm "
                + "since " + lastDm);
    }

    @Test
    void downWhenPollingStartedHereAndNoPollEverSucceeded() {
        clock.advance(STALE_AFTER.plusSeconds(1));

        HealthCheck.Result result = pollingHere(account(Ingestion.POLL)).call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).hasValueSatisfying(m -> assertThat(m)
                .contains("dm since polling started here at " + STARTED)
                .contains("mention since polling started here at " + STARTED));
    }

    @Test
    void upWhenAnotherInstancePollsTheAccount() {
        clock.advance(Duration.ofHours(2));

        HealthCheck.Result result = new AccountHealthCheck(account(Ingestion.POLL), heartbeats,
                name -> Optional.empty(), STALE_AFTER, clock).call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getMessage()).contains("Polled by another instance");
        assertThat(result.getDetails()).containsEntry("polledHere", false);
    }

    @Test
    void aWebhookOnlyAccountIsUpEvenWhenQuietAndShowsItsLastWebhook() {
        heartbeats.webhook("acme_support");
        clock.advance(Duration.ofHours(2));

        HealthCheck.Result result = pollingHere(account(Ingestion.WEBHOOK)).call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getDetails()).containsEntry("polledHere", false)
                .containsEntry("lastWebhook", STARTED.toString()).containsEntry("ingestion", "webhook");
    }

    @Test
    void downWhileTwitterRefusesTheAccountsCredentials() {
        AccountHealth.Status refused = new AccountHealth.Status("acme_support", "1234",
                AccountHealth.Credentials.REFUSED, "all", STARTED, "Twitter refuses the account's credentials: HTTP 401");
        heartbeats.polled("acme_support", "dm", null);
        heartbeats.polled("acme_support", "mention", null);

        HealthCheck.Result result = new AccountHealthCheck(account(Ingestion.POLL), heartbeats,
                name -> Optional.of(STARTED), STALE_AFTER, clock, name -> Optional.of(refused)).call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).contains("Account acme_support is unhealthy: Twitter refuses the account's "
                + "credentials: HTTP 401");
        assertThat(result.getDetails()).containsEntry("credentials", "refused").containsEntry("twitterId", "1234")
                .containsEntry("acceptsDirectMessagesFromAnyone", "true")
                .containsEntry("lastAccountCheck", STARTED.toString());
    }

    private AccountHealthCheck pollingHere(Account account) {
        return new AccountHealthCheck(account, heartbeats, name -> Optional.of(STARTED), STALE_AFTER, clock);
    }

    private static Account account(Ingestion ingestion) {
        return new Account("acme_support", "ck", "cs", "at", "ats", "acme_support", true, true, ingestion, 60_000,
                60_000, null, null, null, null, ApiVersion.V1_1, null);
    }
}
