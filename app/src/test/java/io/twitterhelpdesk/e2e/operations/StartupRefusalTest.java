package io.twitterhelpdesk.e2e.operations;

import java.nio.file.Path;
import java.util.Map;

import io.twitterhelpdesk.e2e.support.FreePorts;
import io.twitterhelpdesk.e2e.support.RunningConnector;
import io.twitterhelpdesk.e2e.support.TestAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A connector with a broken account entry or broker setting refuses to start and says which key to fix. */
class StartupRefusalTest {

    @TempDir
    Path dataDir;

    @Test
    void missingAccessTokenSecretStopsTheStartAndNamesTheKey() {
        Map<String, String> p = properties();
        p.put("twitter.account.acme_sales.access-token-secret", "");

        assertThat(RunningConnector.refusal(p)).hasMessageContaining("twitter.account.acme_sales.access-token-secret");
    }

    @Test
    void embeddedBrokerBeyondLoopbackWithoutALoginIsRefused() {
        Map<String, String> p = properties();
        p.put("broker.embedded.host", "0.0.0.0");

        assertThat(RunningConnector.refusal(p)).hasMessageContaining("broker.embedded.host").hasMessageContaining("broker.user")
                .hasMessageContaining("broker.password");
    }

    @Test
    void embeddedBrokerWithoutCoreOrWithAnUnknownProtocolIsRefused() {
        Map<String, String> withoutCore = properties();
        withoutCore.put("broker.embedded.protocols", "AMQP,STOMP");
        Map<String, String> unknown = properties();
        unknown.put("broker.embedded.protocols", "CORE,OPENWIRE");

        assertThat(RunningConnector.refusal(withoutCore)).hasMessageContaining("broker.embedded.protocols");
        assertThat(RunningConnector.refusal(unknown)).hasMessageContaining("broker.embedded.protocols").hasMessageContaining("OPENWIRE");
    }

    @Test
    void badMediaSettingsAreRefusedNamingTheKey() {
        Map<String, String> size = properties();
        size.put("media.max-bytes", "lots");
        Map<String, String> base = properties();
        base.put("media.base-url", "ftp://files.example.com");
        Map<String, String> key = properties();
        key.put("media.signing-key", "short");
        Map<String, String> cache = properties();
        cache.put("media.cache.max-size", "1MB");

        assertThat(RunningConnector.refusal(size)).hasMessageContaining("media.max-bytes").hasMessageContaining("lots");
        assertThat(RunningConnector.refusal(base)).hasMessageContaining("media.base-url");
        assertThat(RunningConnector.refusal(key)).hasMessageContaining("media.signing-key")
                .hasMessageNotContaining("short");
        assertThat(RunningConnector.refusal(cache)).hasMessageContaining("media.cache.max-size")
                .hasMessageContaining("media.max-bytes");
    }

    private Map<String, String> properties() {
        Map<String, String> p = TestAccounts.properties();
        p.put("sandbox.enabled", "false");
        p.put("connector.data-dir", dataDir.toString());
        p.put("broker.embedded.port", Integer.toString(FreePorts.next()));
        return p;
    }
}
