package io.twitterhelpdesk.outbound;

/**
 * An agent's reply, as the helpdesk sends it (REST body or JMS text body). {@code accountId} (decimal digits) and
 * {@code mode} ({@code "dm"}, {@code "public"} or {@code "proactive"}) are optional and null when absent.
 */
public record ReplyRequest(String replyId, String conversationKey, String text, String accountId, String mode) {

    public static final String PROACTIVE = "proactive";

    /** A DM the account starts with a customer who may never have written (conversationKey names both). */
    public boolean isProactive() {
        return PROACTIVE.equals(mode);
    }
}
