package io.twitterhelpdesk.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.twitterhelpdesk.conversation.ConversationLifecycle;

/**
 * A helpdesk reports that one of its tickets is closed (its automation calls
 * {@code POST /api/v1/helpdesks/{helpdesk}/tickets/{ticketId}/close} with the ticket id it knows): the ticket is
 * marked closed, so nothing is appended to it again, and if it is the ticket of the customer's current conversation
 * that conversation ends, so the customer's next message opens a new conversation and a new ticket.
 */
public final class TicketClosing {

    private final HelpdeskTickets tickets;
    private final ConversationLifecycle conversations;

    public TicketClosing(HelpdeskTickets tickets, ConversationLifecycle conversations) {
        this.tickets = tickets;
        this.conversations = conversations;
    }

    /**
     * {@code {"helpdesk","ticketId","conversationKey","conversationId","status":"closed","conversationClosed"}};
     * empty when the connector never created that ticket in that helpdesk.
     */
    public Optional<Map<String, Object>> close(String helpdesk, String ticketId) {
        Optional<String> ticketKey = tickets.conversationOfTicket(helpdesk, ticketId);
        if (ticketKey.isEmpty()) {
            return Optional.empty();
        }
        // the ticket's key is the conversationId (<conversationKey>@<envelope id>), or the key for older tickets
        String conversationId = ticketKey.get();
        int at = conversationId.indexOf('@');
        String conversationKey = at < 0 ? conversationId : conversationId.substring(0, at);
        tickets.closed(helpdesk, conversationId, ticketId);
        boolean current = at < 0 || conversations.currentConversationId(conversationKey)
                .map(conversationId::equals).orElse(false);
        boolean closedNow = current && conversations.close(conversationKey).map(c -> !c.alreadyClosed()).orElse(false);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("helpdesk", helpdesk);
        result.put("ticketId", ticketId);
        result.put("conversationKey", conversationKey);
        result.put("conversationId", at < 0 ? null : conversationId);
        result.put("status", "closed");
        result.put("conversationClosed", closedNow);
        return Optional.of(result);
    }
}
