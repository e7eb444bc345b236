package io.twitterhelpdesk.webhook;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.envelope.V2EnvelopeMapper;
import io.twitterhelpdesk.inbound.CustomerDirectory;
import io.twitterhelpdesk.inbound.PolledMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.TwitterException;
import twitter4j.TwitterObjectFactory;
import twitter4j.v1.DirectMessage;

/**
 * Reads one {@code message_create} DM event of the Account Activity shape, which both the Account Activity webhook
 * ({@code direct_message_events}) and the X Activity API ({@code dm.received}, {@code dm.sent}) push: the account's
 * own DMs and those our app sent are echoes; the sender comes from the body's {@code users} map (in any of its
 * shapes, see {@link V2EnvelopeMapper#customer}), else from {@code users/lookup}; a sender that no longer exists
 * marks the DM as such. An event that cannot be read is skipped with one WARN line; one whose sender X cannot be
 * asked about right now is a {@link SenderLookupUnavailableException}, tried again later.
 */
public final class DirectMessageEvents {

    private static final Logger LOG = LoggerFactory.getLogger(DirectMessageEvents.class);

    private final TwitterClients clients;
    private final CustomerDirectory customers;
    private final String ourAppId;

    public DirectMessageEvents(TwitterClients clients, CustomerDirectory customers, String ourAppId) {
        this.clients = clients;
        this.customers = customers;
        this.ourAppId = ourAppId;
    }

    /**
     * The DM for {@code account} (Twitter id {@code accountId}), empty when the event is not a DM to or from it; an
     * unreadable event is logged, reported to {@code skipped} and left out.
     */
    public Optional<PolledMessage> read(Account account, long accountId, JsonNode event, JsonNode users,
            String source, Runnable skipped) {
        try {
            if (!"message_create".equals(event.path("type").asText())) {
                return Optional.empty();
            }
            if (!event.path("message_create").path("message_data").path("text").isTextual()) {
                throw new IllegalArgumentException("DM event without message_create.message_data.text");
            }
            DirectMessage dm = TwitterObjectFactory.createDirectMessage(event.toString());
            if (dm.getId() <= 0 || dm.getSenderId() <= 0) {
                throw new IllegalArgumentException("DM event without a valid id or sender id");
            }
            String sourceApp = event.path("message_create").path("source_app_id").asText("");
            if (dm.getSenderId() == accountId || (!ourAppId.isEmpty() && ourAppId.equals(sourceApp))) {
                return Optional.of(PolledMessage.directMessage(account.name(), dm, PolledMessage.ECHO, null, source));
            }
            if (dm.getRecipientId() != accountId) {
                return Optional.empty();
            }
            CustomerRef customer = customerOf(account, dm.getSenderId(), users);
            return Optional.of(PolledMessage.directMessage(account.name(), dm,
                    customer == null ? PolledMessage.SENDER_GONE : null, customer, source));
        } catch (SenderLookupUnavailableException e) {
            throw e;
        } catch (TwitterException | RuntimeException e) {
            LOG.warn("Skipped direct_message_event {} for account {}: it could not be read ({})",
                    event.path("id").asText("without id"), account.name(), EventBodies.reason(e));
            skipped.run();
            return Optional.empty();
        }
    }

    private CustomerRef customerOf(Account account, long senderId, JsonNode users) throws TwitterException {
        String id = Long.toString(senderId);
        Optional<CustomerRef> inBody = V2EnvelopeMapper.customer(users.path(id), id);
        if (inBody.isPresent()) {
            return inBody.get();
        }
        try {
            return customers.find(clients, account, senderId);
        } catch (TwitterException e) {
            if (SenderLookupUnavailableException.passes(e)) {
                throw new SenderLookupUnavailableException("a DM from user " + id + " to account " + account.name(),
                        e);
            }
            throw e;
        }
    }
}
