package io.twitterhelpdesk.account;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountRegistryTest {

    private final Map<String, String> props = new HashMap<>();

    private AccountRegistry load() {
        return AccountRegistry.load(k -> Optional.ofNullable(props.get(k)));
    }

    private void account(String name) {
        String p = "twitter.account." + name + ".";
        props.put(p + "screen-name", name);
        props.put(p + "consumer-key", "ck");
        props.put(p + "consumer-secret", "cs");
        props.put(p + "access-token", "at");
        props.put(p + "access-token-secret", "ats");
    }

    @Test
    void readsAccountsWithDefaultsAndOverrides() {
        props.put("twitter.accounts", "acme_support, acme_sales");
        account("acme_support");
        account("acme_sales");
        props.put("twitter.account.acme_sales.mentions-enabled", "false");
        props.put("twitter.account.acme_sales.dm-poll-delay", "2m");
        props.put("twitter.account.acme_sales.dm-inbox", "sales");
        props.put("inbound.inbox.mention", "social");

        AccountRegistry registry = load();

        assertThat(registry.names()).containsExactly("acme_support", "acme_sales");
        Account support = registry.get("acme_support");
        assertThat(support.directMessagesEnabled()).isTrue();
        assertThat(support.mentionsEnabled()).isTrue();
        assertThat(support.directMessagePollDelayMillis()).isEqualTo(60_000);
        assertThat(support.directMessageInbox()).isEqualTo("support");
        assertThat(support.mentionInbox()).isEqualTo("social");
        Account sales = registry.get("acme_sales");
        assertThat(sales.mentionsEnabled()).isFalse();
        assertThat(sales.directMessagePollDelayMillis()).isEqualTo(120_000);
        assertThat(sales.directMessageInbox()).isEqualTo("sales");
    }

    @Test
    void missingCredentialNamesTheKeyAndItsEnvironmentVariable() {
        props.put("twitter.accounts", "acme_support");
        account("acme_support");
        props.remove("twitter.account.acme_support.consumer-secret");

        assertThatThrownBy(this::load).isInstanceOf(AccountConfigurationException.class)
                .hasMessageContaining("twitter.account.acme_support.consumer-secret")
                .hasMessageContaining("TWITTER_ACCOUNT_ACME_SUPPORT_CONSUMER_SECRET");
    }

    @Test
    void missingAccountListIsRefused() {
        assertThatThrownBy(this::load).hasMessageContaining("twitter.accounts");
    }

    @Test
    void malformedEntriesAreRefusedWithTheirKey() {
        props.put("twitter.accounts", "Acme-Support");
        assertThatThrownBy(this::load).hasMessageContaining("twitter.accounts").hasMessageContaining("Acme-Support");

        props.put("twitter.accounts", "acme_support");
        account("acme_support");
        props.put("twitter.account.acme_support.dm-enabled", "yes");
        assertThatThrownBy(this::load).hasMessageContaining("twitter.account.acme_support.dm-enabled");

        props.put("twitter.account.acme_support.dm-enabled", "true");
        props.put("twitter.account.acme_support.screen-name", "@acme");
        assertThatThrownBy(this::load).hasMessageContaining("twitter.account.acme_support.screen-name");

        props.put("twitter.account.acme_support.screen-name", "acme");
        props.put("twitter.account.acme_support.mention-poll-delay", "soon");
        assertThatThrownBy(this::load).hasMessageContaining("twitter.account.acme_support.mention-poll-delay");
    }

    @Test
    void silenceAlertsComeFromTheAccountElseTheGlobalDefaultElseNone() {
        props.put("twitter.accounts", "acme_support,acme_sales,acme_press");
        account("acme_support");
        account("acme_sales");
        account("acme_press");
        props.put("inbound.mention.silence-alert", "12h");
        props.put("twitter.account.acme_support.dm-silence-alert", "6h");
        props.put("twitter.account.acme_sales.mention-silence-alert", "90m");
        props.put("twitter.account.acme_press.mention-silence-alert", "off");

        AccountRegistry registry = load();

        assertThat(registry.get("acme_support").directMessageSilenceAlert()).isEqualTo(Duration.ofHours(6));
        assertThat(registry.get("acme_support").mentionSilenceAlert()).isEqualTo(Duration.ofHours(12));
        assertThat(registry.get("acme_sales").directMessageSilenceAlert()).isNull();
        assertThat(registry.get("acme_sales").mentionSilenceAlert()).isEqualTo(Duration.ofMinutes(90));
        assertThat(registry.get("acme_press").mentionSilenceAlert()).isNull();
    }

    @Test
    void malformedSilenceAlertNamesItsKey() {
        props.put("twitter.accounts", "acme_support");
        account("acme_support");
        props.put("twitter.account.acme_support.dm-silence-alert", "six hours");
        assertThatThrownBy(this::load).isInstanceOf(AccountConfigurationException.class)
                .hasMessageContaining("twitter.account.acme_support.dm-silence-alert").hasMessageContaining("six hours");

        props.remove("twitter.account.acme_support.dm-silence-alert");
        props.put("inbound.mention.silence-alert", "0");
        assertThatThrownBy(this::load).hasMessageContaining("inbound.mention.silence-alert");
    }

    @Test
    void webhookOnlyAccountsGetNoPollers() {
        props.put("twitter.accounts", "acme_support,acme_sales");
        account("acme_support");
        account("acme_sales");
        props.put("twitter.account.acme_sales.ingestion", "webhook");

        AccountRegistry registry = load();

        assertThat(registry.get("acme_support").polled()).isTrue();
        assertThat(registry.get("acme_sales").polled()).isFalse();
        assertThat(io.twitterhelpdesk.inbound.DuePolls.of(registry, null, 0).polls())
                .extracting(p -> p.account() + " " + p.poller())
                .containsExactly("acme_support dmPoller", "acme_support mentionPoller");

        props.put("twitter.account.acme_sales.ingestion", "push");
        assertThatThrownBy(this::load).hasMessageContaining("twitter.account.acme_sales.ingestion");
    }

    @Test
    void toStringNeverShowsCredentials() {
        props.put("twitter.accounts", "acme_support");
        account("acme_support");
        props.put("twitter.account.acme_support.consumer-secret", "very-secret-value");

        assertThat(load().get("acme_support").toString()).doesNotContain("very-secret-value");
    }

    @Test
    void apiDefaultsToV11AndV2CanUseOAuth2WithoutTheOAuth1Keys() {
        props.put("twitter.accounts", "acme_support, acme_sales");
        account("acme_support");
        String p = "twitter.account.acme_sales.";
        props.put(p + "screen-name", "acme_sales");
        props.put(p + "api", "v2");
        props.put(p + "auth", "oauth2");
        props.put(p + "oauth2-client-id", "client-1");
        props.put(p + "oauth2-refresh-token", "refresh-secret");

        AccountRegistry registry = load();

        assertThat(registry.get("acme_support").api()).isEqualTo(ApiVersion.V1_1);
        assertThat(registry.get("acme_support").usesOAuth1()).isTrue();
        Account sales = registry.get("acme_sales");
        assertThat(sales.api()).isEqualTo(ApiVersion.V2);
        assertThat(sales.usesOAuth1()).isFalse();
        assertThat(sales.oauth2().clientId()).isEqualTo("client-1");
        assertThat(sales.oauth2().clientSecret()).isNull();
        assertThat(sales.oauth2().refreshToken()).isEqualTo("refresh-secret");
        assertThat(sales.consumerKey()).isNull();
        assertThat(sales.toString() + sales.oauth2()).doesNotContain("refresh-secret");
    }

    @Test
    void badApiOrAuthSettingsAreRefusedWithTheKey() {
        props.put("twitter.accounts", "acme_support");
        account("acme_support");
        props.put("twitter.account.acme_support.api", "v3");
        assertThatThrownBy(this::load).isInstanceOf(AccountConfigurationException.class)
                .hasMessageContaining("twitter.account.acme_support.api must be v1.1 or v2, not 'v3'");

        props.put("twitter.account.acme_support.api", "v1.1");
        props.put("twitter.account.acme_support.auth", "oauth2");
        assertThatThrownBy(this::load).isInstanceOf(AccountConfigurationException.class)
                .hasMessageContaining("auth=oauth2 needs twitter.account.acme_support.api=v2");

        props.put("twitter.account.acme_support.api", "v2");
        assertThatThrownBy(this::load).isInstanceOf(AccountConfigurationException.class)
                .hasMessageContaining("twitter.account.acme_support.oauth2-client-id")
                .hasMessageContaining("TWITTER_ACCOUNT_ACME_SUPPORT_OAUTH2_CLIENT_ID");

        props.put("twitter.account.acme_support.auth", "basic");
        assertThatThrownBy(this::load).isInstanceOf(AccountConfigurationException.class)
                .hasMessageContaining("auth must be oauth1 or oauth2, not 'basic'");
    }

    @Test
    void anOAuth2AccountFedByTheWebhookStillNeedsTheConsumerSecret() {
        props.put("twitter.accounts", "acme_support");
        String p = "twitter.account.acme_support.";
        props.put(p + "screen-name", "acme_support");
        props.put(p + "api", "v2");
        props.put(p + "auth", "oauth2");
        props.put(p + "oauth2-client-id", "client-1");
        props.put(p + "oauth2-refresh-token", "refresh");
        props.put(p + "ingestion", "webhook");

        assertThatThrownBy(this::load).isInstanceOf(AccountConfigurationException.class)
                .hasMessageContaining("twitter.account.acme_support.consumer-secret");
    }
}
