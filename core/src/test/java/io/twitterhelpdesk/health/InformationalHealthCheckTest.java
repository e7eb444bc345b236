package io.twitterhelpdesk.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.ApiVersion;
import io.twitterhelpdesk.account.Ingestion;
import io.twitterhelpdesk.conversation.MutableClock;
import io.twitterhelpdesk.conversation.TestDatabase;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which checks decide readiness: the broker and the state database do; an account Twitter has trouble with and a
 * helpdesk that is down show in {@code /observe/health} but neither stop traffic nor restart the connector.
 */
class InformationalHealthCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private CamelContext context;

    @BeforeEach
    void startContextWithADownAccountAndHelpdesk() throws Exception {
        context = new DefaultCamelContext();
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        registry.register(new StateStoreHealthCheck(TestDatabase.migrated(), "H2"));
        MutableClock clock = new MutableClock(NOW);
        Account account = new Account("acme_support", "ck", "cs", "at", "ats", "acme_support", true, true,
                Ingestion.POLL, 60_000, 60_000, null, null, null, null, ApiVersion.V1_1, null);
        registry.register(new AccountHealthCheck(account, new IngestionHeartbeats(clock),
                name -> Optional.of(NOW.minus(Duration.ofHours(1))), Duration.ofMinutes(30), clock));
        CircuitBreaker open = CircuitBreaker.ofDefaults("zendesk");
        open.transitionToOpenState();
        registry.register(new HelpdeskHealthCheck("zendesk", name -> Optional.empty(), open));
        context.start();
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    @Test
    void aDownAccountOrHelpdeskShowsInTheFullHealthOnly() {
        Map<String, HealthCheck.State> all = states(HealthCheckHelper.invoke(context, "full"));
        Map<String, HealthCheck.State> ready = states(HealthCheckHelper.invokeReadiness(context, "full"));
        Map<String, HealthCheck.State> live = states(HealthCheckHelper.invokeLiveness(context, "full"));

        assertThat(all).containsEntry("account-acme_support", HealthCheck.State.DOWN)
                .containsEntry("helpdesk-zendesk", HealthCheck.State.DOWN)
                .containsEntry("state-store", HealthCheck.State.UP);
        assertThat(ready).containsEntry("state-store", HealthCheck.State.UP)
                .doesNotContainKeys("account-acme_support", "helpdesk-zendesk");
        assertThat(live).doesNotContainKeys("account-acme_support", "helpdesk-zendesk", "state-store");
    }

    @Test
    void anInformationalCheckSaysItIsNeitherLivenessNorReadiness() {
        HealthCheck.Result result = new HelpdeskHealthCheck("zendesk", name -> Optional.empty(), null).call();

        assertThat(result.getCheck().isReadiness()).isFalse();
        assertThat(result.getCheck().isLiveness()).isFalse();
        assertThat(result.getDetails()).containsEntry(HealthCheck.CHECK_KIND, HealthCheck.Kind.ALL);
    }

    private static Map<String, HealthCheck.State> states(Collection<HealthCheck.Result> results) {
        return results.stream().collect(Collectors.toMap(r -> r.getCheck().getId(), HealthCheck.Result::getState));
    }
}
