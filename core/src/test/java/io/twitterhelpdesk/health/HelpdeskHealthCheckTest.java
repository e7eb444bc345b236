package io.twitterhelpdesk.health;

import java.time.Instant;
import java.util.Optional;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.twitterhelpdesk.delivery.HelpdeskHealth;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HelpdeskHealthCheckTest {

    private static final String QUEUE = "helpdesk.zendesk";
    private static final String PROBE = "http://127.0.0.1:8080/health";
    private static final Instant PROBED = Instant.parse("2026-11-22T10:00:00Z");

    private final CircuitBreaker breaker = CircuitBreaker.ofDefaults("helpdesk-zendesk");

    @Test
    void upWhileDeliveringWithAClosedCircuitAndAnsweredProbe() {
        HealthCheck.Result result = check(probed(true, 204, "probe answered 204")).call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getMessage()).contains("probe answered 204");
        assertThat(result.getDetails()).containsEntry("queue", QUEUE).containsEntry("delivering", true)
                .containsEntry("circuit", "CLOSED").containsEntry("probeUrl", PROBE)
                .containsEntry("lastProbe", PROBED.toString()).containsEntry("lastProbeStatus", 204);
    }

    @Test
    void downWithTheStartCheckProblemWhenTheStartChecksLeftItOut() {
        HelpdeskHealth.Status leftOut = new HelpdeskHealth.Status("zendesk", QUEUE, false, false,
                "helpdesk.zendesk.auth.token is empty; not delivered to since the start", Optional.empty(),
                Optional.empty(), 0);

        HealthCheck.Result result = new HelpdeskHealthCheck("zendesk", name -> Optional.of(leftOut), null).call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).hasValueSatisfying(m -> assertThat(m)
                .startsWith("helpdesk.zendesk.auth.token is empty"));
        assertThat(result.getDetails()).containsEntry("delivering", false).doesNotContainKey("circuit");
    }

    @Test
    void downWhileItsCircuitIsOpenSayingTheMessagesWait() {
        breaker.transitionToOpenState();

        HealthCheck.Result result = check(probed(true, 200, "probe answered 200")).call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).contains("helpdesk zendesk is not taking calls (circuit OPEN); its messages "
                + "wait on its queue, in order");
        assertThat(result.getDetails()).containsEntry("circuit", "OPEN");
    }

    @Test
    void downWhenItsProbeWasLastNotAnswered() {
        HealthCheck.Result result = check(probed(false, 0, "probe " + PROBE + " not answered: Connection refused"))
                .call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).contains("probe " + PROBE + " not answered: Connection refused");
        assertThat(result.getDetails()).containsEntry("lastProbeStatus", 0);
    }

    @Test
    void upWithoutAProbeAsLongAsTheCircuitIsClosed() {
        HealthCheck.Result result = new HelpdeskHealthCheck("zendesk", name -> Optional.empty(), breaker).call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getDetails()).containsEntry("helpdesk", "zendesk").doesNotContainKey("probeUrl");
    }

    private HelpdeskHealthCheck check(HelpdeskHealth.Status status) {
        return new HelpdeskHealthCheck("zendesk", name -> name.equals("zendesk") ? Optional.of(status)
                : Optional.empty(), breaker);
    }

    private static HelpdeskHealth.Status probed(boolean up, int status, String message) {
        return new HelpdeskHealth.Status("zendesk", QUEUE, up, true, message, Optional.of(PROBE),
                Optional.of(PROBED), status);
    }
}
