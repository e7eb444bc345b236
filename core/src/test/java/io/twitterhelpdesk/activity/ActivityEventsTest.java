package io.twitterhelpdesk.activity;

import io.twitterhelpdesk.state.LookedUpUsers;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.conversation.ConversationLifecycle;
import io.twitterhelpdesk.conversation.TestDatabase;
import io.twitterhelpdesk.e2e.support.TestAccounts;
import io.twitterhelpdesk.envelope.Envelope;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.envelope.Envelope.MediaItem;
import io.twitterhelpdesk.inbound.CustomerDirectory;
import io.twitterhelpdesk.inbound.InboundEnvelopes;
import io.twitterhelpdesk.inbound.PolledMessage;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.state.StateStore;
import io.twitterhelpdesk.webhook.AccountActivityEvents;
import io.twitterhelpdesk.webhook.InvalidWebhookRequestException;
import io.twitterhelpdesk.webhook.SenderLookupUnavailableException;
import io.twitterhelpdesk.webhook.UnknownWebhookAccountException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import twitter4j.TwitterException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** X Activity API envelopes read into the inbound pipeline's messages, against the Twitter sandbox. */
class ActivityEventsTest {

    private static final long ACME = TestAccounts.SUPPORT_ID;
    private static final long ALICE = 1001;
    private static final String OUR_APP = "777";
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private final RecordingObserver observer = new RecordingObserver();
    private final CustomerDirectory customers = new CustomerDirectory(100,
                new LookedUpUsers(TestDatabase.migrated()), Clock.systemUTC());
    private TwitterSandbox sandbox;
    private AccountRegistry accounts;
    private TwitterClients clients;
    private ActivityEvents events;

    @BeforeEach
    void start() {
        sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start();
        TestAccounts.register(sandbox);
        events = parser("twitter.account.acme_sales.mentions-enabled", "false");
    }

