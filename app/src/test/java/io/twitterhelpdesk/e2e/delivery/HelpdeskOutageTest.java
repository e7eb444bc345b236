package io.twitterhelpdesk.e2e.delivery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.e2e.support.StubHelpdesk.Request;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.FreePorts;
import io.twitterhelpdesk.e2e.support.ManagementCalls;
import io.twitterhelpdesk.e2e.support.StubHelpdesk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP helpdesk down for 90 s while three customers write, with the default retry settings: the connector waits
 * for it (the queue behind the waiting message, the circuit breaker probing), nothing is parked, every message ends
 * in the helpdesk once, each conversation has exactly one ticket (one create, then appends) and its messages arrive
 * in the order the customer wrote them.
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
        helpdesk.configure(p, create, append);
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
    void ninetySecondOutageWithTheDefaultsLosesNothingParksNothingAndKeepsEachConversationInOrder() throws Exception {
        helpdesk.stop();
        List<String> customers = List.of("waiter_a", "waiter_b", "waiter_c");
        for (int i = 0; i < 9; i++) {
            harness.sandbox.injectDirectMessage(customers.get(i % 3), "acme_support", "message " + i, List.of());
            Thread.sleep(150); // one poll apart, so the customers' messages are interleaved on the queue
        }
        Thread.sleep(30_000);
        ManagementCalls management = new ManagementCalls(harness.managementBaseUrl());
        ManagementCalls.Health during = management.health("");
        String availableDuring = availability(management.metrics());
        int readyDuring = management.health("/ready").status();
        Thread.sleep(60_000);
        helpdesk.start();

        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (helpdesk.requests().size() < 9 && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        Thread.sleep(2000);
        List<Request> requests = helpdesk.requests();
        Map<String, Long> byPath = requests.stream()
                .collect(Collectors.groupingBy(r -> r.method() + " " + r.path(), Collectors.counting()));
        int deadLetters = harness.jms().drain("DLA::DLQ." + QUEUE, Duration.ofMillis(300)).size()
                + harness.jms().drain("helpdesk.stub.dead-letters", Duration.ofMillis(300)).size();
        System.out.printf("RELIABILITY helpdesk-outage: outageSeconds=90 messages=9 requests=%d creates=%d "
                + "deadLetters=%d%n", requests.size(), byPath.getOrDefault("POST /tickets", 0L), deadLetters);
        assertThat(requests).hasSize(9);
        assertThat(deadLetters).isZero();
        // 3 conversations, 3 tickets; each customer's messages in the order written ("message 0" before "message 3")
        assertThat(byPath.get("POST /tickets")).isEqualTo(3);
        Map<Integer, List<Integer>> byCustomer = new TreeMap<>();
        for (Request r : requests) {
            JsonNode body = EnvelopeSchemaCheck.parse(r.body());
            int number = Integer.parseInt(body.path(body.has("body") ? "body" : "comment").asText()
                    .replace("message ", ""));
            byCustomer.computeIfAbsent(number % customers.size(), k -> new ArrayList<>()).add(number);
        }
        assertThat(byCustomer.values()).hasSize(3).allSatisfy(numbers -> assertThat(numbers).isSorted());
        // health and metrics showed the helpdesk down meanwhile (not the connector's readiness), and up after
        assertThat(during.check("helpdesk-stub")).hasValueSatisfying(c -> {
            assertThat(c.path("status").asText()).isEqualTo("DOWN");
            assertThat(c.path("data").path("circuit").asText()).isEqualTo("OPEN");
        });
        assertThat(readyDuring).as("readiness during the outage").isEqualTo(200);
        assertThat(availableDuring).isEqualTo("0.0");
        assertThat(management.health("").check("helpdesk-stub"))
                .hasValueSatisfying(c -> assertThat(c.path("status").asText()).isEqualTo("UP"));
        assertThat(availability(management.metrics())).isEqualTo("1.0");
    }

    /** The value of twitter_helpdesk_helpdesk_available{helpdesk="stub"}. */
    private static String availability(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("twitter_helpdesk_helpdesk_available{")
                && l.contains("helpdesk=\"stub\"")).map(l -> l.substring(l.lastIndexOf(' ') + 1)).findFirst()
                .orElse("missing");
    }
}
