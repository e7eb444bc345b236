package io.twitterhelpdesk.cost;

import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * A daily spend cap event (docs/operations.md "The daily spend cap"). {@code spend_cap_reached} and
 * {@code spend_cap_lifted} (the UTC day of a reached cap has ended) go out as JSON on the alerts queue:
 * <pre>
 * {"type":"spend_cap_reached","account":"acme_support","day":"2026-12-06","cap":"5.00","spent":"5.015",
 *  "currency":"USD","message":"...","at":"2026-12-06T17:02:11Z"}
 * </pre>
 * {@code account} is left out for the global cap ({@code cost.daily-cap}). {@code spend_cap_warning} (80 % of the cap
 * spent) is a WARN line only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "account", "day", "cap", "spent", "currency", "message", "at"})
public record SpendCapAlert(
        String type,
        String account,
        @JsonSerialize(using = ToStringSerializer.class) LocalDate day,
        @JsonSerialize(using = ToStringSerializer.class) java.math.BigDecimal cap,
        @JsonSerialize(using = ToStringSerializer.class) java.math.BigDecimal spent,
        String currency,
        String message,
        @JsonSerialize(using = ToStringSerializer.class) Instant at) {

    public static final String WARNING = "spend_cap_warning";
    public static final String REACHED = "spend_cap_reached";
    public static final String LIFTED = "spend_cap_lifted";

    /** Whether it goes on the alerts queue (the 80 % warning is a log line only). */
    @JsonIgnore
    public boolean isAlert() {
        return !WARNING.equals(type);
    }

    /** The log line an operator reads. */
    @JsonIgnore
    public String summary() {
        return message;
    }
}
