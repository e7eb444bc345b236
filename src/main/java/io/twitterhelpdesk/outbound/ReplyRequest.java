package io.twitterhelpdesk.outbound;

/**
 * An agent's reply, as the helpdesk sends it (REST body or JMS text body). {@code accountId} (decimal digits) and
 * {@code mode} ({@code "dm"} or {@code "public"}) are optional and null when absent.
 */
public record ReplyRequest(String replyId, String conversationKey, String text, String accountId, String mode) {
}
