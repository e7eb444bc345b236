package io.twitterhelpdesk.app;

import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the connector: camel-main with the routes under {@code routes/} and the wiring of
 * {@link ConnectorConfiguration}. Exits non-zero when the start fails (a bad configuration names its key), so a
 * supervisor sees the failure instead of a half-started JVM.
 */
public final class ConnectorMain {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorMain.class);

    private ConnectorMain() {
    }

    public static void main(String[] args) {
        int exitCode;
        try {
            exitCode = newMain().run(args);
        } catch (Exception e) {
            LOG.error("The connector could not start: {}", rootMessage(e));
            exitCode = 1;
        }
        System.exit(exitCode);
    }

    /** A camel-main configured with the connector's wiring; tests run it in-process. */
    public static Main newMain() {
        Main main = new Main();
        main.configure().addConfiguration(ConnectorConfiguration.class);
        return main;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
