package io.twitterhelpdesk.alert;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * An account health event, published as JSON on the alerts queue next to the silent-channel events:
 * <pre>
 * {"type":"account_unhealthy","account":"acme_support","accountId":"42","reason":"credentials_refused",
 *  "message":"Twitter refuses the account's credentials: HTTP 401 Invalid or expired token.","at":"2026-11-22T07:00:30Z"}
 * {"type":"account_recovered","account":"acme_support","accountId":"42","reason":"credentials_refused",
 *  "message":"Twitter accepts the account's credentials again","at":"2026-11-22T07:15:30Z"}
 * </pre>
 * {@code reason} names what was wrong (today only {@code credentials_refused}); {@code accountId} is left out while
 * the account's Twitter id is unknown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "account", "accountId", "reason", "message", "at"})
public record AccountAlert(
        String type,
        String account,
        String accountId,
        String reason,
        String message,
        @JsonSerialize(using = ToStringSerializer.class) Instant at) {

    public static final String UNHEALTHY = "account_unhealthy";
    public static final String RECOVERED = "account_recovered";
    public static final String CREDENTIALS_REFUSED = "credentials_refused";

    /** The log line an operator reads. */
    @JsonIgnore
    public String summary() {
        String which = "account " + account + (accountId == null ? "" : " (" + accountId + ")");
        return (UNHEALTHY.equals(type) ? "Unhealthy " : "Recovered ") + which + ": " + message;
    }
}
