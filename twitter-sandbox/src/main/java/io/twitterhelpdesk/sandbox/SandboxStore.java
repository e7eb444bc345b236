package io.twitterhelpdesk.sandbox;

import io.twitterhelpdesk.sandbox.StoreChange.Counters;
import io.twitterhelpdesk.sandbox.StoreChange.DmStored;
import io.twitterhelpdesk.sandbox.StoreChange.FollowSet;
import io.twitterhelpdesk.sandbox.StoreChange.TweetStored;
import io.twitterhelpdesk.sandbox.StoreChange.UserDeactivated;
import io.twitterhelpdesk.sandbox.StoreChange.UserSaved;
import io.twitterhelpdesk.sandbox.StoredRecords.AccessToken;
import io.twitterhelpdesk.sandbox.StoredRecords.DmEvent;
import io.twitterhelpdesk.sandbox.StoredRecords.Tweet;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Thread-safe data of the sandbox: users, account credentials, DM events and tweets; in memory, and with
 * {@link #persistIn} also in a file (users, their settings and follows, messages, tweets and the id counters; not the
 * credentials, which the accounts bring at each registration, nor their revocations).
 */
final class SandboxStore {

    /** The lowest id of DMs, tweets and media. */
    static final long FIRST_ID = 1_100_000_000_000_000_000L;
    /** Twitter's snowflake epoch, 2010-11-04T01:42:54.657Z. */
    private static final long TWITTER_EPOCH_MILLIS = 1_288_834_974_657L;
    private static final long FIRST_CUSTOMER_ID = 1000;
    /** Apps (consumer keys) get ids from here in registration order. */
    private static final long FIRST_APP_ID = 9_000_001;

    private final Clock clock;
    private final TextComposer composer = new TextComposer();
    private final Map<Long, SandboxUser> usersById = new LinkedHashMap<>();
    private final Map<String, Long> idsByScreenName = new HashMap<>();
    private final Map<String, String> consumerSecrets = new HashMap<>();
    private final Map<String, Long> appIds = new HashMap<>();
    private final Map<String, AccessToken> accessTokens = new HashMap<>();
    private final Set<Long> accountIds = new LinkedHashSet<>();
    private final Set<Long> deactivatedIds = new HashSet<>();
    /** Who follows whom: "follower->followed". */
    private final Set<String> follows = new HashSet<>();
    /** Users whose access tokens Twitter no longer accepts (the user revoked the app, or the token was reset). */
    private final Set<Long> revokedIds = new HashSet<>();
    private final List<DmEvent> dmEvents = new ArrayList<>();
    private final Map<Long, Tweet> tweets = new LinkedHashMap<>();
    private long lastId = FIRST_ID;
    private long nextCustomerId = FIRST_CUSTOMER_ID;
    /** Where changes are written before they are visible; null: in memory only. */
    private StoreJournal journal;
    /** The bytes of uploaded media and of injected DM attachments. */
    private final MediaFiles mediaFiles = new MediaFiles();
    /** Uploads in progress and the media ids accounts may attach. */
    private final MediaUploads mediaUploads;

    SandboxStore(Clock clock) {
        this.clock = clock;
        this.mediaUploads = new MediaUploads(mediaFiles, this::nextId, clock);
    }

    /**
     * Loads what {@code file} holds (an earlier run's users, messages and id counters; nothing if it does not exist)
     * and from now on writes every change to it before the change is visible. Call before the store is used.
     *
     * @throws IllegalStateException if the file cannot be read as a sandbox store (the message says where), or the
     *                               store is in use already
     */
    synchronized void persistIn(Path file) {
        if (journal != null || !usersById.isEmpty()) {
            throw new IllegalStateException("the sandbox store is in use already");
        }
        StoreJournal.read(file).forEach(this::apply);
        journal = StoreJournal.rewrite(file, snapshot());
        mediaFiles.persistIn(file.resolveSibling("media"));
    }

