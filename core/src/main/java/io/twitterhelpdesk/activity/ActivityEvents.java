package io.twitterhelpdesk.activity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.cost.BillableUnit;
import io.twitterhelpdesk.cost.CostMeter;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.inbound.CustomerDirectory;
import io.twitterhelpdesk.inbound.PolledMessage;
import io.twitterhelpdesk.webhook.AccountsById;
import io.twitterhelpdesk.webhook.DirectMessageEvents;
import io.twitterhelpdesk.webhook.EventBodies;
import io.twitterhelpdesk.webhook.InvalidWebhookRequestException;
import io.twitterhelpdesk.webhook.UnknownWebhookAccountException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one X Activity API envelope (a webhook POST body or one line of the activity stream) into the same messages
 * the pollers and the Account Activity webhook produce, with the source it came by, so it takes the one inbound
 * pipeline (echo filter, dedup on {@code dm:<id>} / {@code tweet:<id>}, conversation, envelope, delivery):
 * <ul>
 * <li>{@code dm.received} / {@code dm.sent}: the Account Activity shaped DMs of the payload
 * ({@link DirectMessageEvents}); the account's own are echoes;</li>
 * <li>{@code post.mention.create} / {@code post.reply.create}: the v2 Post as a mention ({@link PostEvents});</li>
 * <li>{@code oauth.revoke}: told to the observer, no message; any other event type is acknowledged and ignored.</li>
 * </ul>
 * Only the channels the account has switched on are read. An envelope for a user that is not a configured account is
 * an {@link UnknownWebhookAccountException}; an envelope that cannot be read (or the stream's {@code errors}) an
 * {@link InvalidWebhookRequestException}; one unreadable DM or Post inside a valid envelope is skipped with a WARN
 * line and the others are kept.
 */
public final class ActivityEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ActivityEvents.class);
    private static final String UNREADABLE = "unreadable event";

    private final AccountsById accounts;
    private final DirectMessageEvents directMessages;
    private final PostEvents posts;
    private final ActivityObserver observer;
    private final CostMeter meter;

    public ActivityEvents(AccountRegistry accounts, TwitterClients clients, CustomerDirectory customers,
            String ourAppId, ActivityObserver observer) {
        this.accounts = new AccountsById(accounts, clients);
        this.directMessages = new DirectMessageEvents(clients, customers, ourAppId);
        this.posts = new PostEvents(clients, customers);
        this.observer = observer;
        this.meter = clients.meter();
    }

    /** @param source {@link PolledMessage#WEBHOOK} or {@link PolledMessage#STREAM} */
    public List<PolledMessage> parse(byte[] body, String source) {
        return parseObject(EventBodies.readObject(body), source);
    }

    /**
     * The messages of stream lines read one after the other, in that order. A line the pipeline cannot use (not an
     * envelope, not a configured account) is skipped with an INFO line, as a line alone would be: the others of its
     * batch go on.
     */
    public List<PolledMessage> parseLines(List<String> lines, String source) {
        List<PolledMessage> messages = new ArrayList<>();
        for (String line : lines) {
            try {
                messages.addAll(parse(line.getBytes(StandardCharsets.UTF_8), source));
            } catch (InvalidWebhookRequestException | UnknownWebhookAccountException unusable) {
                LOG.info("X Activity stream line skipped: {}", unusable.getMessage());
            }
        }
        return messages;
    }

    /** The same, for an envelope already read as a JSON object. */
    public List<PolledMessage> parseObject(JsonNode root, String source) {
        if (!PolledMessage.WEBHOOK.equals(source) && !PolledMessage.STREAM.equals(source)) {
            throw new IllegalArgumentException("source must be webhook or stream, was " + source);
        }
        ActivityEnvelope envelope = ActivityEnvelope.read(root);
        Optional<Account> account = accounts.find(envelope.userId());
        observer.received(account.map(Account::name).orElse(null), source, envelope.eventType());
        billed(account.map(Account::name).orElse(null), envelope);
        if (ActivityEnvelope.OAUTH_REVOKE.equals(envelope.eventType())) {
            return revoked(account, envelope, source);
        }
        Account to = account.orElseThrow(() -> accounts.unknown(envelope.userId(), "filter.user_id"));
        return switch (envelope.eventType()) {
            case "dm.received", "dm.sent" -> to.directMessagesEnabled() ? directMessages(to, envelope, source)
                    : ignored(source, envelope, "channel off");
            case "post.mention.create", "post.reply.create" -> to.mentionsEnabled()
                    ? mention(to, envelope, source) : ignored(source, envelope, "channel off");
            default -> ignored(source, envelope, "unknown event type");
        };
    }

    /**
     * What X bills for the event it delivered, to the subscription's user, whatever is made of it (a channel off, an
     * echo): a {@code dm.received} per DM event, a post event per post; {@code dm.sent} (the account's own) is not
     * billed. The same resource polled or pushed again the same UTC day is billed once.
     */
    private void billed(String account, ActivityEnvelope envelope) {
        String user = Long.toString(envelope.userId());
        switch (envelope.eventType()) {
            case "dm.received" -> envelope.payload().path("direct_message_events").forEach(event ->
                    meter.pushed(account, user, BillableUnit.DM_EVENT_READ, event.path("id").asText(null)));
            case "post.mention.create", "post.reply.create" ->
                    meter.pushed(account, user, BillableUnit.POST_READ, envelope.payload().path("id").asText(null));
            default -> {
            }
        }
    }

    private List<PolledMessage> directMessages(Account account, ActivityEnvelope envelope, String source) {
        if (!envelope.payload().path("direct_message_events").isArray()) {
            LOG.warn("Skipped {} event {} for account {}: its payload has no direct_message_events",
                    envelope.eventType(), envelope.eventUuid(), account.name());
            return ignored(source, envelope, UNREADABLE);
        }
        List<PolledMessage> out = new ArrayList<>();
        for (var event : envelope.payload().path("direct_message_events")) {
            directMessages.read(account, envelope.userId(), event, envelope.payload().path("users"), source,
                    () -> observer.ignored(source, envelope.eventType(), UNREADABLE)).ifPresent(out::add);
        }
        return out;
    }

    private List<PolledMessage> mention(Account account, ActivityEnvelope envelope, String source) {
        return posts.read(account, envelope.userId(), envelope.eventType(), envelope.payload(), envelope.includes(),
                source, () -> observer.ignored(source, envelope.eventType(), UNREADABLE)).stream().toList();
    }

    private List<PolledMessage> revoked(Optional<Account> account, ActivityEnvelope envelope, String source) {
        if (account.isEmpty()) {
            return ignored(source, envelope, "not a configured account");
        }
        LOG.warn("The user of account {} revoked the app's access (oauth.revoke): its DMs and mentions stop until it "
                + "authorises the app again", account.get().name());
        observer.revoked(account.get().name());
        return List.of();
    }

    private List<PolledMessage> ignored(String source, ActivityEnvelope envelope, String reason) {
        LOG.debug("Ignored {} event {} ({}): {}", envelope.eventType(), envelope.eventUuid(), source, reason);
        observer.ignored(source, envelope.eventType(), reason);
        return List.of();
    }
}
