package io.twitterhelpdesk.app;

import java.io.InputStream;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the shipped application.properties gives someone who runs the jar as it is (sandbox mode): nothing listens
 * beyond loopback, the REST API has a body limit below the server's, and the API refuses calls without a key.
 */
class SecureDefaultsTest {

    private static Properties shipped() throws Exception {
        Properties p = new Properties();
        try (InputStream in = SecureDefaultsTest.class.getResourceAsStream("/twitter-helpdesk/application.properties")) {
            p.load(in);
        }
        return p;
    }

    @Test
    void everyListenerBindsToLoopbackByDefault() throws Exception {
        Properties p = shipped();
        assertThat(p.getProperty("sandbox.enabled")).isEqualTo("true");
        assertThat(p.stringPropertyNames()).filteredOn(k -> k.endsWith(".host"))
                .containsExactlyInAnyOrder("camel.server.host", "camel.management.host", "sandbox.host",
                        "broker.embedded.host")
                .allSatisfy(k -> assertThat(p.getProperty(k)).as(k).isEqualTo("127.0.0.1"));
    }

    @Test
    void healthAndMetricsAreOnTheirOwnPortNotTheApis() throws Exception {
        Properties p = shipped();
        assertThat(p.getProperty("camel.management.port")).isEqualTo("{{env:CAMEL_MANAGEMENT_PORT:9876}}");
        assertThat(p.getProperty("camel.server.port")).isEqualTo("{{env:CAMEL_SERVER_PORT:8080}}");
    }

    @Test
    void bodiesAreLimitedAndTheApiNeedsAKey() throws Exception {
        Properties p = shipped();
        long server = Long.parseLong(p.getProperty("camel.server.max-body-size"));
        long api = Long.parseLong(p.getProperty("api.max-body-size"));
        assertThat(api).isPositive().isLessThanOrEqualTo(server);
        assertThat(server).isLessThanOrEqualTo(10L * 1024 * 1024);
        assertThat(p.getProperty("api.keys")).isNotBlank();
    }
}
