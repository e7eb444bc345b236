package io.twitterhelpdesk.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.v1.DirectMessage;
import twitter4j.v1.DirectMessageList;
import twitter4j.v1.MediaEntity;
import twitter4j.v1.Paging;
import twitter4j.v1.ResponseList;
import twitter4j.v1.Status;
import twitter4j.v1.StatusUpdate;
import twitter4j.v1.User;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drives the sandbox through the real twitter4j 4.1.2 client. */
class TwitterSandboxTwitter4jTest {

    private static final long ACCOUNT_ID = 42;
    private TwitterSandbox sandbox;
    private Twitter twitter;

    @BeforeEach
    void start() {
        sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start();
        sandbox.registerAccount(ACCOUNT_ID, "acme_support", "ACME Support", "ck", "cs~+/ x", "at-42", "ats*&=");
        twitter = client("ck", "cs~+/ x", "at-42", "ats*&=");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private Twitter client(String consumerKey, String consumerSecret, String token, String tokenSecret) {
        Properties props = new Properties();
        props.setProperty("restBaseURL", sandbox.restBaseUrl());
        return Twitter.newBuilder().oAuthConsumer(consumerKey, consumerSecret).oAuthAccessToken(token, tokenSecret)
                .load(props).build();
    }

    @Test
    void injectedDirectMessageComesBackWithSenderUrlAndMedia() throws TwitterException {
        DirectMessageRef ref = sandbox.injectDirectMessage("alice", "acme_support",
                "My order is broken, see https://example.com/orders/123?x=1 please",
                List.of(new Media("photo", "https://cdn.example.com/broken.jpg", "a cracked mug")));

        DirectMessageList list = twitter.v1().directMessages().getDirectMessages(50);

        assertThat(list).hasSize(1);
        assertThat(list.getNextCursor()).isNull();
        DirectMessage dm = list.get(0);
        long aliceId = sandbox.user("alice").orElseThrow().id();
        assertThat(dm.getId()).isEqualTo(ref.id()).isGreaterThan(SandboxStore.FIRST_ID);
        assertThat(dm.getSenderId()).isEqualTo(aliceId);
        assertThat(dm.getRecipientId()).isEqualTo(ACCOUNT_ID);
        assertThat(dm.getText()).startsWith("My order is broken, see https://t.co/").endsWith(" please https://t.co/"
                + dm.getMediaEntities()[0].getURL().substring("https://t.co/".length()));
        assertThat(dm.getURLEntities()[0].getExpandedURL()).isEqualTo("https://example.com/orders/123?x=1");
        assertThat(dm.getURLEntities()[0].getURL()).matches("https://t\\.co/[A-Za-z0-9]{10}");
        assertThat(dm.getText().substring(dm.getURLEntities()[0].getStart(), dm.getURLEntities()[0].getEnd()))
                .isEqualTo(dm.getURLEntities()[0].getURL());
        MediaEntity media = dm.getMediaEntities()[0];
        assertThat(media.getType()).isEqualTo("photo");
        assertThat(media.getMediaURLHttps()).isEqualTo("https://cdn.example.com/broken.jpg");
        assertThat(media.getExtAltText()).isEqualTo("a cracked mug");
        assertThat(dm.getCreatedAt()).isNotNull();
    }

    @Test
    void paginatesNewestFirstAndIncludesOwnSentMessages() throws TwitterException {
        for (int i = 0; i < 119; i++) {
            sandbox.injectDirectMessage("cust" + (i % 7), "acme_support", "message " + i, List.of());
        }
        long bob = sandbox.user("cust0").orElseThrow().id();
        DirectMessage sent = twitter.v1().directMessages().sendDirectMessage(bob, "Hello from support");
        assertThat(sent.getSenderId()).isEqualTo(ACCOUNT_ID);
        assertThat(sent.getRecipientId()).isEqualTo(bob);

        List<DirectMessage> all = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        List<String> cursors = new ArrayList<>(List.of(""));
        DirectMessageList page = twitter.v1().directMessages().getDirectMessages(50);
        while (true) {
            all.addAll(page);
            pageSizes.add(page.size());
            if (page.getNextCursor() == null) {
                break;
            }
            cursors.add(page.getNextCursor());
            page = twitter.v1().directMessages().getDirectMessages(50, page.getNextCursor());
        }
        // each page served, by the cursor it was asked with (the newest page without one)
        assertThat(sandbox.dmListCursors()).isEqualTo(cursors);

        assertThat(pageSizes).containsExactly(50, 50, 20);
        assertThat(all.get(0).getText()).isEqualTo("Hello from support");
        assertThat(all.get(1).getText()).isEqualTo("message 118");
        assertThat(all.get(119).getText()).isEqualTo("message 0");
        assertThat(all).extracting(DirectMessage::getId).doesNotHaveDuplicates()
                .isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(sandbox.sentDirectMessages()).singleElement()
                .satisfies(s -> assertThat(s.toScreenName()).isEqualTo("cust0"));
    }

    @Test
    void sendDirectMessageErrors() {
        assertThatThrownBy(() -> twitter.v1().directMessages().sendDirectMessage(999_999, "hi"))
                .isInstanceOfSatisfying(TwitterException.class, e -> assertThat(e.getErrorCode()).isEqualTo(50));
        long alice = sandbox.createUser("alice", "Alice").id();
        assertThatThrownBy(() -> twitter.v1().directMessages().sendDirectMessage(alice, "x".repeat(10_001)))
                .isInstanceOfSatisfying(TwitterException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(403);
                    assertThat(e.getErrorCode()).isEqualTo(354);
                });
    }

