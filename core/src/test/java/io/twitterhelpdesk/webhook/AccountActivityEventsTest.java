package io.twitterhelpdesk.webhook;

import io.twitterhelpdesk.state.LookedUpUsers;
import io.twitterhelpdesk.conversation.TestDatabase;
import java.time.Clock;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.e2e.support.TestAccounts;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.inbound.CustomerDirectory;
import io.twitterhelpdesk.inbound.PolledMessage;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.TweetRef;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.xapi.TwitterClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Account Activity webhook bodies as the sandbox, standing in for X, POSTs them: received on loopback with the
 * connector's own CRC answer and signature check, read into the pipeline's messages for the right account.
 * acme_sales has its DM channel switched off.
 */
class AccountActivityEventsTest {

    private static final String SECRET = "cs-test";

    private final BlockingQueue<byte[]> posts = new LinkedBlockingQueue<>();
    private final WebhookSignature signature = new WebhookSignature(List.of(SECRET));
    private TwitterSandbox sandbox;
    private HttpServer receiver;
    private TwitterClients clients;
    private AccountActivityEvents events;
    private final List<String> heard = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start();
        TestAccounts.register(sandbox);
        Map<String, String> props = new HashMap<>(TestAccounts.properties());
        props.put("twitter.account.acme_sales.dm-enabled", "false");
        AccountRegistry accounts = AccountRegistry.load(k -> Optional.ofNullable(props.get(k)));
        clients = new TwitterClients(accounts, sandbox.restBaseUrl(), 5_000, 5_000, null);
        events = new AccountActivityEvents(accounts, clients, new CustomerDirectory(100,
                new LookedUpUsers(TestDatabase.migrated()), Clock.systemUTC()), "", heard::add);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/webhook", this::receive);
        receiver.start();
        sandbox.registerWebhook("http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhook", SECRET);
    }

    @AfterEach
    void stop() {
        sandbox.close();
        receiver.stop(0);
    }

    /** What the route {@code webhook} does first: the CRC answer, or the signature check of a POST. */
    private void receive(HttpExchange exchange) throws IOException {
        byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
        int status = 200;
        if (exchange.getRequestMethod().equals("GET")) {
            String token = URI.create("x:/?" + exchange.getRequestURI().getRawQuery()).getQuery().substring("crc_token=".length());
            answer = signature.crcResponse(token).getBytes(StandardCharsets.UTF_8);
        } else {
            byte[] body = exchange.getRequestBody().readAllBytes();
            try {
                signature.verify(body, exchange.getRequestHeaders().getFirst("x-twitter-webhooks-signature"));
                posts.add(body);
            } catch (WebhookAuthenticationException e) {
                status = 401;
            }
        }
        exchange.sendResponseHeaders(status, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    /** The next body X pushed, read as the webhook route reads it. */
    private List<PolledMessage> nextPushed() throws InterruptedException {
        byte[] body = posts.poll(5, TimeUnit.SECONDS);
        assertThat(body).as("a signed POST from the sandbox within 5 s").isNotNull();
        return events.parse(body);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCustomersDmIsReadForTheAccountItWasSentToWithItsSender() throws Exception {
        DirectMessageRef dm = sandbox.injectDirectMessage("alice", "acme_support", "my parcel is late", List.of());

        List<PolledMessage> read = nextPushed();

        assertThat(read).singleElement().satisfies(m -> {
            assertThat(m.account()).isEqualTo("acme_support");
            assertThat(m.envelopeId()).isEqualTo("dm:" + dm.id());
            assertThat(m.dropReason()).isNull();
            assertThat(m.source()).isEqualTo(PolledMessage.WEBHOOK);
            assertThat(m.customer()).isEqualTo(new CustomerRef(Long.toString(dm.senderId()), "alice",
                    sandbox.user("alice").orElseThrow().name()));
            assertThat(m.directMessage().getText()).isEqualTo("my parcel is late");
        });
        assertThat(heard).containsExactly("acme_support");
    }

    @Test
    void theAccountsOwnDmIsAnEcho() throws Exception {
        long alice = sandbox.createUser("alice", "Alice").id();
        clients.client("acme_support").v1().directMessages().sendDirectMessage(alice, "We are on it");

        assertThat(nextPushed()).singleElement().satisfies(m -> {
            assertThat(m.account()).isEqualTo("acme_support");
            assertThat(m.dropReason()).isEqualTo(PolledMessage.ECHO);
        });
    }

    @Test
    void aMentionIsReadForTheMentionedAccountAndItsOwnTweetIsAnEcho() throws Exception {
        TweetRef mention = sandbox.injectMention("bob", "@acme_support where is my refund?", null, List.of());
        assertThat(nextPushed()).singleElement().satisfies(m -> {
            assertThat(m.account()).isEqualTo("acme_support");
            assertThat(m.envelopeId()).isEqualTo("tweet:" + mention.id());
            assertThat(m.dropReason()).isNull();
            assertThat(m.mention().getUser().getScreenName()).isEqualTo("bob");
        });

        clients.client("acme_support").v1().tweets().updateStatus("Service notice: all good");

        assertThat(nextPushed()).singleElement().satisfies(m -> {
            assertThat(m.account()).isEqualTo("acme_support");
            assertThat(m.dropReason()).isEqualTo(PolledMessage.ECHO);
        });
    }

    @Test
    void aDmToAnAccountWithoutTheDmChannelIsAcknowledgedButNotRead() throws Exception {
        sandbox.injectDirectMessage("alice", "acme_sales", "hello sales", List.of());

        assertThat(nextPushed()).isEmpty();
        assertThat(heard).containsExactly("acme_sales");
    }

    @Test
    void aPushedTweetIsAMentionOnlyWhenItNamesTheAccount() {
        long bob = sandbox.createUser("bob", "Bob").id();

        assertThat(events.parse(tweetBody(bob, "just a tweet", "[]"))).isEmpty();
        assertThat(events.parse(tweetBody(bob, "@acme_support hi", "[{\"id\": 42, \"id_str\": \"42\","
                + " \"screen_name\": \"acme_support\", \"name\": \"ACME Support\", \"indices\": [0, 13]}]")))
                .extracting(PolledMessage::envelopeId).containsExactly("tweet:900001");
    }

    /** A hand-written {@code tweet_create_events} body for acme_support, as X's v1.1 tweet object. */
    private static byte[] tweetBody(long author, String text, String userMentions) {
        return bytes("""
                {"for_user_id": "42", "tweet_create_events": [{"id": 900001, "id_str": "900001",
                 "created_at": "Sun Dec 06 10:00:00 +0000 2026", "text": "%s",
                 "user": {"id": %d, "id_str": "%d", "screen_name": "bob", "name": "Bob"},
                 "entities": {"user_mentions": %s}}]}""".formatted(text, author, author, userMentions));
    }

    @Test
    void aBodyForAUserWhoIsNotAConfiguredAccountIsRefused() {
        assertThatThrownBy(() -> events.parse(bytes("{\"for_user_id\": \"999999\", \"direct_message_events\": []}")))
                .isInstanceOf(UnknownWebhookAccountException.class).hasMessageContaining("999999");
        assertThat(heard).isEmpty();
    }

    @Test
    void aBodyThatIsNotAnAccountActivityObjectIsRefusedAsInvalid() {
        Map<String, String> codes = Map.of(
                "", "malformed_json",
                "not json", "malformed_json",
                "[{\"for_user_id\": \"42\"}]", "malformed_json",
                "{\"for_user_id\": \"42\"", "malformed_json",
                "{}", "missing_for_user_id",
                "{\"for_user_id\": \"acme\"}", "missing_for_user_id",
                "{\"for_user_id\": -42}", "missing_for_user_id");
        codes.forEach((body, code) -> assertThatThrownBy(() -> events.parse(bytes(body))).as("body %s", body)
                .isInstanceOfSatisfying(InvalidWebhookRequestException.class,
                        e -> assertThat(e.code()).isEqualTo(code)));
    }
}
