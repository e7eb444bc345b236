package io.twitterhelpdesk.e2e.operations;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.alert.SilenceMonitor;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.CapturedLog;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.QueueReader;
import io.twitterhelpdesk.e2e.support.TestClock;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The silent-channel alert end to end: the real connector with a clock the test moves, a DM threshold of one hour
 * on acme_support only, and a helpdesk-side JMS consumer on the alerts queue.
 */
class SilenceAlertTest {

    private static final String ALERTS = "twitter.alerts";
    private static final String INBOUND = "twitter.inbound";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofSeconds(1);

    @TempDir
    Path dataDir;
    private final ObjectMapper json = new ObjectMapper();
    private final TestClock clock = new TestClock();
    private ConnectorHarness harness;
    private TwitterSandbox sandbox;
    private QueueReader queue;
    private CapturedLog log;

    @BeforeEach
    void start() throws Exception {
        harness = new ConnectorHarness(dataDir);
        harness.properties.put("twitter.account.acme_support.dm-silence-alert", "1h");
        harness.properties.put("inbound.silence-check-interval", "200");
        log = CapturedLog.of(SilenceMonitor.class);
        harness.start(Map.of("clock", clock));
        sandbox = harness.sandbox;
        queue = harness.jms();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        log.close();
    }

    @Test
    void silentChannelRaisesOneAlertAndResumesOnceWhenADirectMessageArrives() throws Exception {
        Instant started = clock.instant();
        assertThat(queue.drain(ALERTS, QUIET)).isEmpty();

        clock.advance(Duration.ofHours(2));
        List<Received> silent = queue.receive(ALERTS, 1, WAIT);
        silent.addAll(queue.drain(ALERTS, QUIET));

        assertThat(silent).hasSize(1);
        assertThat(silent.get(0).properties()).containsEntry("AlertType", "channel_silent");
        JsonNode raised = json.readTree(silent.get(0).body());
        assertThat(raised.path("type").asText()).isEqualTo("channel_silent");
        assertThat(raised.path("account").asText()).isEqualTo("acme_support");
        assertThat(raised.path("accountId").asText()).isEqualTo("42");
        assertThat(raised.path("channel").asText()).isEqualTo("dm");
        assertThat(raised.path("threshold").asText()).isEqualTo("PT1H");
        Instant silentSince = Instant.parse(raised.path("silentSince").asText());
        assertThat(silentSince).isBefore(started);
        assertThat(Instant.parse(raised.path("at").asText())).isAfter(started.plus(Duration.ofHours(2)));
        assertThat(log.lines()).filteredOn(l -> l.level() == Level.WARN).singleElement()
                .satisfies(l -> assertThat(l.message()).contains("Silent channel", "dm", "acme_support", "PT1H"));

        sandbox.injectDirectMessage("alice", "acme_support", "anyone there?", List.of());
        assertThat(queue.receive(INBOUND, 1, WAIT)).hasSize(1);
        List<Received> resumed = queue.receive(ALERTS, 1, WAIT);
        resumed.addAll(queue.drain(ALERTS, QUIET));

        assertThat(resumed).hasSize(1);
        assertThat(resumed.get(0).properties()).containsEntry("AlertType", "channel_resumed");
        JsonNode cleared = json.readTree(resumed.get(0).body());
        assertThat(cleared.path("type").asText()).isEqualTo("channel_resumed");
        assertThat(cleared.path("account").asText()).isEqualTo("acme_support");
        assertThat(cleared.path("channel").asText()).isEqualTo("dm");
        assertThat(Instant.parse(cleared.path("silentSince").asText())).isEqualTo(silentSince);
        assertThat(Instant.parse(cleared.path("resumedAt").asText())).isAfter(started.plus(Duration.ofHours(2)));
        assertThat(log.lines()).filteredOn(l -> l.level() == Level.WARN).hasSize(2).last()
                .satisfies(l -> assertThat(l.message()).contains("Channel resumed", "dm", "acme_support"));
    }
}