    /** The bytes of media: uploaded by accounts, or attached to injected DMs (kept in a "media" directory beside the file). */
    MediaFiles mediaFiles() {
        return mediaFiles;
    }

    /** Media accounts uploaded (v1.1 media/upload.json, v2 /2/media/upload), by media id. */
    MediaUploads mediaUploads() {
        return mediaUploads;
    }

    /**
     * Closes the file the store is persisted in, if any, after the id counters (which also count ids given to no
     * stored record, such as media); a change after this fails.
     */
    synchronized void closeFile() {
        if (journal != null) {
            try {
                journal.append(new Counters(lastId, nextCustomerId));
            } finally {
                journal.close();
            }
        }
    }

    Clock clock() {
        return clock;
    }

    synchronized SandboxUser registerAccount(long id, String screenName, String name, String consumerKey,
                                             String consumerSecret, String accessToken, String accessTokenSecret) {
        String knownSecret = consumerSecrets.get(consumerKey);
        if (knownSecret != null && !knownSecret.equals(consumerSecret)) {
            throw new IllegalArgumentException("consumer key " + consumerKey + " is registered with another secret");
        }
        if (accessTokens.containsKey(accessToken)) {
            throw new IllegalArgumentException("access token already registered");
        }
        SandboxUser loaded = usersById.get(id);
        SandboxUser user;
        if (loaded != null && loaded.account() && !accountIds.contains(id)
                && loaded.screenName().equalsIgnoreCase(screenName)) {
            // an account of an earlier run, loaded from the file: it gets its credentials again
            user = new SandboxUser(id, screenName, name, loaded.acceptsDirectMessages(), true, loaded.createdAt());
            if (!user.equals(loaded)) {
                change(new UserSaved(user));
            }
            accountIds.add(id);
        } else {
            user = addUser(id, screenName, name, true);
        }
        consumerSecrets.put(consumerKey, consumerSecret);
        appIds.putIfAbsent(consumerKey, FIRST_APP_ID + appIds.size());
        accessTokens.put(accessToken, new AccessToken(id, consumerKey, accessToken, accessTokenSecret));
        return user;
    }

    synchronized SandboxUser createCustomer(String screenName, String name) {
        while (usersById.containsKey(nextCustomerId)) {
            nextCustomerId++;
        }
        return addUser(nextCustomerId++, screenName, name, false);
    }

    /** The user with this screen name, created as a customer (name = screen name) if unknown. */
    synchronized SandboxUser userOrNewCustomer(String screenName) {
        return findUser(screenName).orElseGet(() -> createCustomer(screenName, screenName));
    }

    private SandboxUser addUser(long id, String screenName, String name, boolean account) {
        if (screenName == null || !screenName.matches("[A-Za-z0-9_]{1,15}")) {
            throw new IllegalArgumentException("screen name must be 1-15 letters, digits or _: " + screenName);
        }
        if (usersById.containsKey(id) || idsByScreenName.containsKey(key(screenName))) {
            throw new IllegalArgumentException("user already exists: " + id + " / @" + screenName);
        }
        SandboxUser user = new SandboxUser(id, screenName, name, true, account, clock.instant());
        change(new UserSaved(user));
        if (account) {
            accountIds.add(id);
        }
        return user;
    }

    synchronized void setAcceptsDirectMessages(String screenName, boolean accepts) {
        SandboxUser user = findUser(screenName)
                .orElseThrow(() -> new IllegalArgumentException("unknown user @" + screenName));
        change(new UserSaved(user.withAcceptsDirectMessages(accepts)));
    }

    /** {@code follower} follows {@code followed} (true) or stops following (false). */
    synchronized void setFollowing(String follower, String followed, boolean following) {
        SandboxUser from = findUser(follower).orElseThrow(() -> new IllegalArgumentException("unknown user @" + follower));
        SandboxUser to = findUser(followed).orElseThrow(() -> new IllegalArgumentException("unknown user @" + followed));
        if (from.id() == to.id()) {
            throw new IllegalArgumentException("a user cannot follow themselves");
        }
        change(new FollowSet(from.id(), to.id(), following));
    }

