package io.twitterhelpdesk.health;

import io.twitterhelpdesk.state.StateDatabase;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StateStoreHealthCheckTest {

    private StateDatabase database;
    private StateStoreHealthCheck check;

    @BeforeEach
    void startDatabase() {
        database = new StateDatabase("jdbc:h2:mem:health-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        database.start();
        check = new StateStoreHealthCheck(database.dataSource(), database.product());
    }

    @AfterEach
    void stopDatabase() {
        database.stop();
    }

    @Test
    void upWhileTheDatabaseAnswers() {
        HealthCheck.Result result = check.call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getDetails()).containsEntry("database", "H2");
    }

    @Test
    void downNamingTheStateDatabaseOnceItIsClosed() {
        database.stop();

        HealthCheck.Result result = check.call();

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).hasValueSatisfying(m -> assertThat(m)
                .startsWith("The state database cannot be reached: ").contains("closed"));
        assertThat(result.getDetails()).containsEntry("database", "H2");
    }

    @Test
    void decidesReadinessButNotLiveness() {
        assertThat(check.isReadiness()).isTrue();
        assertThat(check.isLiveness()).isFalse();
        assertThat(check.getId()).isEqualTo("state-store");
    }
}
