package io.twitterhelpdesk.webhook;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.account.TwitterClients;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.inbound.CustomerDirectory;
import io.twitterhelpdesk.inbound.PolledMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.TwitterException;
import twitter4j.TwitterObjectFactory;
import twitter4j.v1.DirectMessage;
import twitter4j.v1.Status;
import twitter4j.v1.UserMentionEntity;

/**
 * Reads an Account Activity webhook body into the same messages the pollers produce (source {@code webhook}):
 * {@code direct_message_events} (sender names from the body's {@code users} map) and {@code tweet_create_events}
 * that mention the account, for the channels the account has switched on. The account's own DMs and tweets are
 * marked as echoes. An event the connector cannot
 * read is skipped with a WARN line without losing the other events of the body; other event kinds (favorites,
 * follows, typing, read receipts, deletes, revokes) are acknowledged and ignored.
 */
public final class AccountActivityEvents {

    /** What Twitter allows in a screen name; anything else in a payload is not taken as one. */
    private static final java.util.regex.Pattern SCREEN_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_]{1,15}");

    private static final Logger LOG = LoggerFactory.getLogger(AccountActivityEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> READ = Set.of("for_user_id", "direct_message_events", "tweet_create_events",
            "users", "apps", "user_has_blocked", "source");

    private final AccountRegistry accounts;
    private final TwitterClients clients;
    private final CustomerDirectory customers;
    private final String ourAppId;
    private final Set<String> unknownAccountsLogged = ConcurrentHashMap.newKeySet();
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
        this.accounts = accounts;
        this.clients = clients;
        this.customers = customers;
        this.ourAppId = ourAppId;
    }

    public List<PolledMessage> parse(byte[] body) {
        JsonNode root = readObject(body);
        String forUserId = root.path("for_user_id").asText("");
        if (!forUserId.matches("[0-9]{1,20}")) {
            throw new InvalidWebhookRequestException("missing_for_user_id", "The event has no numeric for_user_id");
        }
        Account account = accountWithId(Long.parseLong(forUserId));
        heard.accept(account.name());
        long accountId = Long.parseLong(forUserId);
        List<PolledMessage> out = new ArrayList<>();
        if (account.directMessagesEnabled()) {
            for (JsonNode event : root.path("direct_message_events")) {
                directMessage(account, accountId, event, root.path("users")).ifPresent(out::add);
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

    private Optional<PolledMessage> directMessage(Account account, long accountId, JsonNode event,
            JsonNode users) {
        try {
            if (!"message_create".equals(event.path("type").asText())) {
                return Optional.empty();
            }
            DirectMessage dm = TwitterObjectFactory.createDirectMessage(event.toString());
            if (dm.getId() <= 0 || dm.getSenderId() <= 0) {
                throw new IllegalArgumentException("DM event without a valid id or sender id");
            }
            String sourceApp = event.path("message_create").path("source_app_id").asText("");
            if (dm.getSenderId() == accountId || (!ourAppId.isEmpty() && ourAppId.equals(sourceApp))) {
                return Optional.of(PolledMessage.directMessage(account.name(), dm, PolledMessage.ECHO, null,
                        PolledMessage.WEBHOOK));
            }
            if (dm.getRecipientId() != accountId) {
                return Optional.empty();
            }
            CustomerRef customer = customerOf(account, dm.getSenderId(), users);
            return Optional.of(PolledMessage.directMessage(account.name(), dm,
                    customer == null ? PolledMessage.SENDER_GONE : null, customer, PolledMessage.WEBHOOK));
        } catch (TwitterException | RuntimeException e) {
            LOG.warn("Skipped direct_message_event {} for account {}: it could not be read ({}: {})",
                    event.path("id").asText("without id"), account.name(), e.getClass().getSimpleName(),
                    abbreviate(String.valueOf(e.getMessage())));
            return Optional.empty();
        }
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
            LOG.warn("Skipped tweet_create_event {} for account {}: it could not be read ({}: {})",
                    event.path("id_str").asText(event.path("id").asText("without id")), account.name(),
                    e.getClass().getSimpleName(), abbreviate(String.valueOf(e.getMessage())));
            return Optional.empty();
        }
    }

    /** The sender from the body's users map; when it is missing there, from the API (users/lookup). */
    private CustomerRef customerOf(Account account, long senderId, JsonNode users) throws TwitterException {
        JsonNode user = users.path(Long.toString(senderId));
        String screenName = user.path("screen_name").asText("");
        if (SCREEN_NAME.matcher(screenName).matches()) {
            String name = user.path("name").isTextual() ? user.path("name").asText() : null;
            return new CustomerRef(Long.toString(senderId), screenName, name);
        }
        return customers.resolve(clients.client(account.name()), List.of(senderId)).get(senderId);
    }

    private Account accountWithId(long id) {
        for (Account account : accounts.all()) {
            try {
                if (clients.accountId(account.name()) == id) {
                    return account;
                }
            } catch (TwitterException e) {
                LOG.warn("Could not ask Twitter for the id of account {}: {}", account.name(), e.getMessage());
            }
        }
        if (unknownAccountsLogged.add(Long.toString(id))) {
            LOG.warn("Webhook event for Twitter user {}, which is not a configured account: refused", id);
        }
        throw new UnknownWebhookAccountException("for_user_id " + id + " is not one of the connector's accounts");
    }

    private static JsonNode readObject(byte[] body) {
        try {
            JsonNode root = body == null || body.length == 0 ? null : JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw new InvalidWebhookRequestException("malformed_json", "The body is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new InvalidWebhookRequestException("malformed_json", "The body is not valid JSON");
        }
    }

    private static String abbreviate(String s) {
        String line = s.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
