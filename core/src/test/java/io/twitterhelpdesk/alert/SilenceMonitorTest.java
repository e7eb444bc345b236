package io.twitterhelpdesk.alert;

import io.twitterhelpdesk.state.ChannelActivityStore;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.conversation.MutableClock;
import io.twitterhelpdesk.conversation.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SilenceMonitorTest {

    private static final Instant START = Instant.parse("2026-11-22T08:00:00Z");

    private final Map<String, String> props = new HashMap<>();
    private final MutableClock clock = new MutableClock(START);
    private final DataSource database = TestDatabase.migrated();
    private final ChannelActivityStore store = new ChannelActivityStore(database);

    private void account(String name, String... settings) {
        props.merge("twitter.accounts", name, (a, b) -> a + "," + b);
        String p = "twitter.account." + name + ".";
        props.put(p + "screen-name", name);
        props.put(p + "consumer-key", "ck");
        props.put(p + "consumer-secret", "cs");
        props.put(p + "access-token", "at");
        props.put(p + "access-token-secret", "ats");
        for (int i = 0; i < settings.length; i += 2) {
            props.put(p + settings[i], settings[i + 1]);
        }
    }

    private SilenceMonitor monitor() {
        AccountRegistry accounts = AccountRegistry.load(k -> Optional.ofNullable(props.get(k)));
        return new SilenceMonitor(accounts, store, clock, name -> name.equals("acme_support") ? "42" : null);
    }

    private void message(String account, String channel) {
        store.messageDelivered(account, channel, clock.instant());
    }

    @Test
    void raisesOnceWhenTheChannelIsSilentLongerThanItsThreshold() {
        account("acme_support", "dm-silence-alert", "1h");
        SilenceMonitor monitor = monitor();

        clock.advance(Duration.ofMinutes(60));
        assertThat(monitor.check()).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        assertThat(monitor.check()).containsExactly(new ChannelAlert(ChannelAlert.SILENT, "acme_support", "42", "dm",
                START, Duration.ofHours(1), null, START.plus(Duration.ofMinutes(61))));

        clock.advance(Duration.ofHours(5));
        assertThat(monitor.check()).isEmpty();
    }

    @Test
    void resumesOnceWhenMessagesComeAgainThenWatchesTheNextSilence() {
        account("acme_support", "dm-silence-alert", "1h");
        SilenceMonitor monitor = monitor();
        clock.advance(Duration.ofMinutes(30));
        message("acme_support", "dm");
        Instant lastBeforeSilence = clock.instant();
        clock.advance(Duration.ofHours(2));
        assertThat(monitor.check()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(ChannelAlert.SILENT);
            assertThat(e.silentSince()).isEqualTo(lastBeforeSilence);
        });

        clock.advance(Duration.ofMinutes(10));
        message("acme_support", "dm");
        Instant resumedAt = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        message("acme_support", "dm");
        assertThat(monitor.check()).containsExactly(new ChannelAlert(ChannelAlert.RESUMED, "acme_support", "42", "dm",
                lastBeforeSilence, Duration.ofHours(1), resumedAt.plus(Duration.ofMinutes(1)), clock.instant()));
        assertThat(monitor.check()).isEmpty();

        clock.advance(Duration.ofMinutes(61));
        assertThat(monitor.check()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(ChannelAlert.SILENT);
            assertThat(e.silentSince()).isEqualTo(resumedAt.plus(Duration.ofMinutes(1)));
        });
    }

    @Test
    void messagesWithinTheThresholdKeepTheChannelQuiet() {
        account("acme_support", "dm-silence-alert", "1h");
        SilenceMonitor monitor = monitor();
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMinutes(50));
            message("acme_support", "dm");
            assertThat(monitor.check()).isEmpty();
        }
    }

    @Test
    void eachAccountAndChannelHasItsOwnThresholdAndState() {
        account("acme_support", "dm-silence-alert", "1h", "mention-silence-alert", "3h");
        account("acme_sales", "mention-silence-alert", "1h");
        SilenceMonitor monitor = monitor();

        clock.advance(Duration.ofMinutes(30));
        message("acme_support", "dm");
        clock.advance(Duration.ofMinutes(45));
        assertThat(monitor.check()).extracting(e -> e.account() + "/" + e.channel() + " " + e.type())
                .containsExactly("acme_sales/mention channel_silent");

        clock.advance(Duration.ofMinutes(30));
        message("acme_sales", "mention");
        assertThat(monitor.check()).extracting(e -> e.account() + "/" + e.channel() + " " + e.type())
                .containsExactly("acme_support/dm channel_silent", "acme_sales/mention channel_resumed");

        clock.advance(Duration.ofMinutes(76));
        assertThat(monitor.check()).extracting(e -> e.account() + "/" + e.channel() + " " + e.type())
                .containsExactly("acme_support/mention channel_silent", "acme_sales/mention channel_silent");
    }

    @Test
    void noAlertWithoutThresholdOptedOutOrOnADisabledChannel() {
        props.put("inbound.dm.silence-alert", "1h");
        account("acme_support", "dm-silence-alert", "off");
        account("acme_sales", "dm-enabled", "false");
        account("acme_press");
        SilenceMonitor monitor = monitor();

        clock.advance(Duration.ofDays(3));

        assertThat(monitor.check()).extracting(ChannelAlert::account).containsExactly("acme_press");
    }

    @Test
    void aRestartNeitherRepeatsNorForgetsTheRaisedAlert() {
        account("acme_support", "dm-silence-alert", "1h");
        SilenceMonitor first = monitor();
        clock.advance(Duration.ofHours(2));
        assertThat(first.check()).hasSize(1);

        clock.advance(Duration.ofHours(1));
        SilenceMonitor restarted = monitor();
        clock.advance(Duration.ofHours(2));
        assertThat(restarted.check()).isEmpty();

        message("acme_support", "dm");
        assertThat(restarted.check()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(ChannelAlert.RESUMED);
            assertThat(e.silentSince()).isEqualTo(START);
        });
        assertThat(monitor().check()).isEmpty();
    }

    @Test
    void eventsAreTheDocumentedJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Instant since = Instant.parse("2026-11-22T01:00:00Z");
        Instant at = Instant.parse("2026-11-22T07:00:30.250Z");

        assertThat(json.writeValueAsString(new ChannelAlert(ChannelAlert.SILENT, "acme_support", "42", "dm", since,
                Duration.ofHours(6), null, at))).isEqualTo("{\"type\":\"channel_silent\",\"account\":\"acme_support\","
                + "\"accountId\":\"42\",\"channel\":\"dm\",\"silentSince\":\"2026-11-22T01:00:00Z\",\"threshold\":\"PT6H\","
                + "\"at\":\"2026-11-22T07:00:30.250Z\"}");
        assertThat(json.writeValueAsString(new ChannelAlert(ChannelAlert.RESUMED, "acme_sales", null, "mention", since,
                Duration.ofMinutes(90), at, at))).isEqualTo("{\"type\":\"channel_resumed\",\"account\":\"acme_sales\","
                + "\"channel\":\"mention\",\"silentSince\":\"2026-11-22T01:00:00Z\",\"threshold\":\"PT1H30M\","
                + "\"resumedAt\":\"2026-11-22T07:00:30.250Z\",\"at\":\"2026-11-22T07:00:30.250Z\"}");
    }
}