    /** A parser of the two test accounts, with one more account property. */
    private ActivityEvents parser(String key, String value) {
        Map<String, String> props = new HashMap<>(TestAccounts.properties());
        props.put(key, value);
        accounts = AccountRegistry.load(k -> Optional.ofNullable(props.get(k)));
        clients = new TwitterClients(accounts, sandbox.restBaseUrl(), 5_000, 5_000, null);
        return new ActivityEvents(accounts, clients, customers, OUR_APP, observer);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    // ---- direct messages ----

    @Test
    void dmReceivedWithTheSenderInTheDataShapeIsACustomerDmWithTheGivenSource() {
        List<PolledMessage> out = parse(STREAM, dmEnvelope("dm.received", "-6850472171600526495",
                dmEvent("2080765901528535096", ALICE, ACME, "hello!"),
                "{\"1001\": {\"data\": {\"id\": \"1001\", \"username\": \"alice\", \"name\": \"Alice A.\","
                        + " \"affiliation\": {\"description\": \"x\"}, \"public_metrics\": {\"tweet_count_str\": \"5\"}}}}"));

        assertThat(out).hasSize(1);
        PolledMessage dm = out.get(0);
        assertThat(dm.channel()).isEqualTo(PolledMessage.DM);
        assertThat(dm.envelopeId()).isEqualTo("dm:2080765901528535096");
        assertThat(dm.dropReason()).isNull();
        assertThat(dm.customer()).isEqualTo(new CustomerRef("1001", "alice", "Alice A."));
        assertThat(dm.source()).isEqualTo(PolledMessage.STREAM);
        assertThat(dm.directMessage().getText()).isEqualTo("hello!");
        assertThat(observer.calls).containsExactly("received acme_support stream dm.received");
    }

    @Test
    void dmReceivedReadsFlatV2AndFlatAccountActivityUsersToo() {
        List<PolledMessage> out = parse(WEBHOOK, dmEnvelope("dm.received", "1",
                dmEvent("501", ALICE, ACME, "flat v2") + "," + dmEvent("502", 1002, ACME, "flat v1.1"),
                "{\"1001\": {\"id\": \"1001\", \"username\": \"alice\", \"name\": \"Alice\"},"
                        + " \"1002\": {\"id\": \"1002\", \"screen_name\": \"carol\", \"name\": \"Carol\"}}"));

        assertThat(out).extracting(PolledMessage::customer).containsExactly(
                new CustomerRef("1001", "alice", "Alice"), new CustomerRef("1002", "carol", "Carol"));
        assertThat(out).extracting(PolledMessage::source).containsOnly(PolledMessage.WEBHOOK);
    }

    @Test
    void aSenderMissingFromTheUsersMapIsLookedUpAndOneThatNoLongerExistsIsMarkedGone() {
        long bob = sandbox.createUser("bob", "Bob B.").id();

        List<PolledMessage> out = parse(STREAM, dmEnvelope("dm.received", "1",
                dmEvent("601", bob, ACME, "hi") + "," + dmEvent("602", 999_999, ACME, "ghost"), "{}"));

        assertThat(out.get(0).customer()).isEqualTo(new CustomerRef(Long.toString(bob), "bob", "Bob B."));
        assertThat(out.get(0).dropReason()).isNull();
        assertThat(out.get(1).customer()).isNull();
        assertThat(out.get(1).dropReason()).isEqualTo(PolledMessage.SENDER_GONE);
    }

    @Test
    void aSenderXCannotBeAskedAboutNowRefusesTheEventForNowInsteadOfDroppingIt() {
        long bob = sandbox.createUser("bob", "Bob B.").id();
        sandbox.failNext("users_lookup", 503, "{\"errors\":[{\"code\":130,\"message\":\"Over capacity\"}]}", 1);

        assertThatThrownBy(() -> parse(STREAM, dmEnvelope("dm.received", "1", dmEvent("611", bob, ACME, "hi"), "{}")))
                .isInstanceOf(SenderLookupUnavailableException.class).hasMessageContaining("HTTP 503");
        sandbox.failNext("users_lookup", 503, "{\"errors\":[{\"code\":130,\"message\":\"Over capacity\"}]}", 1);
        assertThatThrownBy(() -> parse(WEBHOOK, envelope("post.mention.create", "2", "42",
                mentionPost("612", bob, "@acme_support hi", "612"), "{}")))
                .isInstanceOf(SenderLookupUnavailableException.class);

        // X answers again: the same event, handed again, is read
        assertThat(parse(STREAM, dmEnvelope("dm.received", "1", dmEvent("611", bob, ACME, "hi"), "{}")))
                .singleElement().satisfies(m -> assertThat(m.customer().screenName()).isEqualTo("bob"));
    }

    @Test
    void whatXBillsForDeliveredEventsIsCountedOncePerResourceAndDayAndTheAccountsOwnDmsAreFree() {
        DataSource state = TestDatabase.migrated();
        io.twitterhelpdesk.cost.CostMeter meter = new io.twitterhelpdesk.cost.CostMeter(
                new io.twitterhelpdesk.state.BillableUsage(state),
                io.twitterhelpdesk.cost.Rates.load(io.twitterhelpdesk.cost.Rates.DEFAULT_FILE, "USD"),
                Clock.fixed(NOW, ZoneOffset.UTC), new io.twitterhelpdesk.cost.AccountApps(accounts, Optional.empty()),
                accounts.names());
        clients = new TwitterClients(accounts, sandbox.restBaseUrl(), sandbox.restBaseUrl(), 5_000, 5_000, null,
                meter);
        ActivityEvents metered = new ActivityEvents(accounts, clients, customers, OUR_APP, observer);
        String users = "{\"1001\": {\"id\": \"1001\", \"username\": \"alice\", \"name\": \"Alice\"}}";

        metered.parse(bytes(dmEnvelope("dm.received", "1", dmEvent("701", ALICE, ACME, "hi") + ","
                + dmEvent("702", ALICE, ACME, "again"), users)), WEBHOOK);
        // the same DM event delivered again (a retried webhook, then the stream) is not billed again that day
        metered.parse(bytes(dmEnvelope("dm.received", "1", dmEvent("702", ALICE, ACME, "again"), users)), STREAM);
        metered.parse(bytes(dmEnvelope("dm.sent", "2", dmEvent("703", ACME, ALICE, "our answer"), users)), STREAM);
        // a reply that also mentions the account comes as two events about one post: one post read
        String includes = "{\"users\": [{\"id\": \"1001\", \"username\": \"alice\", \"name\": \"Alice\"}]}";
        metered.parse(bytes(envelope("post.mention.create", "3", "42",
                mentionPost("801", ALICE, "@acme_support hi", "801"), includes)), WEBHOOK);
        metered.parse(bytes(envelope("post.reply.create", "4", "42",
                mentionPost("801", ALICE, "@acme_support hi", "801"), includes)), WEBHOOK);

        Map<String, Object> usage = new io.twitterhelpdesk.cost.UsageReport(meter)
                .usage("42", "2026-12-06", "2026-12-06");
        assertThat(usage.get("days")).asList().singleElement().satisfies(day -> assertThat(
                ((Map<?, ?>) day).get("units")).as("and the account's own id, asked once (verify_credentials)")
                .isEqualTo(Map.of("dm_event_read", 2L, "post_read", 1L, "user_read", 1L)));
    }

    @Test
    void dmSentIsTheAccountsOwnDmAnEcho() {
        List<PolledMessage> out = parse(STREAM, dmEnvelope("dm.sent", "-3577827201104920132",
                dmEvent("701", ACME, ALICE, "Thanks for the update!"), ALICE_USERS));

        assertThat(out).singleElement().satisfies(m -> {
            assertThat(m.dropReason()).isEqualTo(PolledMessage.ECHO);
            assertThat(m.envelopeId()).isEqualTo("dm:701");
        });
    }

    @Test
    void theAccountsOwnDmAndOneSentByOurAppAreEchoesInDmReceivedToo() {
        String ownApp = dmEvent("802", ALICE, ACME, "sent by us").replace("\"sender_id\"",
                "\"source_app_id\": \"" + OUR_APP + "\", \"sender_id\"");

        List<PolledMessage> out = parse(WEBHOOK, dmEnvelope("dm.received", "1",
                dmEvent("801", ACME, ALICE, "own") + "," + ownApp, ALICE_USERS));

        assertThat(out).extracting(PolledMessage::dropReason).containsExactly(PolledMessage.ECHO, PolledMessage.ECHO);
    }

    @Test
    void aPayloadWithoutDirectMessageEventsIsSkippedAndCounted() {
        List<PolledMessage> out = parse(STREAM, envelope("dm.received", "1", "42", "{\"users\": {}}", "{}"));

        assertThat(out).isEmpty();
        assertThat(observer.calls).containsExactly("received acme_support stream dm.received",
                "ignored stream dm.received unreadable event");
    }

    @Test
    void aDmWithoutTextOrWithABadIdIsSkippedAndTheOtherDmsOfTheBodyAreKept() {
        String noText = dmEvent("901", ALICE, ACME, "x").replace("\"text\": \"x\",", "");
        String badId = dmEvent("not-an-id", ALICE, ACME, "bad id");

        List<PolledMessage> out = parse(STREAM, dmEnvelope("dm.received", "1",
                noText + "," + badId + "," + dmEvent("903", ALICE, ACME, "kept"), ALICE_USERS));

        assertThat(out).extracting(PolledMessage::envelopeId).containsExactly("dm:903");
        assertThat(observer.calls).containsExactly("received acme_support stream dm.received",
                "ignored stream dm.received unreadable event", "ignored stream dm.received unreadable event");
    }

    @Test
    void idsSentAsJsonNumbersAndANegativeEventUuidAreRead() {
        String numericIds = dmEvent("1001", ALICE, ACME, "numbers")
                .replace("\"id\": \"1001\"", "\"id\": 1001")
                .replace("\"recipient_id\": \"42\"", "\"recipient_id\": 42")
                .replace("\"created_timestamp\": \"1784928224372\"", "\"created_timestamp\": 1784928224372");
        String body = dmEnvelope("dm.received", "-9223372036854775807", numericIds, ALICE_USERS)
                .replace("\"user_id\": \"42\"", "\"user_id\": 42");

        assertThat(parse(STREAM, body)).extracting(PolledMessage::envelopeId).containsExactly("dm:1001");

        String post = mentionPost("3001", ALICE, "hi @acme_support", "3001")
                .replace("\"id\": \"3001\"", "\"id\": 3001").replace("\"author_id\": \"1001\"", "\"author_id\": 1001");
        assertThat(parse(STREAM, envelope("post.mention.create", "-1", "42", post, ALICE_INCLUDES)))
                .extracting(PolledMessage::envelopeId, PolledMessage::customer)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("tweet:3001",
                        new CustomerRef("1001", "alice", "Alice A.")));
    }

