package io.twitterhelpdesk.alert;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * A silent-channel event, published as JSON on the alerts queue:
 * <pre>
 * {"type":"channel_silent","account":"acme_support","accountId":"42","channel":"dm",
 *  "silentSince":"2026-11-22T01:00:00Z","threshold":"PT6H","at":"2026-11-22T07:00:30Z"}
 * {"type":"channel_resumed","account":"acme_support","accountId":"42","channel":"dm",
 *  "silentSince":"2026-11-22T01:00:00Z","threshold":"PT6H","resumedAt":"2026-11-22T09:12:05Z","at":"2026-11-22T09:13:00Z"}
 * </pre>
 * Instants are ISO-8601 UTC, the threshold an ISO-8601 duration; {@code accountId} is left out while the account's
 * Twitter id is unknown, {@code resumedAt} in a {@code channel_silent} event.
 *
 * @param silentSince the last message delivered before the silence (or when the connector started watching)
 * @param resumedAt   when the connector delivered the newest message the check found after the silence
 * @param at          when the check noticed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "account", "accountId", "channel", "silentSince", "threshold", "resumedAt", "at"})
public record ChannelAlert(
        String type,
        String account,
        String accountId,
        String channel,
        @JsonSerialize(using = ToStringSerializer.class) Instant silentSince,
        @JsonSerialize(using = ToStringSerializer.class) Duration threshold,
        @JsonSerialize(using = ToStringSerializer.class) Instant resumedAt,
        @JsonSerialize(using = ToStringSerializer.class) Instant at) {

    public static final String SILENT = "channel_silent";
    public static final String RESUMED = "channel_resumed";

    /** The log line an operator reads. */
    @JsonIgnore
    public String summary() {
        String which = channel + " of account " + account + (accountId == null ? "" : " (" + accountId + ")");
        if (SILENT.equals(type)) {
            return "Silent channel: no message on " + which + " since " + silentSince + ", longer than " + threshold;
        }
        return "Channel resumed: messages on " + which + " again at " + resumedAt + ", silent since " + silentSince;
    }
}
