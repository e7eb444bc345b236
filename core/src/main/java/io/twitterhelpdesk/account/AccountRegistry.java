package io.twitterhelpdesk.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.apache.camel.util.TimeUtils;

/**
 * The configured company accounts, read and validated once at start from properties:
 *
 * <pre>
 * twitter.accounts=acme_support,acme_sales
 * twitter.account.acme_support.screen-name=acme_support
 * twitter.account.acme_support.consumer-key=...   (and consumer-secret, access-token, access-token-secret)
 * twitter.account.acme_support.dm-enabled=true      (optional switches, delays and inboxes)
 * twitter.account.acme_support.dm-silence-alert=6h  (optional: alert when a channel has no message for 6 hours)
 * twitter.account.acme_support.api=v2               (optional: v1.1, the default, or v2)
 * twitter.account.acme_support.auth=oauth2          (optional, v2 only: oauth2-client-id, oauth2-refresh-token, ...)
 * </pre>
 *
 * A missing or malformed entry stops the start with an {@link AccountConfigurationException} naming the key.
 */
public final class AccountRegistry {

    public static final String ACCOUNTS_KEY = "twitter.accounts";
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,50}");
    private static final Pattern SCREEN_NAME = Pattern.compile("[A-Za-z0-9_]{1,15}");

    private final Map<String, Account> accounts;

    private AccountRegistry(Map<String, Account> accounts) {
        this.accounts = accounts;
    }

    /**
     * Reads every account from a property source (Camel's properties component in the application, so
     * environment variables override each key).
     */
    public static AccountRegistry load(Function<String, Optional<String>> properties) {
        Reader in = new Reader(properties);
        String list = in.required(ACCOUNTS_KEY);
        Map<String, Account> accounts = new LinkedHashMap<>();
        for (String raw : list.split(",")) {
            String name = raw.trim();
            if (!NAME.matcher(name).matches()) {
                throw new AccountConfigurationException(ACCOUNTS_KEY + " has a malformed account name '" + name
                        + "': use lower-case letters, digits and '_' (it becomes part of property and env keys)");
            }
            if (accounts.containsKey(name)) {
                throw new AccountConfigurationException(ACCOUNTS_KEY + " lists account '" + name + "' twice");
            }
            accounts.put(name, in.account(name));
        }
        return new AccountRegistry(accounts);
    }

    public Collection<Account> all() {
        return accounts.values();
    }

    public Account get(String name) {
        Account account = accounts.get(name);
        if (account == null) {
            throw new IllegalArgumentException("No account named '" + name + "' in " + ACCOUNTS_KEY);
        }
        return account;
    }

    /** Property lookups with defaults and errors that name the key (and its environment variable). */
    private static final class Reader {
        private final Function<String, Optional<String>> properties;

        Reader(Function<String, Optional<String>> properties) {
            this.properties = properties;
        }

        Account account(String name) {
            String p = "twitter.account." + name + ".";
            String screenName = required(p + "screen-name");
            if (!SCREEN_NAME.matcher(screenName).matches()) {
                throw new AccountConfigurationException(p + "screen-name '" + screenName
                        + "' is not a Twitter screen name (1-15 letters, digits or '_', without '@')");
            }
            ApiVersion api = api(p + "api");
            OAuth2Credentials oauth2 = oauth2(p, api);
            Ingestion ingestion = ingestion(p + "ingestion");
            // OAuth 1.0a credentials: always for OAuth 1.0a; with OAuth 2.0 the webhook still needs the app's secret
            boolean oauth1 = oauth2 == null;
            return new Account(name,
                    oauth1 ? required(p + "consumer-key") : optional(p + "consumer-key").orElse(null),
                    oauth1 || ingestion.webhook() ? required(p + "consumer-secret") : optional(p + "consumer-secret").orElse(null),
                    oauth1 ? required(p + "access-token") : null,
                    oauth1 ? required(p + "access-token-secret") : null,
                    screenName,
                    bool(p + "dm-enabled", true), bool(p + "mentions-enabled", true), ingestion,
                    duration(p + "dm-poll-delay", duration("inbound.dm.poll-delay", 60_000)),
                    duration(p + "mention-poll-delay", duration("inbound.mention.poll-delay", 15_000)),
                    optional(p + "dm-inbox").orElseGet(() -> optional("inbound.inbox.direct-message").orElse("support")),
                    optional(p + "mention-inbox").orElseGet(() -> optional("inbound.inbox.mention").orElse("support")),
                    silenceAlert(p + "dm-silence-alert", "inbound.dm.silence-alert"),
                    silenceAlert(p + "mention-silence-alert", "inbound.mention.silence-alert"),
                    api, oauth2);
        }

        /** {@code v1.1} (default) or {@code v2}. */
        ApiVersion api(String key) {
            String value = optional(key).orElse(ApiVersion.V1_1.key());
            return ApiVersion.ofKey(value).orElseThrow(() -> new AccountConfigurationException(
                    key + " must be v1.1 or v2, not '" + value + "'"));
        }

        /** {@code auth=oauth1} (default): null; {@code auth=oauth2}: the client and refresh token, API v2 only. */
        OAuth2Credentials oauth2(String p, ApiVersion api) {
            String value = optional(p + "auth").orElse("oauth1");
            switch (value) {
                case "oauth1":
                    return null;
                case "oauth2":
                    if (api != ApiVersion.V2) {
                        throw new AccountConfigurationException(p + "auth=oauth2 needs " + p
                                + "api=v2: the v1.1 DM and timeline endpoints take OAuth 1.0a user context only");
                    }
                    return new OAuth2Credentials(required(p + "oauth2-client-id"),
                            optional(p + "oauth2-client-secret").orElse(null), required(p + "oauth2-refresh-token"),
                            optional(p + "oauth2-access-token").orElse(null));
                default:
                    throw new AccountConfigurationException(p + "auth must be oauth1 or oauth2, not '" + value + "'");
            }
        }

        /**
         * A channel's silence-alert threshold: the account's key, else the global default key, else none (null).
         * {@code off} means none, so an account can opt out of a global default.
         */
        Duration silenceAlert(String key, String defaultKey) {
            String used = optional(key).isPresent() ? key : defaultKey;
            Optional<String> value = optional(used);
            if (value.isEmpty() || value.get().equalsIgnoreCase("off")) {
                return null;
            }
            return Duration.ofMillis(duration(used, 0));
        }

        /** {@code poll} (default), {@code webhook} (Account Activity API), {@code xaa-webhook} or {@code xaa-stream}. */
        Ingestion ingestion(String key) {
            String value = optional(key).orElse(Ingestion.POLL.key());
            return Ingestion.ofKey(value).orElseThrow(() -> new AccountConfigurationException(
                    key + " must be poll, webhook, xaa-webhook or xaa-stream, not '" + value + "'"));
        }

        Optional<String> optional(String key) {
            return properties.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        }

        String required(String key) {
            return optional(key).orElseThrow(() -> new AccountConfigurationException(
                    "Missing required property " + key + " (environment variable " + envName(key) + ")"));
        }

        boolean bool(String key, boolean defaultValue) {
            Optional<String> value = optional(key);
            if (value.isEmpty()) {
                return defaultValue;
            }
            return switch (value.get().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new AccountConfigurationException(
                        key + " must be true or false, not '" + value.get() + "'");
            };
        }

        long duration(String key, long defaultMillis) {
            Optional<String> value = optional(key);
            if (value.isEmpty()) {
                return defaultMillis;
            }
            long millis;
            try {
                millis = TimeUtils.toMilliSeconds(value.get());
            } catch (RuntimeException e) {
                throw new AccountConfigurationException(
                        key + " must be a duration such as 60000, 60s, 1m or 6h, not '" + value.get() + "'");
            }
            if (millis < 1) {
                throw new AccountConfigurationException(key + " must be positive, not '" + value.get() + "'");
            }
            return millis;
        }
    }

    /** The environment variable Camel maps onto a property key: upper case, '.' and '-' become '_'. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Names of the configured accounts, in configuration order. */
    public List<String> names() {
        return new ArrayList<>(accounts.keySet());
    }
}
