package io.twitterhelpdesk.e2e;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A connector with a broken account entry refuses to start and says which key to fix. */
class StartupRefusalTest {

    @TempDir
    Path dataDir;

    @Test
    void missingAccessTokenSecretStopsTheStartAndNamesTheKey() {
        Map<String, String> p = TestAccounts.properties();
        p.put("sandbox.enabled", "false");
        p.put("connector.data-dir", dataDir.toString());
        p.put("broker.embedded.port", Integer.toString(FreePorts.next()));
        p.put("twitter.account.acme_sales.access-token-secret", "");

        Throwable failure = catchThrowable(() -> RunningConnector.start(p).close());

        assertThat(failure).isNotNull();
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertThat(root).hasMessageContaining("twitter.account.acme_sales.access-token-secret");
    }
}
