package io.twitterhelpdesk.activity;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.envelope.V2EnvelopeMapper;
import io.twitterhelpdesk.inbound.CustomerDirectory;
import io.twitterhelpdesk.inbound.PolledMessage;
import io.twitterhelpdesk.inbound.PolledMessage.V2Item;
import io.twitterhelpdesk.webhook.EventBodies;
import io.twitterhelpdesk.webhook.SenderLookupUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.TwitterException;

/**
 * Reads the v2 Post of a {@code post.mention.create} or {@code post.reply.create} event into a mention, as the v2
 * mention poller builds them: the Post with the event's {@code includes}, its author from {@code includes.users}
 * (else from {@code users/lookup}), the account's own Post as an echo. A Post without a valid id, author, text or
 * creation time is skipped with one WARN line; one whose author X cannot be asked about right now is a
 * {@link SenderLookupUnavailableException}, tried again later.
 */
final class PostEvents {

    private static final Logger LOG = LoggerFactory.getLogger(PostEvents.class);

    private final TwitterClients clients;
    private final CustomerDirectory customers;

    PostEvents(TwitterClients clients, CustomerDirectory customers) {
        this.clients = clients;
        this.customers = customers;
    }

    Optional<PolledMessage> read(Account account, long accountId, String eventType, JsonNode post,
            JsonNode includes, String source, Runnable skipped) {
        try {
            checkReadable(post);
            V2Item item = new V2Item(post, includes);
            long author = EventBodies.id(post.path("author_id")).getAsLong();
            if (author == accountId) {
                return Optional.of(PolledMessage.v2Mention(account.name(), item, PolledMessage.ECHO, null, source));
            }
            CustomerRef customer = V2EnvelopeMapper.user(includes, Long.toString(author)).orElse(null);
            if (customer == null) {
                customer = lookUp(account, author, post);
            }
            return Optional.of(PolledMessage.v2Mention(account.name(), item,
                    customer == null ? PolledMessage.SENDER_GONE : null, customer, source));
        } catch (SenderLookupUnavailableException e) {
            throw e;
        } catch (TwitterException | RuntimeException e) {
            LOG.warn("Skipped {} post {} for account {}: it could not be read ({})", eventType,
                    post.path("id").asText("without id"), account.name(), EventBodies.reason(e));
            skipped.run();
            return Optional.empty();
        }
    }

    /** The author from users/lookup; X's passing failure (5xx, 429, no answer) refuses the event for now. */
    private CustomerRef lookUp(Account account, long author, JsonNode post) throws TwitterException {
        try {
            return customers.find(clients, account, author);
        } catch (TwitterException e) {
            if (SenderLookupUnavailableException.passes(e)) {
                throw new SenderLookupUnavailableException("post " + post.path("id").asText() + " of account "
                        + account.name(), e);
            }
            throw e;
        }
    }

    private static void checkReadable(JsonNode post) {
        if (EventBodies.id(post.path("id")).isEmpty() || EventBodies.id(post.path("author_id")).isEmpty()) {
            throw new IllegalArgumentException("Post without a valid id or author_id");
        }
        if (!post.path("text").isTextual()) {
            throw new IllegalArgumentException("Post without text");
        }
        try {
            Instant.parse(post.path("created_at").asText(""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Post without a valid created_at");
        }
    }
}
