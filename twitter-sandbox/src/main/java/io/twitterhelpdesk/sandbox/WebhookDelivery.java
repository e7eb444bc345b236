package io.twitterhelpdesk.sandbox;

/**
 * One attempt to deliver an Account Activity event to the registered webhook.
 *
 * @param eventType  {@code direct_message_events} or {@code tweet_create_events}
 * @param forUserId  the company account the event is for ({@code for_user_id})
 * @param attempt    1 for the first POST, 2.. for retries
 * @param httpStatus the receiver's HTTP status, -1 when it gave no answer within 3 s or refused the connection
 * @param body       the exact JSON body that was signed and sent
 */
public record WebhookDelivery(String eventType, long forUserId, int attempt, int httpStatus, String body) {
}