    synchronized boolean follows(long followerId, long followedId) {
        return follows.contains(followerId + "->" + followedId);
    }

    /**
     * Whether {@code sender} may send {@code target} a Direct Message: the target accepts DMs from anyone
     * ({@code allow_dms_from=all}) or follows the sender.
     */
    synchronized boolean canDirectMessage(SandboxUser sender, SandboxUser target) {
        SandboxUser current = usersById.getOrDefault(target.id(), target);
        return current.acceptsDirectMessages() || follows(target.id(), sender.id());
    }

    /** The account's access tokens are refused with 401 (true) or accepted again (false). */
    synchronized void setRevoked(String screenName, boolean revoked) {
        SandboxUser user = findUser(screenName)
                .orElseThrow(() -> new IllegalArgumentException("unknown user @" + screenName));
        if (!accountIds.contains(user.id())) {
            throw new IllegalArgumentException("@" + screenName + " is not a registered account: it has no credentials");
        }
        if (revoked) {
            revokedIds.add(user.id());
        } else {
            revokedIds.remove(user.id());
        }
    }

    synchronized boolean isRevoked(long userId) {
        return revokedIds.contains(userId);
    }

    /** Marks the user deactivated: their user object disappears from lookups, their messages stay. */
    synchronized SandboxUser deactivate(String screenName) {
        SandboxUser user = findUser(screenName)
                .orElseThrow(() -> new IllegalArgumentException("unknown user @" + screenName));
        change(new UserDeactivated(user.id()));
        return user;
    }

    /** The user unless deactivated: what user lookups of the API find. */
    synchronized Optional<SandboxUser> findActiveUser(long id) {
        return findUser(id).filter(u -> !deactivatedIds.contains(u.id()));
    }

    synchronized Optional<SandboxUser> findActiveUser(String screenName) {
        return findUser(screenName).filter(u -> !deactivatedIds.contains(u.id()));
    }

    synchronized Optional<SandboxUser> findUser(String screenName) {
        return Optional.ofNullable(screenName).map(s -> idsByScreenName.get(key(s))).map(usersById::get);
    }

    synchronized Optional<SandboxUser> findUser(long id) {
        return Optional.ofNullable(usersById.get(id));
    }

    synchronized List<SandboxUser> users() {
        return List.copyOf(usersById.values());
    }

    synchronized Optional<String> consumerSecret(String consumerKey) {
        return Optional.ofNullable(consumerKey).map(consumerSecrets::get);
    }

    /** The id of the app (consumer key) a registered account's access token belongs to. */
    synchronized long appIdOf(long accountId) {
        return accessTokens.values().stream().filter(t -> t.userId() == accountId).findFirst()
                .map(t -> appIds.get(t.consumerKey()))
                .orElseThrow(() -> new IllegalArgumentException("no registered account " + accountId));
    }

    /** The consumer key of the app a registered account's access token belongs to. */
    synchronized Optional<String> consumerKeyOf(long accountId) {
        return accessTokens.values().stream().filter(t -> t.userId() == accountId).findFirst()
                .map(AccessToken::consumerKey);
    }

    /** The id of an app (consumer key); throws for an unknown key. */
    synchronized long appId(String consumerKey) {
        Long id = appIds.get(consumerKey);
        if (id == null) {
            throw new IllegalArgumentException("unknown consumer key");
        }
        return id;
    }

    /** The distinct consumer secrets of the registered accounts. */
    synchronized Set<String> accountConsumerSecrets() {
        return Set.copyOf(consumerSecrets.values());
    }

    /** The registered company accounts, in registration order. */
    synchronized List<SandboxUser> accounts() {
        return accountIds.stream().map(usersById::get).toList();
    }

    synchronized Optional<AccessToken> accessToken(String token) {
        return Optional.ofNullable(token).map(accessTokens::get);
    }

