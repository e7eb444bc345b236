package io.twitterhelpdesk.outbound;

import java.util.Optional;

import io.twitterhelpdesk.conversation.ConversationKey;
import io.twitterhelpdesk.state.ConversationStore;
import io.twitterhelpdesk.state.ReplyLedger;

/**
 * The REST side's synchronous checks before a reply is queued: a JSON body that parses into a valid request, a
 * conversation the connector knows, an account it runs, inline media within {@link MediaRules} (media named by URL
 * is fetched by the sender). A replyId seen before answers with its first outcome instead of queueing again.
 */
public final class ReplyIntake {

    private final ReplyLedger ledger;
    private final ConversationStore conversations;
    private final KnownAccounts accounts;
    private final MediaRules media;

    public ReplyIntake(ReplyLedger ledger, ConversationStore conversations, KnownAccounts accounts, MediaRules media) {
        this.ledger = ledger;
        this.conversations = conversations;
        this.accounts = accounts;
        this.media = media;
    }

    /** A request that passed the checks, or the stored status of an earlier one with the same replyId. */
    public record Accepted(ReplyRequest request, String json, ReplyStatus earlier) {
    }

    public Accepted check(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidReplyException("empty_body", "The request body is empty: send a JSON reply request");
        }
        ReplyRequest request = ReplyRequestParser.parse(body);
        Optional<ReplyStatus> earlier = ledger.reply(request.replyId()).map(ReplyProcessor::toStatus);
        if (earlier.isPresent()) {
            return new Accepted(request, body, earlier.get());
        }
        media.checkRequest(request.media());
        if (request.accountId() != null && !accounts.isKnown(Long.parseLong(request.accountId()))) {
            throw new UnknownConversationException("unknown_account",
                    "accountId " + request.accountId() + " is not one of the connector's accounts");
        }
        ConversationKey key = ConversationKey.parse(request.conversationKey());
        if (request.isProactive()) {
            // the customer may never have written: the key must name one of the accounts, Twitter decides the rest
            if (!accounts.isKnown(key.accountId())) {
                throw new UnknownConversationException("unknown_account", "Account " + key.accountId() + " of "
                        + request.conversationKey() + " is not one of the connector's accounts");
            }
            return new Accepted(request, body, null);
        }
        boolean known = key.kind() == ConversationKey.Kind.DM
                ? !conversations.dmContacts(key.customerId()).isEmpty()
                : conversations.thread(key.rootId()).isPresent();
        if (!known) {
            throw new UnknownConversationException("unknown_conversation", "No customer message is known for "
                    + "conversation " + request.conversationKey() + ": the customer has to write first");
        }
        return new Accepted(request, body, null);
    }

    /**
     * Records the reply as queued once it is on the reply queue (unless the queue's consumer was quicker) and
     * answers the 202's body: queued, whatever happened since; the outcome comes as a status event.
     */
    public ReplyStatus queued(ReplyRequest request) {
        ledger.accepted(request.replyId(), request.conversationKey());
        return ReplyStatus.queued(request.replyId());
    }
}