    @Test
    void mentionsSinceIdAndReplyThroughStatusesUpdate() throws TwitterException {
        TweetRef first = sandbox.injectMention("alice", "@acme_support where is my parcel? #late", null, List.of());
        TweetRef second = sandbox.injectMention("bob", "@ACME_Support my video https://example.com/v", null,
                List.of(new Media("video", "https://video.example.com/clip.mp4", "a clip")));
        sandbox.injectMention("carol", "no mention here", null, List.of());

        ResponseList<Status> mentions = twitter.v1().timelines()
                .getMentionsTimeline(Paging.ofSinceId(1).count(200));
        assertThat(mentions).extracting(Status::getId).containsExactly(second.id(), first.id());
        Status firstStatus = mentions.get(1);
        assertThat(firstStatus.getUser().getScreenName()).isEqualTo("alice");
        assertThat(firstStatus.getText()).isEqualTo("@acme_support where is my parcel? #late");
        assertThat(firstStatus.getUserMentionEntities()[0].getId()).isEqualTo(ACCOUNT_ID);
        assertThat(firstStatus.getHashtagEntities()[0].getText()).isEqualTo("late");
        assertThat(firstStatus.getInReplyToStatusId()).isEqualTo(-1);
        Status video = mentions.get(0);
        assertThat(video.getURLEntities()[0].getExpandedURL()).isEqualTo("https://example.com/v");
        assertThat(video.getMediaEntities()[0].getType()).isEqualTo("video");
        assertThat(video.getMediaEntities()[0].getExtAltText()).isEqualTo("a clip");
        assertThat(video.getMediaEntities()[0].getVideoVariants()[0].getUrl())
                .isEqualTo("https://video.example.com/clip.mp4");

        assertThat(twitter.v1().timelines().getMentionsTimeline(Paging.ofSinceId(first.id()).count(200)))
                .extracting(Status::getId).containsExactly(second.id());

        Status reply = twitter.v1().tweets().updateStatus(StatusUpdate.of("We are on it!")
                .inReplyToStatusId(first.id()).autoPopulateReplyMetadata(true));
        assertThat(reply.getInReplyToStatusId()).isEqualTo(first.id());
        assertThat(reply.getInReplyToScreenName()).isEqualTo("alice");
        assertThat(reply.getText()).isEqualTo("@alice We are on it!");
        assertThat(reply.getUser().getId()).isEqualTo(ACCOUNT_ID);
        assertThat(sandbox.sentTweets()).singleElement().satisfies(t -> {
            assertThat(t.inReplyToStatusId()).isEqualTo(first.id());
            assertThat(t.text()).isEqualTo("@alice We are on it!");
        });

        // as on Twitter, in_reply_to_status_id is ignored unless the author is mentioned or auto-populated
        Status notAReply = twitter.v1().tweets().updateStatus(StatusUpdate.of("General notice")
                .inReplyToStatusId(first.id()));
        assertThat(notAReply.getInReplyToStatusId()).isEqualTo(-1);

        // alice, a sandbox user, now sees the reply in her mentions: a customer reply to it reaches the account
        TweetRef followUp = sandbox.injectMention("alice", "thanks", reply.getId(), List.of());
        assertThat(twitter.v1().timelines().getMentionsTimeline(Paging.ofSinceId(second.id()).count(200)))
                .extracting(Status::getId).containsExactly(followUp.id());
    }

