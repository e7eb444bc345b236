package io.twitterhelpdesk.e2e.delivery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.FreePorts;
import io.twitterhelpdesk.e2e.support.RunningConnector;
import io.twitterhelpdesk.e2e.support.StubHelpdesk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP helpdesk with a status call ({@code status.url}): a ticket an agent solved in the helpdesk, which would
 * still accept an append (and reopen), is asked for its status before the customer's next message and gets a new
 * ticket instead; an open ticket is appended to.
 */
class TicketStatusCheckTest {

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
        helpdesk.configure(harness.properties, create, append);
        harness.properties.put("helpdesk.http.stub.status.url", helpdesk.url() + "/tickets/{ticketId}");
        harness.properties.put("helpdesk.http.stub.status.path", "$.ticket.status");
        harness.properties.put("helpdesk.http.stub.status.closed-values", "Solved,closed");
        harness.start();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        helpdesk.close();
    }

    @Test
    void aTicketSolvedInTheHelpdeskIsNotReopenedTheNextMessageCreatesANewOne() throws Exception {
        harness.sandbox.injectDirectMessage("carol", "acme_support", "where is my refund?", List.of());
        helpdesk.awaitRequests(1);
        harness.sandbox.injectDirectMessage("carol", "acme_support", "hello?", List.of());
        helpdesk.awaitRequests(3);
        helpdesk.solve(1);

        harness.sandbox.injectDirectMessage("carol", "acme_support", "it came back broken", List.of());
        helpdesk.awaitRequests(5);

        assertThat(helpdesk.requests()).extracting(r -> r.method() + " " + r.path())
                .containsExactly("POST /tickets", "GET /tickets/1", "PUT /tickets/1", "GET /tickets/1",
                        "POST /tickets");
        assertThat(helpdesk.requests().get(4).body()).contains("it came back broken");
        assertThat(helpdesk.ticketsCreated()).containsExactly(1, 2);
    }

    @Test
    void refusingTheStatusCallWithoutItsPathAndValuesNamesTheKeys() throws Exception {
        harness.close();
        harness = new ConnectorHarness(dataDir.resolve("other"));
        harness.properties.put("helpdesk.http.helpdesks", "stub");
        harness.properties.put("helpdesk.http.stub.create.url", helpdesk.url() + "/tickets");
        harness.properties.put("helpdesk.http.stub.status.url", helpdesk.url() + "/tickets/{ticketId}");

        Throwable root = RunningConnector.refusal(harness.properties);

        assertThat(root).hasMessageContaining("helpdesk.http.stub.status.path")
                .hasMessageContaining("helpdesk.http.stub.status.closed-values");
    }
}
