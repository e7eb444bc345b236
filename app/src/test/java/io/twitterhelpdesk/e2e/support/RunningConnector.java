package io.twitterhelpdesk.e2e.support;

import java.util.Map;

import io.twitterhelpdesk.app.ConnectorMain;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/** The connector's real camel-main (YAML routes from routes/, the real wiring) started in this JVM. */
public final class RunningConnector implements AutoCloseable {

    private final Main main;

    private RunningConnector(Main main) {
        this.main = main;
    }

    public static RunningConnector start(Map<String, String> properties) {
        return start(properties, Map.of());
    }

    /** Starts with beans bound first, e.g. a {@code clock} the test controls. */
    public static RunningConnector start(Map<String, String> properties, Map<String, Object> beans) {
        Main main = ConnectorMain.newMain();
        properties.forEach(main::addOverrideProperty);
        beans.forEach(main::bind);
        try {
            main.start();
        } catch (RuntimeException e) {
            // a start refused after the routes started (e.g. two accounts with one Twitter id) leaves them running
            main.stop();
            throw e;
        }
        return new RunningConnector(main);
    }

    /** Why a start with these properties is refused: the root cause (fails the test if it starts). */
    public static Throwable refusal(Map<String, String> properties) {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> start(properties).close());
        org.assertj.core.api.Assertions.assertThat(failure).as("the start is refused").isNotNull();
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        main.stop();
    }
}