    /** Stores a DM; {@code sourceAppId} is null for an injected one, the sending app's id for one sent via the API. */
    synchronized DmEvent addDirectMessage(SandboxUser sender, SandboxUser recipient, String text, List<Media> media,
                                          Long sourceAppId) {
        return addDirectMessage(sender, recipient, nextId(), text, media, this::nextId, sourceAppId);
    }

    /**
     * Stores a DM an account sent through the v2 API with uploaded media ids. The sandbox has no media upload, so
     * each id is shown as a photo (a DM carries at most one) that keeps the given id.
     */
    synchronized DmEvent addDirectMessageWithMediaIds(SandboxUser sender, SandboxUser recipient, String text,
                                                      List<Long> mediaIds, long sourceAppId) {
        long id = nextId();
        List<Media> media = mediaIds.stream().map(mediaId -> Media.photo("https://ton.twitter.com/1.1/ton/data/dm/"
                + id + "/" + mediaId + "/sandbox.jpg", null)).toList();
        Iterator<Long> ids = mediaIds.iterator();
        return addDirectMessage(sender, recipient, id, text, media, ids::next, sourceAppId);
    }

    /**
     * Stores a DM with one attached file, as a customer's app uploads it: the bytes under a new media id, linked as X
     * links DM media ({@code https://ton.twitter.com/1.1/ton/data/dm/<dm id>/<media id>/<resource id>}).
     */
    synchronized DmEvent addDirectMessageWithFile(SandboxUser sender, SandboxUser recipient, String text,
                                                  AttachedFile file) {
        long id = nextId();
        long mediaId = nextId();
        String resource = Long.toString(mediaId, 36) + file.extension();
        mediaFiles.put(mediaId, file.contentType(), file.bytes());
        Media media = new Media(file.type(), "https://ton.twitter.com/1.1/ton/data/dm/" + id + "/" + mediaId + "/"
                + resource, file.altText());
        return addDirectMessage(sender, recipient, id, text, List.of(media), () -> mediaId, null);
    }

    /**
     * The file attached to DM {@code dmId} as media {@code mediaId} with resource id {@code resource}, for
     * {@code userId}: empty when there is no such DM, attachment or file; {@link SecurityException} when the user
     * is not a participant of the DM.
     */
    synchronized Optional<MediaFiles.MediaFile> directMessageFile(long userId, long dmId, long mediaId,
                                                                  String resource) {
        Optional<DmEvent> event = dmEvents.stream().filter(e -> e.id() == dmId).findFirst();
        if (event.isEmpty()) {
            return Optional.empty();
        }
        if (event.get().senderId() != userId && event.get().recipientId() != userId) {
            throw new SecurityException("user " + userId + " is not a participant of direct message " + dmId);
        }
        boolean attached = event.get().content().media().stream()
                .anyMatch(m -> m.id() == mediaId && m.media().url().endsWith("/" + mediaId + "/" + resource));
        return attached ? mediaFiles.get(mediaId) : Optional.empty();
    }

    private DmEvent addDirectMessage(SandboxUser sender, SandboxUser recipient, long id, String text,
                                     List<Media> media, LongSupplier mediaIds, Long sourceAppId) {
        if (media.size() > 1) {
            throw new IllegalArgumentException("a direct message carries at most one media attachment");
        }
        MessageContent content = composer.compose("", text, media, mediaIds,
                mediaId -> "https://twitter.com/messages/media/" + id, this::findUser);
        DmEvent event = new DmEvent(id, sender.id(), recipient.id(), clock.instant(), content, sourceAppId);
        change(new DmStored(event));
        return event;
    }

    /** DM events sent or received by the user, newest first. */
    synchronized List<DmEvent> directMessagesOf(long userId) {
        return dmEvents.stream().filter(e -> e.senderId() == userId || e.recipientId() == userId)
                .sorted(Comparator.comparingLong(DmEvent::id).reversed()).toList();
    }