    @Test
    void statusUpdateErrors() throws TwitterException {
        twitter.v1().tweets().updateStatus("Service notice: all good");
        assertThatThrownBy(() -> twitter.v1().tweets().updateStatus("Service notice: all good"))
                .isInstanceOfSatisfying(TwitterException.class, e -> assertThat(e.getErrorCode()).isEqualTo(187));
        assertThatThrownBy(() -> twitter.v1().tweets().updateStatus("x".repeat(281)))
                .isInstanceOfSatisfying(TwitterException.class, e -> assertThat(e.getErrorCode()).isEqualTo(186));
        assertThatThrownBy(() -> twitter.v1().tweets().updateStatus(StatusUpdate.of("@alice hi")
                .inReplyToStatusId(SandboxStore.FIRST_ID - 5)))
                .isInstanceOfSatisfying(TwitterException.class, e -> assertThat(e.getErrorCode()).isEqualTo(385));
        // 140 CJK characters weigh 280: allowed
        twitter.v1().tweets().updateStatus("\u4e2d".repeat(140));
    }

    @Test
    void usersShowLookupAndVerifyCredentials() throws TwitterException {
        SandboxUser alice = sandbox.createUser("alice", "Alice A.");
        SandboxUser bob = sandbox.createUser("bob", "Bob B.");
        assertThat(alice.id()).isGreaterThanOrEqualTo(1000);

        User shown = twitter.v1().users().showUser("alice");
        assertThat(shown.getId()).isEqualTo(alice.id());
        assertThat(shown.getName()).isEqualTo("Alice A.");
        assertThat(shown.getCreatedAt()).isNotNull();
        assertThat(twitter.v1().users().lookupUsers(alice.id(), bob.id(), 5))
                .extracting(User::getScreenName).containsExactly("alice", "bob");
        assertThat(twitter.v1().users().lookupUsers("bob", "acme_support"))
                .extracting(User::getId).containsExactly(bob.id(), ACCOUNT_ID);
        assertThat(twitter.v1().users().verifyCredentials().getScreenName()).isEqualTo("acme_support");
        assertThatThrownBy(() -> twitter.v1().users().showUser("nobody"))
                .isInstanceOfSatisfying(TwitterException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getErrorCode()).isEqualTo(50);
                });
    }

    @Test
    void badCredentialsAreRefusedWithCode32() {
        Twitter wrongSecret = client("ck", "wrong", "at-42", "ats*&=");
        Twitter unknownToken = client("ck", "cs~+/ x", "nope", "ats*&=");
        Twitter unknownApp = client("other", "cs~+/ x", "at-42", "ats*&=");
        for (Twitter t : List.of(wrongSecret, unknownToken, unknownApp)) {
            assertThatThrownBy(() -> t.v1().directMessages().getDirectMessages(50))
                    .isInstanceOfSatisfying(TwitterException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(401);
                        assertThat(e.getErrorCode()).isEqualTo(32);
                    });
        }
        assertThatThrownBy(() -> wrongSecret.v1().tweets().updateStatus("signed form body"))
                .isInstanceOfSatisfying(TwitterException.class, e -> assertThat(e.getErrorCode()).isEqualTo(32));
        assertThat(sandbox.sentTweets()).isEmpty();
    }

    @Test
    void rateLimitExhaustionAnswers429WithReset() throws TwitterException {
        sandbox.setRateLimit("dm_list", 2, Duration.ofMinutes(15));
        DirectMessageList first = twitter.v1().directMessages().getDirectMessages(50);
        assertThat(first.getRateLimitStatus().getLimit()).isEqualTo(2);
        assertThat(first.getRateLimitStatus().getRemaining()).isEqualTo(1);
        twitter.v1().directMessages().getDirectMessages(50);

        assertThatThrownBy(() -> twitter.v1().directMessages().getDirectMessages(50))
                .isInstanceOfSatisfying(TwitterException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(429);
                    assertThat(e.getErrorCode()).isEqualTo(88);
                    assertThat(e.exceededRateLimitation()).isTrue();
                    assertThat(e.getRateLimitStatus().getRemaining()).isZero();
                    assertThat(e.getRateLimitStatus().getResetTimeInSeconds())
                            .isBetween((int) Instant.now().getEpochSecond() + 800,
                                    (int) Instant.now().getEpochSecond() + 901);
                });
        // other endpoints have their own window
        twitter.v1().users().verifyCredentials();

        sandbox.disableRateLimits();
        twitter.v1().directMessages().getDirectMessages(50);
        assertThat(sandbox.requestCount("dm_list")).isEqualTo(4);
        // the refused request counts as a request, not as a page served
        assertThat(sandbox.dmListCursors()).containsExactly("", "", "");
    }

    @Test
    void scaledWindowsReopen() throws Exception {
        sandbox.setRateLimit("mentions", 1, Duration.ofSeconds(1));
        sandbox.scaleRateLimitWindows(0.2);
        twitter.v1().timelines().getMentionsTimeline();
        assertThatThrownBy(() -> twitter.v1().timelines().getMentionsTimeline())
                .isInstanceOfSatisfying(TwitterException.class, e -> assertThat(e.getErrorCode()).isEqualTo(88));
        Thread.sleep(250);
        twitter.v1().timelines().getMentionsTimeline();
    }

    @Test
    void injectedFaultsSurfaceAsTwitterExceptions() throws TwitterException {
        sandbox.failNext("dm_list", 503, "{\"errors\":[{\"code\":130,\"message\":\"Over capacity\"}]}", 1);
        sandbox.failNext("dm_list", 200, "{\"events\":[{\"id\":", 1);
        long reset = Instant.now().plusSeconds(120).getEpochSecond();
        sandbox.failNextWithRateLimit("dm_list", Instant.ofEpochSecond(reset), 1);

        assertThatThrownBy(() -> twitter.v1().directMessages().getDirectMessages(50))
                .isInstanceOfSatisfying(TwitterException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(503);
                    assertThat(e.getErrorCode()).isEqualTo(130);
                });
        assertThatThrownBy(() -> twitter.v1().directMessages().getDirectMessages(50))
                .isInstanceOf(TwitterException.class);
        assertThatThrownBy(() -> twitter.v1().directMessages().getDirectMessages(50))
                .isInstanceOfSatisfying(TwitterException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(429);
                    assertThat(e.getErrorCode()).isEqualTo(88);
                    assertThat(e.getRateLimitStatus().getResetTimeInSeconds()).isEqualTo((int) reset);
                });
        assertThat(twitter.v1().directMessages().getDirectMessages(50)).isEmpty();
        assertThat(sandbox.requestCount("dm_list")).isEqualTo(4);
    }
}
