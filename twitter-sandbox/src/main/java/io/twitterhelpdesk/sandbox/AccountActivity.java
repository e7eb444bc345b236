package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twitterhelpdesk.sandbox.StoredRecords.DmEvent;
import io.twitterhelpdesk.sandbox.StoredRecords.Tweet;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns new DMs and tweets into Account Activity API bodies for each company account they concern and hands them to
 * the {@link WebhookDispatcher}, and passes them to the X Activity API ({@link XActivity}); also builds the other
 * event kinds for {@link TwitterSandbox#pushOtherEvent}.
 */
final class AccountActivity {

    static final String DM_EVENTS = "direct_message_events";
    static final String TWEET_EVENTS = "tweet_create_events";
    /** The customer that follows, likes, types and reads in synthetic events (created on first use). */
    static final String FAN_SCREEN_NAME = "sandbox_fan";

    private final SandboxStore store;
    private final WebhookDispatcher dispatcher;
    private final XActivity xActivity;

    AccountActivity(SandboxStore store, WebhookDispatcher dispatcher, XActivity xActivity) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.xActivity = xActivity;
    }

    /**
     * The X Activity events of the DM, and one Account Activity POST per company account that sent or received it,
     * with {@code for_user_id} that account.
     */
    void directMessageCreated(DmEvent event) {
        xActivity.directMessageCreated(event);
        if (!dispatcher.active()) {
            return;
        }
        SandboxUser sender = user(event.senderId());
        SandboxUser recipient = user(event.recipientId());
        Set<SandboxUser> accounts = new LinkedHashSet<>();
        for (SandboxUser user : List.of(recipient, sender)) {
            if (user.account()) {
                accounts.add(user);
            }
        }
        for (SandboxUser account : accounts) {
            ObjectNode root = forUser(account);
            root.putArray(DM_EVENTS).add(TwitterJson.directMessageEvent(event));
            putUsers(root, sender, recipient);
            if (event.sourceAppId() != null) {
                String appId = Long.toString(event.sourceAppId());
                root.putObject("apps").putObject(appId).put("id", appId).put("name", "Twitter sandbox app")
                        .put("url", "https://github.com/twitterhelpdesk");
            }
            dispatcher.deliver(DM_EVENTS, account.id(), TwitterJson.write(root));
        }
    }

    /**
     * The X Activity events of the tweet, and one Account Activity POST for the author if it is a company account
     * and one per mentioned company account.
     */
    void tweetCreated(Tweet tweet) {
        xActivity.tweetCreated(tweet);
        if (!dispatcher.active()) {
            return;
        }
        SandboxUser author = user(tweet.userId());
        if (author.account()) {
            dispatcher.deliver(TWEET_EVENTS, author.id(), TwitterJson.write(tweetBody(author, tweet, false)));
        }
        tweet.mentionedUserIds().stream().sorted().map(this::user).filter(SandboxUser::account).forEach(account ->
                dispatcher.deliver(TWEET_EVENTS, account.id(), TwitterJson.write(tweetBody(account, tweet, true))));
    }

    private ObjectNode tweetBody(SandboxUser account, Tweet tweet, boolean mention) {
        ObjectNode root = forUser(account);
        root.putArray(TWEET_EVENTS).add(TwitterJson.status(tweet, this::user));
        if (mention) {
            root.put("user_has_blocked", false);
        }
        return root;
    }

    /**
     * A body of another kind for {@code account}: {@code favorite_events} (the fan likes a tweet of the account),
     * {@code follow_events} (the fan follows it), {@code block_events} / {@code mute_events} (it blocks / mutes the
     * fan), {@code direct_message_indicate_typing_events}, {@code direct_message_mark_read_events} (the fan types /
     * reads), {@code tweet_delete_events}, {@code user_event} (the account revokes the app); any other lower-case
     * name gives {@code {"for_user_id":..,"<kind>":[{"created_timestamp":..}]}}, an event kind the sandbox does not
     * model.
     */
    ObjectNode otherEvent(String kind, SandboxUser account) {
        if (kind == null || !kind.matches("[a-z_]{1,64}")) {
            throw new IllegalArgumentException("event kind must be 1-64 lower-case letters or _: " + kind);
        }
        Instant now = store.now();
        String millis = Long.toString(now.toEpochMilli());
        if (kind.equals("user_event")) {
            ObjectNode root = TwitterJson.MAPPER.createObjectNode();
            ObjectNode revoke = root.putObject("user_event").putObject("revoke");
            revoke.put("date_time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(now.atOffset(ZoneOffset.UTC)));
            revoke.putObject("target").put("app_id", Long.toString(store.appIdOf(account.id())));
            revoke.putObject("source").put("user_id", Long.toString(account.id()));
            return root;
        }
        SandboxUser fan = store.userOrNewCustomer(FAN_SCREEN_NAME);
        ObjectNode root = forUser(account);
        ArrayNode events = root.putArray(kind);
        switch (kind) {
            case "favorite_events" -> {
                ObjectNode like = events.addObject().put("id", Long.toHexString(store.nextId()))
                        .put("created_at", TwitterJson.createdAt(now)).put("timestamp_ms", now.toEpochMilli());
                like.set("favorited_status", TwitterJson.status(
                        store.unstoredTweet(account, "Thanks for reaching out!"), this::user));
                like.set("user", TwitterJson.user(fan));
            }
            case "follow_events" -> userEvent(events, "follow", millis, fan, account);
            case "block_events" -> userEvent(events, "block", millis, account, fan);
            case "mute_events" -> userEvent(events, "mute", millis, account, fan);
            case "direct_message_indicate_typing_events", "direct_message_mark_read_events" -> {
                ObjectNode event = events.addObject().put("created_timestamp", millis)
                        .put("sender_id", Long.toString(fan.id()));
                event.putObject("target").put("recipient_id", Long.toString(account.id()));
                if (kind.equals("direct_message_mark_read_events")) {
                    long lastRead = store.directMessagesOf(account.id()).stream().findFirst().map(DmEvent::id)
                            .orElseGet(store::nextId);
                    event.put("last_read_event_id", Long.toString(lastRead));
                }
                putUsers(root, fan, account);
            }
            case "tweet_delete_events" -> {
                ObjectNode delete = events.addObject();
                delete.putObject("status").put("id", Long.toString(store.nextId()))
                        .put("user_id", Long.toString(account.id()));
                delete.put("timestamp_ms", millis);
            }
            default -> events.addObject().put("created_timestamp", millis);
        }
        return root;
    }

    private static void userEvent(ArrayNode events, String type, String millis, SandboxUser source,
                                  SandboxUser target) {
        ObjectNode event = events.addObject().put("type", type).put("created_timestamp", millis);
        event.set("target", TwitterJson.user(target));
        event.set("source", TwitterJson.user(source));
    }

    private static ObjectNode forUser(SandboxUser account) {
        return TwitterJson.MAPPER.createObjectNode().put("for_user_id", Long.toString(account.id()));
    }

    /** The {@code users} map of DM events: the short user objects by id string. */
    private static void putUsers(ObjectNode root, SandboxUser... users) {
        ObjectNode map = root.putObject("users");
        for (SandboxUser user : users) {
            String id = Long.toString(user.id());
            map.putObject(id).put("id", id)
                    .put("created_timestamp", Long.toString(user.createdAt().toEpochMilli()))
                    .put("name", user.name()).put("screen_name", user.screenName())
                    .put("protected", false).put("verified", false)
                    .put("followers_count", 0).put("friends_count", 0).put("statuses_count", 0)
                    .put("profile_image_url_https",
                            "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png");
        }
    }

    private SandboxUser user(long id) {
        return store.findUser(id).orElseThrow(() -> new IllegalStateException("no user " + id));
    }
}
