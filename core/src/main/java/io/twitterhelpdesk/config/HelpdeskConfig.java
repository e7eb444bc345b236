package io.twitterhelpdesk.config;

import java.time.Duration;
import java.util.Optional;

import org.apache.camel.PropertyInject;

/**
 * One HTTP helpdesk's keys, under {@code helpdesk.http.<name>.} (docs/http-helpdesks.md). A key a helpdesk does
 * not set is read under {@link #DEFAULTS}, where application.properties states every default once; the keys without
 * a default (URLs, credentials, trust store, status check) are {@link Optional} or read by the part that needs
 * them ({@code delivery.HelpdeskAuth}, {@code delivery.AttachmentOptions}). Defaults that depend on the helpdesk
 * (its queue, its dead-letter queue, the append template) are stated where they are used.
 */
public final class HelpdeskConfig {

    /** Where the defaults of every helpdesk's keys are. */
    public static final String DEFAULTS = "helpdesk.http.default.";

    @PropertyInject("queue")
    private Optional<String> queue;
    @PropertyInject("create.url")
    private Optional<String> createUrl;
    @PropertyInject("create.method")
    private String createMethod;
    @PropertyInject("create.template")
    private String createTemplate;
    @PropertyInject("append.url")
    private Optional<String> appendUrl;
    @PropertyInject("append.method")
    private String appendMethod;
    @PropertyInject("append.template")
    private Optional<String> appendTemplate;
    @PropertyInject("ticket-id-path")
    private String ticketIdPath;
    @PropertyInject("gone-statuses")
    private String goneStatuses;
    @PropertyInject("headers")
    private String headers;
    @PropertyInject("idempotency-header")
    private String idempotencyHeader;
    @PropertyInject("connect-timeout")
    private Duration connectTimeout;
    @PropertyInject("response-timeout")
    private Duration responseTimeout;
    @PropertyInject("trust-store")
    private Optional<String> trustStore;
    @PropertyInject("trust-store-password")
    private String trustStorePassword;
    @PropertyInject("trust-store-type")
    private String trustStoreType;
    @PropertyInject("dead-letter-queue")
    private Optional<String> deadLetterQueue;
    @PropertyInject("probe-url")
    private Optional<String> probeUrl;
    @PropertyInject("status.url")
    private Optional<String> statusUrl;
    @PropertyInject("status.path")
    private Optional<String> statusPath;
    @PropertyInject("status.closed-values")
    private Optional<String> statusClosedValues;
    @PropertyInject("on-start-failure")
    private String onStartFailure;
    @PropertyInject("retry.initial-delay")
    private Duration retryInitialDelay;
    @PropertyInject("retry.multiplier")
    private String retryMultiplier;
    @PropertyInject("retry.max-delay")
    private Duration retryMaxDelay;
    @PropertyInject("retry.give-up-after")
    private Duration retryGiveUpAfter;
    @PropertyInject("retry.probe-interval")
    private Duration retryProbeInterval;
    @PropertyInject("auth.type")
    private String authType;
    @PropertyInject("attachments.mode")
    private String attachmentsMode;
    @PropertyInject("attachments.multipart.field")
    private String attachmentsMultipartField;
    @PropertyInject("attachments.max-bytes")
    private String attachmentsMaxBytes;
    @PropertyInject("attachments.fetch-timeout")
    private Duration attachmentsFetchTimeout;

    /** The queue the helpdesk is fed from; absent: {@code inbound.queue}. */
    public Optional<String> queue() {
        return queue;
    }

    public Optional<String> createUrl() {
        return createUrl;
    }

    public String createMethod() {
        return createMethod;
    }

    public String createTemplate() {
        return createTemplate;
    }

    public Optional<String> appendUrl() {
        return appendUrl;
    }

    public String appendMethod() {
        return appendMethod;
    }

    /** The append call's template; absent: the create template. */
    public Optional<String> appendTemplate() {
        return appendTemplate;
    }

    public String ticketIdPath() {
        return ticketIdPath;
    }

    /** Comma-separated HTTP statuses, as written. */
    public String goneStatuses() {
        return goneStatuses;
    }

    /** Extra headers, {@code Name: value; Other: value}, as written. */
    public String headers() {
        return headers;
    }

    /** The header carrying the envelope id; empty: none. */
    public String idempotencyHeader() {
        return idempotencyHeader;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    public Optional<String> trustStore() {
        return trustStore;
    }

    public String trustStorePassword() {
        return trustStorePassword;
    }

    public String trustStoreType() {
        return trustStoreType;
    }

    /** Where refused messages are parked; absent: {@code helpdesk.<name>.dead-letters}. */
    public Optional<String> deadLetterQueue() {
        return deadLetterQueue;
    }

    public Optional<String> probeUrl() {
        return probeUrl;
    }

    /** Where a ticket's status is asked before an append; absent: it is not asked. */
    public Optional<String> statusUrl() {
        return statusUrl;
    }

    public Optional<String> statusPath() {
        return statusPath;
    }

    /** Comma-separated, as written. */
    public Optional<String> statusClosedValues() {
        return statusClosedValues;
    }

    /** {@code refuse} or {@code down}, as written. */
    public String onStartFailure() {
        return onStartFailure;
    }

    public Duration retryInitialDelay() {
        return retryInitialDelay;
    }

    /** As written: a number of at least 1 ({@code delivery.HelpdeskRetries} checks it). */
    public String retryMultiplier() {
        return retryMultiplier;
    }

    public Duration retryMaxDelay() {
        return retryMaxDelay;
    }

    public Duration retryGiveUpAfter() {
        return retryGiveUpAfter;
    }

    public Duration retryProbeInterval() {
        return retryProbeInterval;
    }

    /** none, bearer, basic, api-key or header, as written. */
    public String authType() {
        return authType;
    }

    /** none, upload, multipart or inline, as written. */
    public String attachmentsMode() {
        return attachmentsMode;
    }

    public String attachmentsMultipartField() {
        return attachmentsMultipartField;
    }

    /** As written, e.g. 20MB ({@code delivery.AttachmentOptions} checks it). */
    public String attachmentsMaxBytes() {
        return attachmentsMaxBytes;
    }

    public Duration attachmentsFetchTimeout() {
        return attachmentsFetchTimeout;
    }
}