    @Test
    void theSameDmByTheActivityApiAndByTheAccountActivityApiHasTheSameEnvelopeId() {
        String event = dmEvent("2080765901528535096", ALICE, ACME, "once");
        PolledMessage xaa = parse(STREAM, dmEnvelope("dm.received", "1", event, ALICE_USERS)).get(0);

        AccountActivityEvents aaa = new AccountActivityEvents(accounts, clients, customers, OUR_APP);
        PolledMessage webhook = aaa.parse(bytes("{\"for_user_id\": \"42\", \"direct_message_events\": [" + event
                + "], \"users\": {\"1001\": {\"id\": \"1001\", \"screen_name\": \"alice\", \"name\": \"Alice A.\"}}}"))
                .get(0);

        assertThat(xaa.envelopeId()).isEqualTo(webhook.envelopeId()).isEqualTo("dm:2080765901528535096");
        assertThat(xaa.customer()).isEqualTo(webhook.customer());
    }

    @Test
    void aStreamedDmBecomesAnEnvelopeWithSourceStream() throws TwitterException {
        String withLink = dmEvent("1101", ALICE, ACME, "see https://t.co/abc please").replace("\"urls\": []",
                "\"urls\": [{\"url\": \"https://t.co/abc\", \"expanded_url\": \"https://example.com/o/1\","
                        + " \"display_url\": \"example.com/o/1\", \"indices\": [4, 23]}]");
        PolledMessage dm = parse(STREAM, dmEnvelope("dm.received", "1", withLink, ALICE_USERS)).get(0);

        Envelope envelope = envelopes().toEnvelope(dm);

        assertThat(envelope.id()).isEqualTo("dm:1101");
        assertThat(envelope.source()).isEqualTo(Envelope.SOURCE_STREAM);
        assertThat(envelope.conversationKey()).isEqualTo("twitter:dm:42:1001");
        assertThat(envelope.customer()).isEqualTo(new CustomerRef("1001", "alice", "Alice A."));
        assertThat(envelope.text()).isEqualTo("see https://example.com/o/1 please");
        assertThat(envelope.createdAt()).isEqualTo(Instant.ofEpochMilli(1784928224372L));
    }

