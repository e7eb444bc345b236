package io.twitterhelpdesk.e2e.conversations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.e2e.support.TestHttp;
import io.twitterhelpdesk.e2e.support.StubHelpdesk.Request;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.EnvelopeSchemaCheck;
import io.twitterhelpdesk.e2e.support.FreePorts;
import io.twitterhelpdesk.e2e.support.ReplyApi;
import io.twitterhelpdesk.e2e.support.StubHelpdesk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 with an HTTP helpdesk, end to end: customer DMs through the sandbox, the connector's queue, the stub
 * helpdesk over real HTTP. The helpdesk's ticket is per conversation: after a close, the customer's next message
 * creates a new ticket instead of being appended to the closed one.
 */
class ConversationEndHttpTest {

    @TempDir
    Path dataDir;
    private ConnectorHarness harness;
    private StubHelpdesk helpdesk;
    private final HttpClient http = TestHttp.client();

    @BeforeEach
    void start() throws Exception {
        helpdesk = new StubHelpdesk(FreePorts.next());
        Path create = Files.writeString(dataDir.resolve("create.jsonata"),
                "{\"body\": text, \"ref\": id, \"conversation\": conversationId, \"new\": newConversation}");
        Path append = Files.writeString(dataDir.resolve("append.jsonata"), "{\"comment\": text, \"ref\": id}");
        harness = new ConnectorHarness(dataDir.resolve("data"));
        harness.properties.put("api.keys", ReplyApi.API_KEY);
        helpdesk.configure(harness.properties, create, append);
        harness.start();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        helpdesk.close();
    }

    @Test
    void customerWritesTicketCloseCustomerWritesAgainNewTicket() throws Exception {
        DirectMessageRef first = harness.sandbox.injectDirectMessage("alice", "acme_support", "my order is late",
                List.of());
        String key = "twitter:dm:42:" + first.senderId();
        helpdesk.awaitRequests(1);
        harness.sandbox.injectDirectMessage("alice", "acme_support", "any news?", List.of());
        helpdesk.awaitRequests(2);

        HttpResponse<String> closed = http.send(HttpRequest.newBuilder(
                        URI.create(harness.apiBaseUrl() + "/api/v1/conversations/" + key + "/close"))
                .header("X-API-Key", ReplyApi.API_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(closed.statusCode()).isEqualTo(200);

        DirectMessageRef after = harness.sandbox.injectDirectMessage("alice", "acme_support", "it came broken",
                List.of());
        helpdesk.awaitRequests(3);
        harness.sandbox.injectDirectMessage("alice", "acme_support", "photo attached", List.of());
        helpdesk.awaitRequests(4);

        List<Request> got = helpdesk.requests();
        assertThat(got).extracting(r -> r.method() + " " + r.path())
                .containsExactly("POST /tickets", "PUT /tickets/1", "POST /tickets", "PUT /tickets/2");
        assertThat(got.get(0).body()).isEqualTo("{\"body\":\"my order is late\",\"ref\":\"dm:" + first.id()
                + "\",\"conversation\":\"" + key + "@dm:" + first.id() + "\",\"new\":true}");
        assertThat(got.get(2).body()).isEqualTo("{\"body\":\"it came broken\",\"ref\":\"dm:" + after.id()
                + "\",\"conversation\":\"" + key + "@dm:" + after.id() + "\",\"new\":true}");
        assertThat(helpdesk.ticketsCreated()).containsExactly(1, 2);
    }

    @Test
    void helpdeskAutomationClosesByItsTicketIdAndTheNextMessageOpensANewTicket() throws Exception {
        DirectMessageRef first = harness.sandbox.injectDirectMessage("bob", "acme_support", "parcel missing",
                List.of());
        String key = "twitter:dm:42:" + first.senderId();
        helpdesk.awaitRequests(1);

        // what a Zendesk trigger's webhook, a Freshdesk automation or an RT scrip calls when an agent solves ticket 1
        HttpResponse<String> closed = closeTicket("stub", "1");
        // again, as an automation that puts the ticket id in a JSON body (a number, here) does: idempotent
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(harness.apiBaseUrl()
                        + "/api/v1/helpdesks/stub/tickets/close"))
                .header("X-API-Key", ReplyApi.API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ticketId\": 1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = closeTicket("stub", "999");

        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        JsonNode answer = EnvelopeSchemaCheck.parse(closed.body());
        assertThat(answer.path("conversationKey").asText()).isEqualTo(key);
        assertThat(answer.path("conversationId").asText()).isEqualTo(key + "@dm:" + first.id());
        assertThat(answer.path("conversationClosed").asBoolean()).isTrue();
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(EnvelopeSchemaCheck.parse(again.body()).path("conversationClosed").asBoolean()).isFalse();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(EnvelopeSchemaCheck.parse(unknown.body()).path("error").path("code").asText())
                .isEqualTo("unknown_ticket");

        DirectMessageRef after = harness.sandbox.injectDirectMessage("bob", "acme_support", "still missing",
                List.of());
        helpdesk.awaitRequests(2);
        assertThat(helpdesk.requests()).extracting(r -> r.method() + " " + r.path())
                .containsExactly("POST /tickets", "POST /tickets");
        assertThat(helpdesk.requests().get(1).body()).contains("\"new\":true")
                .contains(key + "@dm:" + after.id());
    }

    private HttpResponse<String> closeTicket(String helpdeskName, String ticketId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(harness.apiBaseUrl() + "/api/v1/helpdesks/" + helpdeskName
                        + "/tickets/" + ticketId + "/close"))
                .header("X-API-Key", ReplyApi.API_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
