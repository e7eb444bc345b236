package io.twitterhelpdesk.app;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.sandbox.SandboxUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sandbox of the demo mode started again on one data directory: an account keeps its id whatever the order of
 * the configured accounts, a new one gets the next free id, and a screen name the sandbox knows as a customer's
 * cannot become an account.
 */
class SandboxLauncherTest {

    @TempDir
    Path dataDir;
    private SandboxLauncher launcher;

    @AfterEach
    void stop() {
        if (launcher != null) {
            launcher.stop();
        }
    }

    private SandboxLauncher start(String... accountNames) {
        Map<String, String> props = new HashMap<>();
        props.put("twitter.accounts", String.join(",", accountNames));
        for (String name : accountNames) {
            String p = "twitter.account." + name + ".";
            props.put(p + "screen-name", name);
            props.put(p + "consumer-key", "ck");
            props.put(p + "consumer-secret", "cs");
            props.put(p + "access-token", "at-" + name);
            props.put(p + "access-token-secret", "ats");
        }
        launcher = new SandboxLauncher("127.0.0.1", 0, 0, true,
                AccountRegistry.load(k -> Optional.ofNullable(props.get(k))), dataDir);
        launcher.start();
        return launcher;
    }

    private long id(String screenName) {
        return launcher.sandbox().user(screenName).map(SandboxUser::id).orElseThrow();
    }

    @Test
    void anAccountKeepsItsIdAcrossRestartsAndANewOneGetsTheNextFreeId() {
        start("acme_support");
        long customer = launcher.sandbox().injectDirectMessage("alice", "acme_support", "hi", List.of()).senderId();
        launcher.stop();

        start("acme_sales", "acme_support");

        assertThat(id("acme_support")).isEqualTo(4200);
        assertThat(id("acme_sales")).isEqualTo(4201);
        assertThat(id("alice")).isEqualTo(customer);
        assertThat(launcher.sandbox().users()).filteredOn(SandboxUser::account).extracting(SandboxUser::screenName)
                .containsExactlyInAnyOrder("acme_support", "acme_sales");
    }

    @Test
    void aScreenNameKnownAsACustomerCannotBecomeAnAccount() {
        start("acme_support");
        launcher.sandbox().injectDirectMessage("acme_sales", "acme_support", "I am a customer", List.of());
        launcher.stop();

        assertThatThrownBy(() -> start("acme_support", "acme_sales"))
                .hasMessageContaining("knows @acme_sales as a customer");
        launcher = null;
    }
}