    /**
     * Stores a tweet. A reply names the replied-to author in front of the text unless the text already
     * mentions them (what clients and {@code auto_populate_reply_metadata} do).
     */
    synchronized Tweet addTweet(SandboxUser author, String text, Tweet inReplyTo, List<Media> media,
                                List<Long> mediaIds, boolean viaApi) {
        String prefix = "";
        SandboxUser repliedTo = inReplyTo == null ? null : usersById.get(inReplyTo.userId());
        if (repliedTo != null && repliedTo.id() != author.id() && !mentions(text, repliedTo)) {
            prefix = "@" + repliedTo.screenName() + " ";
        }
        long id = nextId();
        MessageContent content = composer.compose(prefix, text, media, this::nextId,
                mediaId -> "https://twitter.com/" + author.screenName() + "/status/" + id + "/"
                        + (media.get(0).type().equals("photo") ? "photo" : "video") + "/1",
                this::findUser);
        Set<Long> mentioned = new LinkedHashSet<>();
        content.mentions().forEach(mention -> mentioned.add(mention.userId()));
        mentioned.remove(author.id());
        Tweet tweet = new Tweet(id, author.id(), clock.instant(), content,
                inReplyTo == null ? null : inReplyTo.id(),
                repliedTo == null ? null : repliedTo.id(),
                repliedTo == null ? null : repliedTo.screenName(),
                Set.copyOf(mentioned), List.copyOf(mediaIds), viaApi);
        change(new TweetStored(tweet));
        return tweet;
    }

    /** A tweet by the user that is not stored, for synthetic events such as a like of one of its tweets. */
    synchronized Tweet unstoredTweet(SandboxUser author, String text) {
        MessageContent content = composer.compose("", text, List.of(), this::nextId, mediaId -> "", this::findUser);
        return new Tweet(nextId(), author.id(), clock.instant(), content, null, null, null, Set.of(), List.of(), false);
    }

    private static boolean mentions(String text, SandboxUser user) {
        return TextComposer.mentionedScreenNames(text).stream().anyMatch(s -> s.equalsIgnoreCase(user.screenName()));
    }

    synchronized Optional<Tweet> tweet(long id) {
        return Optional.ofNullable(tweets.get(id));
    }

    /** The id of the first stored tweet of the reply chain the tweet belongs to (its own id when not a reply). */
    synchronized long conversationId(Tweet tweet) {
        Tweet root = tweet;
        while (root.inReplyToStatusId() != null && tweets.containsKey(root.inReplyToStatusId())) {
            root = tweets.get(root.inReplyToStatusId());
        }
        return root.id();
    }

    /** Tweets by others that mention the user, newest first. */
    synchronized List<Tweet> mentionsOf(long userId) {
        return tweets.values().stream().filter(t -> t.mentionedUserIds().contains(userId))
                .sorted(Comparator.comparingLong(Tweet::id).reversed()).toList();
    }

    synchronized boolean isDuplicate(long userId, String text) {
        return tweets.values().stream().anyMatch(t -> t.userId() == userId
                && t.content().text().substring(t.content().text().offsetByCodePoints(0, t.content().displayStart()))
                .equals(text));
    }

    synchronized List<SentDirectMessage> sentDirectMessages() {
        return dmEvents.stream().filter(DmEvent::viaApi).map(e -> new SentDirectMessage(e.id(),
                usersById.get(e.senderId()).screenName(), e.recipientId(),
                usersById.get(e.recipientId()).screenName(), displayText(e.content()),
                e.content().media().stream().map(MessageContent.MediaEntity::id).toList(), e.createdAt())).toList();
    }

    /** The text without auto-populated reply mentions or the appended media link. */
    private static String displayText(MessageContent content) {
        String text = content.text();
        return text.substring(text.offsetByCodePoints(0, content.displayStart()),
                text.offsetByCodePoints(0, content.displayEnd()));
    }

