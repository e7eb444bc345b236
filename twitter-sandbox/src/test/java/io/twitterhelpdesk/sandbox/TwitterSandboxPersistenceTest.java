package io.twitterhelpdesk.sandbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.v1.DirectMessage;
import twitter4j.v1.Paging;
import twitter4j.v1.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A sandbox kept in a file (the connector's demo mode): started again on the file it has the earlier run's users,
 * their settings, DMs and tweets, and goes on with ids above the earlier ones; a reset is kept as well; a line a crash
 * cut short is dropped, a damaged one refuses the start naming the file and line.
 */
class TwitterSandboxPersistenceTest {

    private static final long ACCOUNT_ID = 4200;

    @TempDir
    Path dir;
    private final List<TwitterSandbox> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(TwitterSandbox::close);
    }

    private Path file() {
        return dir.resolve("sandbox").resolve("store.jsonl");
    }

    /** A sandbox on the file with the account registered, as the connector's sandbox mode starts one. */
    private TwitterSandbox open() {
        TwitterSandbox sandbox = new TwitterSandbox("127.0.0.1", 0, 0, file()).start();
        started.add(sandbox);
        sandbox.registerAccount(ACCOUNT_ID, "acme_support", "ACME Support", "ck", "cs", "at", "ats");
        return sandbox;
    }

    private void close(TwitterSandbox sandbox) {
        sandbox.close();
        started.remove(sandbox);
    }

    private static Twitter client(TwitterSandbox sandbox) {
        Properties props = new Properties();
        props.setProperty("restBaseURL", sandbox.restBaseUrl());
        return Twitter.newBuilder().oAuthConsumer("ck", "cs").oAuthAccessToken("at", "ats").load(props).build();
    }

    @Test
    void startedAgainOnItsFileItHasTheEarlierRunsDataAndGoesOnWithItsIds() throws TwitterException {
        TwitterSandbox first = open();
        DirectMessageRef dm = first.injectDirectMessage("alice", "acme_support", "Late order https://example.com/o/1",
                List.of(Media.photo("https://cdn.example.com/box.jpg", "an empty box")));
        TweetRef mention = first.injectMention("bob", "@acme_support where is my parcel?", null, List.of());
        first.createUser("carol", "Carol C");
        first.setAcceptsDirectMessages("carol", false);
        first.follow("carol", "acme_support");
        first.deactivateUser("bob");
        client(first).v1().directMessages().sendDirectMessage(first.user("alice").orElseThrow().id(), "On it!");
        List<SandboxUser> users = first.users();
        List<DirectMessage> dms = client(first).v1().directMessages().getDirectMessages(50);
        close(first);

        TwitterSandbox second = open();
        Twitter twitter = client(second);

        assertThat(second.users()).isEqualTo(users);
        List<DirectMessage> dmsAfter = twitter.v1().directMessages().getDirectMessages(50);
        assertThat(dmsAfter).extracting(DirectMessage::getId).containsExactlyElementsOf(
                dms.stream().map(DirectMessage::getId).toList());
        assertThat(dmsAfter).extracting(DirectMessage::getText).containsExactlyElementsOf(
                dms.stream().map(DirectMessage::getText).toList());
        DirectMessage injected = dmsAfter.stream().filter(d -> d.getId() == dm.id()).findFirst().orElseThrow();
        assertThat(injected.getSenderId()).isEqualTo(dm.senderId());
        assertThat(injected.getURLEntities()[0].getExpandedURL()).isEqualTo("https://example.com/o/1");
        assertThat(injected.getMediaEntities()[0].getMediaURLHttps()).isEqualTo("https://cdn.example.com/box.jpg");
        assertThat(second.sentDirectMessages()).extracting(SentDirectMessage::text).containsExactly("On it!");
        List<Status> mentions = twitter.v1().timelines().getMentionsTimeline(Paging.ofSinceId(1));
        assertThat(mentions).extracting(Status::getId).containsExactly(mention.id());
        assertThatThrownBy(() -> twitter.v1().users().showUser("bob")).as("bob stays deactivated")
                .isInstanceOfSatisfying(TwitterException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
        assertThat(second.user("carol").orElseThrow().acceptsDirectMessages()).isFalse();
        assertThat(twitter.v1().friendsFollowers().showFriendship(ACCOUNT_ID,
                second.user("carol").orElseThrow().id()).isTargetFollowingSource()).isTrue();

        DirectMessageRef later = second.injectDirectMessage("dave", "acme_support", "New here", List.of());
        assertThat(later.id()).as("ids go on above the earlier run's").isGreaterThan(dms.get(0).getId());
        assertThat(later.senderId()).as("a new customer gets a new id")
                .isNotIn(users.stream().map(SandboxUser::id).toList());
        assertThat(second.injectDirectMessage("alice", "acme_support", "Me again", List.of()).senderId())
                .as("a returning customer keeps hers").isEqualTo(dm.senderId());
    }

    @Test
    void aResetIsKeptAndGivesNoIdTwice() {
        TwitterSandbox first = open();
        long alice = first.injectDirectMessage("alice", "acme_support", "hi", List.of()).senderId();
        first.reset();
        long bob = first.injectDirectMessage("bob", "acme_support", "hello", List.of()).senderId();
        close(first);

        TwitterSandbox second = open();

        assertThat(bob).isNotEqualTo(alice);
        assertThat(second.user("alice")).isEmpty();
        assertThat(second.user("bob").orElseThrow().id()).isEqualTo(bob);
        second.reset();
        assertThat(second.createUser("carol", "Carol").id()).isNotIn(alice, bob);
        close(second);
        assertThat(open().user("carol")).isPresent();
    }

    @Test
    void aLineACrashCutShortIsDroppedADamagedOneRefusesTheStart() throws Exception {
        TwitterSandbox first = open();
        first.injectDirectMessage("alice", "acme_support", "kept", List.of());
        close(first);
        Files.writeString(file(), "{\"dm\":{\"id\":\"12", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        TwitterSandbox second = open();
        assertThat(second.user("alice")).isPresent();
        close(second);

        List<String> lines = new ArrayList<>(Files.readAllLines(file()));
        assertThat(lines.get(lines.size() - 1)).as("the cut line is gone from the file").doesNotContain("\"12");
        lines.add(1, "{\"dm\":{\"id\":");
        Files.write(file(), lines);
        assertThatThrownBy(() -> new TwitterSandbox("127.0.0.1", 0, 0, file()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file().toString()).hasMessageContaining("at line 2");
        Files.writeString(file(), "{\"something\":\"else\"}\n");
        assertThatThrownBy(() -> new TwitterSandbox("127.0.0.1", 0, 0, file()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at line 1");
    }

    @Test
    void inMemoryASandboxWritesNoFileAndAResetGivesNoIdTwice() throws Exception {
        try (TwitterSandbox sandbox = new TwitterSandbox("127.0.0.1", 0, 0).start()) {
            sandbox.registerAccount(ACCOUNT_ID, "acme_support", "ACME Support", "ck", "cs", "at", "ats");
            long alice = sandbox.injectDirectMessage("alice", "acme_support", "hi", List.of()).senderId();
            sandbox.reset();
            assertThat(sandbox.injectDirectMessage("bob", "acme_support", "hi", List.of()).senderId())
                    .isNotEqualTo(alice);
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