    @Test
    void dmsOfAnAccountWithoutTheDmChannelAreIgnored() {
        ActivityEvents dmOff = parser("twitter.account.acme_support.dm-enabled", "false");

        assertThat(dmOff.parse(bytes(dmEnvelope("dm.received", "1", dmEvent("1", ALICE, ACME, "x"), ALICE_USERS)),
                STREAM)).isEmpty();
        assertThat(observer.calls).containsExactly("received acme_support stream dm.received",
                "ignored stream dm.received channel off");
    }

    // ---- mentions and replies ----

    @Test
    void postMentionCreateIsAMentionWithItsAuthorAndBecomesAnEnvelopeOfItsThread() throws TwitterException {
        String post = mentionPost("2080765813578191303", ALICE,
                "hey @acme_support my order https://t.co/xyz", "2080765813578191303")
                .replace("\"urls\": []", "\"urls\": [{\"start\": 27, \"end\": 43, \"start_str\": \"27\","
                        + " \"url\": \"https://t.co/xyz\", \"expanded_url\": \"https://example.com/o/2\","
                        + " \"display_url\": \"example.com/o/2\"}]");

        List<PolledMessage> out = parse(STREAM, envelope("post.mention.create", "2080765813578191303", "42", post,
                ALICE_INCLUDES));

        assertThat(out).singleElement().satisfies(m -> {
            assertThat(m.channel()).isEqualTo(PolledMessage.MENTION);
            assertThat(m.envelopeId()).isEqualTo("tweet:2080765813578191303");
            assertThat(m.customer()).isEqualTo(new CustomerRef("1001", "alice", "Alice A."));
            assertThat(m.dropReason()).isNull();
            assertThat(m.source()).isEqualTo(PolledMessage.STREAM);
        });
        Envelope envelope = envelopes().toEnvelope(out.get(0));
        assertThat(envelope.kind()).isEqualTo(Envelope.KIND_MENTION);
        assertThat(envelope.source()).isEqualTo(Envelope.SOURCE_STREAM);
        assertThat(envelope.conversationKey()).isEqualTo("twitter:thread:2080765813578191303");
        assertThat(envelope.text()).isEqualTo("hey @acme_support my order https://example.com/o/2");
        assertThat(envelope.inReplyToTweetId()).isNull();
        assertThat(envelope.tweetUrl()).isEqualTo("https://twitter.com/alice/status/2080765813578191303");
        assertThat(envelope.createdAt()).isEqualTo(Instant.parse("2026-07-24T21:23:23Z"));
        assertThat(observer.calls).containsExactly("received acme_support stream post.mention.create");
    }