    synchronized List<SentTweet> sentTweets() {
        return tweets.values().stream().filter(Tweet::viaApi).map(t -> new SentTweet(t.id(),
                usersById.get(t.userId()).screenName(), t.content().text(), t.inReplyToStatusId(), t.mediaIds(),
                t.createdAt())).toList();
    }

    /**
     * Drops customers, messages, tweets, follows, revocations and deactivations; registered accounts and their
     * credentials stay. Ids go on from where they were: a new customer never gets the id of a dropped one, which a
     * connector may still know as someone else.
     */
    synchronized void reset() {
        deactivatedIds.clear();
        follows.clear();
        revokedIds.clear();
        dmEvents.clear();
        tweets.clear();
        usersById.values().removeIf(u -> !accountIds.contains(u.id()));
        usersById.replaceAll((id, u) -> u.withAcceptsDirectMessages(true));
        idsByScreenName.values().removeIf(id -> !accountIds.contains(id));
        if (journal != null) {
            journal.replaceWith(snapshot());
        }
        mediaFiles.clear();
        mediaUploads.clear();
    }

    /**
     * Snowflake-like, as Twitter makes them: milliseconds since Twitter's epoch shifted left 22 bits, strictly
     * increasing. From the clock, not from the start, so ids go on growing across restarts; a persisted store also
     * starts above its highest id, in case the clock was set back.
     */
    synchronized long nextId() {
        long candidate = (clock.millis() - TWITTER_EPOCH_MILLIS) << 22;
        lastId = Math.max(lastId + 1, candidate);
        return lastId;
    }

    /** Writes the change to the file (if persisted) and then applies it. */
    private void change(StoreChange change) {
        if (journal != null) {
            journal.append(change);
        }
        apply(change);
    }

    /** Applies a change, made now or loaded from the file; loaded ids raise the counters past them. */
    private void apply(StoreChange change) {
        if (change instanceof UserSaved saved) {
            SandboxUser user = saved.user();
            SandboxUser before = usersById.put(user.id(), user);
            if (before != null) {
                idsByScreenName.remove(key(before.screenName()));
            }
            idsByScreenName.put(key(user.screenName()), user.id());
            if (!user.account()) {
                nextCustomerId = Math.max(nextCustomerId, user.id() + 1);
            }
        } else if (change instanceof FollowSet follow) {
            if (follow.following()) {
                follows.add(follow.followerId() + "->" + follow.followedId());
            } else {
                follows.remove(follow.followerId() + "->" + follow.followedId());
            }
        } else if (change instanceof UserDeactivated deactivated) {
            deactivatedIds.add(deactivated.userId());
        } else if (change instanceof DmStored stored) {
            DmEvent event = stored.event();
            dmEvents.add(event);
            lastId = Math.max(lastId, event.id());
        } else if (change instanceof TweetStored stored) {
            Tweet tweet = stored.tweet();
            tweets.put(tweet.id(), tweet);
            lastId = Math.max(lastId, tweet.id());
        } else if (change instanceof Counters counters) {
            lastId = Math.max(lastId, counters.lastId());
            nextCustomerId = Math.max(nextCustomerId, counters.nextCustomerId());
        }
    }

    /** The changes that rebuild the current state: the counters first, then users, follows, messages, tweets. */
    private List<StoreChange> snapshot() {
        List<StoreChange> changes = new ArrayList<>();
        changes.add(new Counters(lastId, nextCustomerId));
        usersById.values().forEach(u -> changes.add(new UserSaved(u)));
        deactivatedIds.forEach(id -> changes.add(new UserDeactivated(id)));
        follows.forEach(f -> {
            String[] ids = f.split("->");
            changes.add(new FollowSet(Long.parseLong(ids[0]), Long.parseLong(ids[1]), true));
        });
        dmEvents.forEach(e -> changes.add(new DmStored(e)));
        tweets.values().forEach(t -> changes.add(new TweetStored(t)));
        return changes;
    }

    Instant now() {
        return clock.instant();
    }

    private static String key(String screenName) {
        return screenName.toLowerCase(Locale.ROOT);
    }
}
