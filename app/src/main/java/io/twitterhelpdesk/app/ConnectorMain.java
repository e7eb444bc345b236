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

    /** Where the jar keeps the connector's configuration and logging (not at its root: see the pom's resources). */
    public static final String PROPERTIES_LOCATION = "classpath:twitter-helpdesk/application.properties";
    static final String LOGGING_CONFIGURATION = "classpath:twitter-helpdesk/log4j2.properties";

    static {
        // before the first logger: -Dlog4j2.configurationFile still wins
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOGGING_CONFIGURATION);
        }
    }

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
        main.setPropertyPlaceholderLocations(PROPERTIES_LOCATION);
        // the API server answers 503 until the routes run (camel-main takes the factory from the registry)
        main.bind("apiHttpServerFactory", new ApiHttpServerFactory());
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