    @Test
    void postReplyCreateWithDataWrappedUsersAndMediaJoinsTheThreadOfThePostItAnswers() throws TwitterException {
        String reply = mentionPost("5002", ALICE, "@acme_support still broken https://t.co/pic", "900")
                .replace("\"lang\"", "\"referenced_tweets\": [{\"type\": \"replied_to\", \"id\": \"900\"}],"
                        + " \"in_reply_to_user_id\": \"42\", \"attachments\": {\"media_keys\": [\"3_1\"]}, \"lang\"")
                .replace("\"urls\": []", "\"urls\": [{\"start\": 28, \"end\": 44, \"url\": \"https://t.co/pic\","
                        + " \"expanded_url\": \"https://x.com/alice/status/5002/photo/1\", \"media_key\": \"3_1\"}]");
        String includes = "{\"users\": [{\"data\": {\"id\": \"1001\", \"username\": \"alice\", \"name\": \"Alice A.\"}}],"
                + " \"media\": [{\"media_key\": \"3_1\", \"type\": \"photo\","
                + " \"url\": \"https://pbs.twimg.com/media/broken.jpg\", \"alt_text\": \"a cracked mug\"}]}";

        List<PolledMessage> out = parse(WEBHOOK, envelope("post.reply.create", "7", "42", reply, includes));

        assertThat(out).singleElement().satisfies(m -> {
            assertThat(m.customer()).isEqualTo(new CustomerRef("1001", "alice", "Alice A."));
            assertThat(m.source()).isEqualTo(PolledMessage.WEBHOOK);
        });
        Envelope envelope = envelopes().toEnvelope(out.get(0));
        assertThat(envelope.source()).isEqualTo(Envelope.SOURCE_WEBHOOK);
        assertThat(envelope.conversationKey()).isEqualTo("twitter:thread:900");
        assertThat(envelope.inReplyToTweetId()).isEqualTo("900");
        assertThat(envelope.text()).isEqualTo("@acme_support still broken");
        assertThat(envelope.media()).containsExactly(
                new MediaItem(MediaItem.PHOTO, "https://pbs.twimg.com/media/broken.jpg", "a cracked mug"));
    }

    @Test
    void theAccountsOwnPostIsAnEchoAndAnUnknownAuthorIsLookedUp() {
        long bob = sandbox.createUser("bob", "Bob B.").id();

        PolledMessage own = parse(STREAM, envelope("post.reply.create", "1", "42",
                mentionPost("6001", ACME, "@alice we are on it", "900"), "{}")).get(0);
        PolledMessage looked = parse(STREAM, envelope("post.mention.create", "2", "42",
                mentionPost("6002", bob, "@acme_support hello", "6002"), "{}")).get(0);

        assertThat(own.dropReason()).isEqualTo(PolledMessage.ECHO);
        assertThat(looked.customer()).isEqualTo(new CustomerRef(Long.toString(bob), "bob", "Bob B."));
    }

