package io.twitterhelpdesk.outbound;

/**
 * An agent's reply, as the helpdesk sends it (REST body or JMS text body). {@code accountId} (decimal digits),
 * {@code mode} ({@code "dm"}, {@code "public"} or {@code "proactive"}) and {@code media} are optional and null when
 * absent.
 */
public record ReplyRequest(String replyId, String conversationKey, String text, String accountId, String mode,
                           ReplyMedia media) {

    public ReplyRequest(String replyId, String conversationKey, String text, String accountId, String mode) {
        this(replyId, conversationKey, text, accountId, mode, null);
    }

    public static final String PROACTIVE = "proactive";

    /** A DM the account starts with a customer who may never have written (conversationKey names both). */
    public boolean isProactive() {
        return PROACTIVE.equals(mode);
    }
}
