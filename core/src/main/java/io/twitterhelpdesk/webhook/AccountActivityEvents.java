package io.twitterhelpdesk.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.inbound.CustomerDirectory;
import io.twitterhelpdesk.inbound.PolledMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.TwitterException;
import twitter4j.TwitterObjectFactory;
import twitter4j.v1.Status;
import twitter4j.v1.UserMentionEntity;

/**
 * Reads an Account Activity webhook body into the same messages the pollers produce (source {@code webhook}):
 * {@code direct_message_events} (read by {@link DirectMessageEvents}) and {@code tweet_create_events}
 * that mention the account, for the channels the account has switched on. The account's own DMs and tweets are
 * marked as echoes. An event the connector cannot
 * read is skipped with a WARN line without losing the other events of the body; other event kinds (favorites,
 * follows, typing, read receipts, deletes, revokes) are acknowledged and ignored.
 */
public final class AccountActivityEvents {

    /** What Twitter allows in a screen name; anything else in a payload is not taken as one. */
    private static final java.util.regex.Pattern SCREEN_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_]{1,15}");

    private static final Logger LOG = LoggerFactory.getLogger(AccountActivityEvents.class);
    private static final Set<String> READ = Set.of("for_user_id", "direct_message_events", "tweet_create_events",
            "users", "apps", "user_has_blocked", "source");

    private final AccountsById accounts;
    private final DirectMessageEvents directMessages;
    private final Map<String, Long> ignoredEvents = new ConcurrentHashMap<>();
    private final Consumer<String> heard;

    public AccountActivityEvents(AccountRegistry accounts, TwitterClients clients, CustomerDirectory customers,
            String ourAppId) {
        this(accounts, clients, customers, ourAppId, account -> { });
    }

    /** With {@code heard} told the account name of every body read (the health check's last webhook). */
    public AccountActivityEvents(AccountRegistry accounts, TwitterClients clients, CustomerDirectory customers,
            String ourAppId, Consumer<String> heard) {
        this.heard = heard;
        this.accounts = new AccountsById(accounts, clients);
        this.directMessages = new DirectMessageEvents(clients, customers, ourAppId);
    }

    public List<PolledMessage> parse(byte[] body) {
        return parseObject(EventBodies.readObject(body));
    }

    /** The same, for a body already read as a JSON object. */
    public List<PolledMessage> parseObject(JsonNode root) {
        long accountId = EventBodies.id(root.path("for_user_id")).orElseThrow(() ->
                new InvalidWebhookRequestException("missing_for_user_id",
                        "The event has no numeric for_user_id (Account Activity API) and no data object (X Activity API)"));
        Account account = accounts.require(accountId, "for_user_id");
        heard.accept(account.name());
        List<PolledMessage> out = new ArrayList<>();
        if (account.directMessagesEnabled()) {
            for (JsonNode event : root.path("direct_message_events")) {
                directMessages.read(account, accountId, event, root.path("users"), PolledMessage.WEBHOOK,
                        () -> { }).ifPresent(out::add);
            }
        }
        if (account.mentionsEnabled()) {
            for (JsonNode event : root.path("tweet_create_events")) {
                tweet(account, accountId, event).ifPresent(out::add);
            }
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!READ.contains(name)) {
                ignoredEvents.merge(name, 1L, Long::sum);
                LOG.debug("Ignored webhook event kind {} for account {}", name, account.name());
            }
        });
        return out;
    }

    /** How many events of each kind the connector acknowledged and ignored, since start. */
    public Map<String, Long> ignoredEventCounts() {
        return Map.copyOf(ignoredEvents);
    }

    private Optional<PolledMessage> tweet(Account account, long accountId, JsonNode event) {
        try {
            Status status = TwitterObjectFactory.createStatus(event.toString());
            if (status.getUser() == null || status.getId() <= 0 || status.getUser().getId() <= 0) {
                throw new IllegalArgumentException("tweet without a valid id or user");
            }
            if (status.getUser().getScreenName() == null
                    || !SCREEN_NAME.matcher(status.getUser().getScreenName()).matches()) {
                throw new IllegalArgumentException("tweet whose author has no valid screen name");
            }
            if (status.getUser().getId() == accountId) {
                return Optional.of(PolledMessage.mention(account.name(), status, PolledMessage.ECHO,
                        PolledMessage.WEBHOOK));
            }
            boolean mentionsUs = status.getInReplyToUserId() == accountId;
            for (UserMentionEntity m : status.getUserMentionEntities()) {
                mentionsUs |= m.getId() == accountId;
            }
            return mentionsUs ? Optional.of(PolledMessage.mention(account.name(), status, null,
                    PolledMessage.WEBHOOK)) : Optional.empty();
        } catch (TwitterException | RuntimeException e) {
            LOG.warn("Skipped tweet_create_event {} for account {}: it could not be read ({})",
                    event.path("id_str").asText(event.path("id").asText("without id")), account.name(),
                    EventBodies.reason(e));
            return Optional.empty();
        }
    }
}