    @Test
    void aPostWithoutTextOrCreationTimeIsSkippedAndCounted() {
        String noText = mentionPost("7001", ALICE, "x", "7001").replace("\"text\": \"x\",", "");
        String noDate = mentionPost("7002", ALICE, "x", "7002").replace("\"created_at\": \"2026-07-24T21:23:23.000Z\",", "");

        assertThat(parse(STREAM, envelope("post.mention.create", "1", "42", noText, ALICE_INCLUDES))).isEmpty();
        assertThat(parse(STREAM, envelope("post.mention.create", "2", "42", noDate, ALICE_INCLUDES))).isEmpty();
        assertThat(observer.calls).filteredOn(c -> c.startsWith("ignored"))
                .containsExactly("ignored stream post.mention.create unreadable event",
                        "ignored stream post.mention.create unreadable event");
    }

    @Test
    void mentionsOfAnAccountWithoutTheMentionChannelAreIgnored() {
        assertThat(parse(STREAM, envelope("post.mention.create", "1", "43",
                mentionPost("8001", ALICE, "@acme_sales hi", "8001"), ALICE_INCLUDES))).isEmpty();
        assertThat(observer.calls).containsExactly("received acme_sales stream post.mention.create",
                "ignored stream post.mention.create channel off");
    }

    // ---- other events and refusals ----

    @Test
    void oauthRevokeOfAConfiguredAccountIsToldToTheObserverWithoutAMessage() {
        String revoke = "{\"data\": {\"event_uuid\": \"5934540941047412905\", \"filter\": {}, \"event_type\":"
                + " \"oauth.revoke\", \"payload\": {\"date_time\": \"2026-07-23T21:44:05+00:00\", \"user_id\": \"%s\","
                + " \"app_id\": \"29820954\"}}}";

        assertThat(parse(WEBHOOK, revoke.formatted("42"))).isEmpty();
        assertThat(parse(WEBHOOK, revoke.formatted("5555"))).isEmpty();

        assertThat(observer.calls).containsExactly("received acme_support webhook oauth.revoke",
                "revoked acme_support", "received null webhook oauth.revoke",
                "ignored webhook oauth.revoke not a configured account");
    }

    @Test
    void anUnknownEventTypeGivesNoMessageAndIsCountedAsIgnored() {
        assertThat(parse(STREAM, envelope("chat.received", "8511582263942905822", "42",
                "{\"encoded_event\": \"CwAB\"}", "{}"))).isEmpty();

        assertThat(observer.calls).containsExactly("received acme_support stream chat.received",
                "ignored stream chat.received unknown event type");
    }

    @Test
    void anEnvelopeForAUserWhoIsNotAConfiguredAccountIsRefused() {
        assertThatThrownBy(() -> parse(WEBHOOK, dmEnvelope("dm.received", "1", dmEvent("1", ALICE, 9999, "x"),
                ALICE_USERS).replace("\"user_id\": \"42\"", "\"user_id\": \"9999\"")))
                .isInstanceOf(UnknownWebhookAccountException.class)
                .hasMessageContaining("9999");
        assertThat(observer.calls).containsExactly("received null webhook dm.received");
    }

