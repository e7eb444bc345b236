package io.twitterhelpdesk.sandbox;

/**
 * One attempt to POST to a V2 webhook.
 *
 * @param webhookId  the webhook
 * @param eventUuid  the event's {@code event_uuid}; null for a replay job's status message
 * @param eventType  the event's type; {@code replay_job_status} for a replay job's status message
 * @param attempt    1 for the first POST, 2.. for retries
 * @param httpStatus the receiver's status, -1 without an answer within 3 s
 * @param replay     whether it was sent by a replay job
 * @param body       the exact body that was signed and sent
 */
public record ActivityWebhookDelivery(String webhookId, String eventUuid, String eventType, int attempt,
                                      int httpStatus, boolean replay, String body) {
}
