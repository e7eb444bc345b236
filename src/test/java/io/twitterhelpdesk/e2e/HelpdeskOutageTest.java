package io.twitterhelpdesk.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.twitterhelpdesk.e2e.StubHelpdesk.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP helpdesk down for 60 s while customers write: the broker redelivers with backoff (the redelivery
 * settings span the outage), nothing reaches the dead-letter queue, every message ends in the helpdesk, and each
 * conversation has exactly one ticket (one create, then appends).
 */
class HelpdeskOutageTest {

    private static final String QUEUE = "twitter.inbound";

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private StubHelpdesk helpdesk;

    @BeforeEach
    void start() throws Exception {
        helpdesk = new StubHelpdesk(FreePorts.next());
        Path create = Files.writeString(dataDir.resolve("create.jsonata"), "{\"body\": text, \"ref\": id}");
        Path append = Files.writeString(dataDir.resolve("append.jsonata"), "{\"comment\": text, \"ref\": id}");
        harness = new ConnectorHarness(dataDir.resolve("data"));
        Map<String, String> p = harness.properties;
        p.put("broker.max-delivery-attempts", "30");
        p.put("broker.redelivery-delay", "1s");
        p.put("broker.redelivery-multiplier", "2");
        p.put("broker.max-redelivery-delay", "8s");
        p.put("helpdesk.http.helpdesks", "stub");
        p.put("helpdesk.http.stub.queue", QUEUE);
        p.put("helpdesk.http.stub.create.url", helpdesk.url() + "/tickets");
        p.put("helpdesk.http.stub.create.template", "file:" + create);
        p.put("helpdesk.http.stub.ticket-id-path", "$.ticket.id");
        p.put("helpdesk.http.stub.append.url", helpdesk.url() + "/tickets/{ticketId}");
        p.put("helpdesk.http.stub.append.method", "PUT");
        p.put("helpdesk.http.stub.append.template", "file:" + append);
        p.put("helpdesk.http.stub.connect-timeout", "500");
        p.put("helpdesk.http.stub.response-timeout", "2000");
        harness.start();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        helpdesk.close();
    }

    @Test
    void sixtySecondOutageIsRetriedThroughWithOneTicketPerConversation() throws Exception {
        helpdesk.stop();
        for (int i = 0; i < 12; i++) {
            harness.sandbox.injectDirectMessage("waiter" + (i % 8), i % 2 == 0 ? "acme_support" : "acme_sales",
                    "message " + i, List.of());
        }
        Thread.sleep(60_000);
        helpdesk.start();

        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (helpdesk.requests().size() < 12 && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        Thread.sleep(2000);
        List<Request> requests = helpdesk.requests();
        Map<String, Long> byPath = requests.stream()
                .collect(Collectors.groupingBy(r -> r.method() + " " + r.path(), Collectors.counting()));
        Map<String, Long> byRef = requests.stream().collect(Collectors.groupingBy(
                r -> EnvelopeSchemaCheck.parse(r.body()).path("ref").asText(), Collectors.counting()));
        System.out.printf("RELIABILITY helpdesk-outage: outageSeconds=60 messages=12 requests=%d creates=%d "
                + "deadLetters=%d%n", requests.size(), byPath.getOrDefault("POST /tickets", 0L),
                harness.jms().drain("DLA::DLQ." + QUEUE, Duration.ofMillis(300)).size()
                        + harness.jms().drain("helpdesk.stub.dead-letters", Duration.ofMillis(300)).size());
        // 8 customers wrote (each to one account): 8 conversations, 8 tickets, the 4 later messages appended
        assertThat(byPath.get("POST /tickets")).isEqualTo(8);
        assertThat(requests).hasSize(12);
        assertThat(byRef.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
    }
}