    @Test
    void unreadableEnvelopesAreRefusedWithACode() {
        assertInvalid("not json {", "malformed_json");
        assertInvalid("[1, 2]", "malformed_json");
        assertInvalid("{\"event_type\": \"dm.received\"}", "missing_data");
        assertInvalid("{\"data\": {\"filter\": {\"user_id\": \"42\"}, \"payload\": {}}}", "missing_event_type");
        assertInvalid("{\"data\": {\"event_type\": \"dm.received\", \"filter\": {}, \"payload\": {}}}",
                "missing_user_id");
        assertInvalid("{\"data\": {\"event_type\": \"dm.received\", \"filter\": {\"user_id\": \"acme\"}}}",
                "missing_user_id");
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, 0x7b, (byte) 0x80};
        assertThatThrownBy(() -> events.parse(garbage, STREAM))
                .isInstanceOfSatisfying(InvalidWebhookRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("malformed_json"));
        assertThat(observer.calls).isEmpty();
    }

    @Test
    void anErrorLineOfTheStreamIsRefusedWithXsDetail() {
        String errors = "{\"errors\": [{\"title\": \"ConnectionException\", \"detail\": \"This stream is currently"
                + " at the maximum allowed connection limit.\", \"type\": \"https://api.x.com/2/problems/streaming-connection\"}]}";

        assertThatThrownBy(() -> parse(STREAM, errors))
                .isInstanceOfSatisfying(InvalidWebhookRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("stream_error"))
                .hasMessageContaining("maximum allowed connection limit");
    }

    // ---- helpers ----

    private static final String STREAM = PolledMessage.STREAM;
    private static final String WEBHOOK = PolledMessage.WEBHOOK;
    private static final String ALICE_USERS =
            "{\"1001\": {\"data\": {\"id\": \"1001\", \"username\": \"alice\", \"name\": \"Alice A.\"}}}";
    private static final String ALICE_INCLUDES =
            "{\"users\": [{\"id\": \"1001\", \"username\": \"alice\", \"name\": \"Alice A.\", \"protected\": false},"
                    + " {\"id\": \"42\", \"username\": \"acme_support\", \"name\": \"ACME Support\"}]}";

    private void assertInvalid(String body, String code) {
        assertThatThrownBy(() -> parse(STREAM, body))
                .isInstanceOfSatisfying(InvalidWebhookRequestException.class,
                        e -> assertThat(e.code()).isEqualTo(code));
    }

    private List<PolledMessage> parse(String source, String body) {
        return events.parse(bytes(body), source);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String envelope(String type, String uuid, String userId, String payload, String includes) {
        return "{\"data\": {\"event_uuid\": \"" + uuid + "\", \"filter\": {\"user_id\": \"" + userId + "\"},"
                + " \"event_type\": \"" + type + "\", \"tag\": \"helpdesk\", \"payload\": " + payload
                + ", \"includes\": " + includes + "}}";
    }

    private static String dmEnvelope(String type, String uuid, String events, String users) {
        return envelope(type, uuid, "42", "{\"direct_message_events\": [" + events + "], \"users\": " + users + "}",
                "{}");
    }

    private static String dmEvent(String id, long sender, long recipient, String text) {
        return """
                {"type": "message_create", "id": "%s", "created_timestamp": "1784928224372",
                 "message_create": {"target": {"recipient_id": "%d"}, "sender_id": "%d",
                  "message_data": {"text": "%s", "entities": {"hashtags": [], "symbols": [],
                   "user_mentions": [], "urls": []}}}}""".formatted(id, recipient, sender, text);
    }

    private static String mentionPost(String id, long author, String text, String conversationId) {
        return """
                {"paid_partnership": false, "created_at": "2026-07-24T21:23:23.000Z",
                 "edit_history_tweet_ids": ["%1$s"], "conversation_id": "%4$s", "display_text_range": [0, 16],
                 "text": "%3$s",
                 "entities": {"mentions": [{"start": 4, "start_str": "4", "end": 17, "username": "acme_support",
                  "id": "42"}], "urls": []},
                 "author_id": "%2$d", "public_metrics": {"like_count": 0, "like_count_str": "0"},
                 "reply_settings": "everyone", "id": "%1$s", "lang": "und"}""".formatted(id, author, text,
                conversationId);
    }

    private InboundEnvelopes envelopes() {
        DataSource db = TestDatabase.migrated();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new InboundEnvelopes(accounts, clients, new StateStore(db, clock),
                new ConversationLifecycle(db, clock, Duration.ofHours(24)), clock);
    }

    private static final class RecordingObserver implements ActivityObserver {
        final List<String> calls = new ArrayList<>();

        @Override
        public void received(String accountName, String source, String eventType) {
            calls.add("received " + accountName + " " + source + " " + eventType);
        }

        @Override
        public void ignored(String source, String eventType, String reason) {
            calls.add("ignored " + source + " " + eventType + " " + reason);
        }

        @Override
        public void revoked(String accountName) {
            calls.add("revoked " + accountName);
        }
    }
}
