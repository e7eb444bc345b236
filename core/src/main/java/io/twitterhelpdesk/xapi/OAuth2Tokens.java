package io.twitterhelpdesk.xapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.account.OAuth2Credentials;
import io.twitterhelpdesk.state.OAuth2TokenStore.Tokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.twitterhelpdesk.state.OAuth2TokenStore;

/**
 * OAuth 2.0 user-context access tokens of the accounts configured with {@code auth=oauth2}. An access token is
 * refreshed (grant {@code refresh_token} at the configured token endpoint, through route {@code x-oauth2-token})
 * shortly before it expires, and once when the API refuses it with 401. X rotates refresh tokens, so each new pair is
 * saved in the state store before it is used, and refreshes of one account never run concurrently. A refused refresh
 * is logged as an ERROR saying what to do: the account stays unable to call the API until it is re-authorised.
 */
public final class OAuth2Tokens {

    private static final Logger LOG = LoggerFactory.getLogger(OAuth2Tokens.class);
    /** Refresh this long before the access token expires, so no call races its expiry. */
    private static final Duration EARLY = Duration.ofSeconds(60);
    public static final String TOKEN_ROUTE = "direct:x-oauth2-token";

    private final AccountRegistry accounts;
    private final OAuth2TokenStore store;
    private final XApiTransport transport;
    private final Clock clock;
    private final Map<String, Tokens> current = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final boolean resumeSaved;

    /**
     * @param resumeSaved whether saved tokens take over from the configured ones (false in sandbox mode: the
     *                    sandbox forgets its grants when it stops, so each start begins from the configured token)
     */
    public OAuth2Tokens(AccountRegistry accounts, OAuth2TokenStore store, XApiTransport transport, Clock clock,
            boolean resumeSaved) {
        this.resumeSaved = resumeSaved;
        this.accounts = accounts;
        this.store = store;
        this.transport = transport;
        this.clock = clock;
    }

    /** A usable access token for the account, refreshed first when it is missing or about to expire. */
    public String accessToken(String account) throws XApiException {
        synchronized (lock(account)) {
            Tokens tokens = tokens(account);
            Instant expires = tokens.accessExpiresAt();
            if (tokens.accessToken() == null || expires != null && !clock.instant().plus(EARLY).isBefore(expires)) {
                tokens = refresh(account, tokens);
            }
            return tokens.accessToken();
        }
    }

    /** The API answered 401 to this access token: refresh, unless another call already replaced it. */
    public void refused(String account, String accessToken) throws XApiException {
        synchronized (lock(account)) {
            Tokens tokens = tokens(account);
            if (accessToken.equals(tokens.accessToken())) {
                LOG.warn("X API refused the OAuth 2.0 access token of account {} (401): refreshing it", account);
                refresh(account, tokens);
            }
        }
    }

    private Object lock(String account) {
        return locks.computeIfAbsent(account, a -> new Object());
    }

    /** In memory, else saved (descending from the configured refresh token), else the configured tokens. */
    private Tokens tokens(String account) {
        return current.computeIfAbsent(account, a -> {
            OAuth2Credentials configured = credentials(a);
            Tokens fromConfiguration = new Tokens(configured.accessToken(), null, configured.refreshToken());
            return resumeSaved ? store.load(a, seed(configured)).orElse(fromConfiguration) : fromConfiguration;
        });
    }

    private Tokens refresh(String account, Tokens tokens) throws XApiException {
        OAuth2Credentials credentials = credentials(account);
        String what = "OAuth 2.0 token refresh of account " + account;
        TokenEndpoint.Answer answer = TokenEndpoint.post(transport, what, null,
                credentials.clientSecret() != null ? credentials.clientId() : null, credentials.clientSecret(),
                "grant_type=refresh_token&refresh_token=" + TokenEndpoint.encode(tokens.refreshToken())
                        + "&client_id=" + TokenEndpoint.encode(credentials.clientId()));
        JsonNode json = answer.json();
        if (!answer.hasAccessToken()) {
            int status = answer.status();
            String reason = json.path("error_description").asText(json.path("error").asText("no token in the answer"));
            LOG.error("{} refused (HTTP {}: {}): the account cannot call the X API until it is authorised again; set "
                    + "twitter.account.{}.oauth2-refresh-token to a new refresh token", what, status, reason, account);
            throw new XApiException(what, status, reason, null);
        }
        long expiresIn = json.path("expires_in").asLong(0);
        Tokens fresh = new Tokens(json.get("access_token").asText(),
                expiresIn > 0 ? clock.instant().plusSeconds(expiresIn) : null,
                json.path("refresh_token").asText(tokens.refreshToken()));
        store.save(account, seed(credentials), fresh);
        current.put(account, fresh);
        LOG.info("OAuth 2.0 access token of account {} refreshed, valid until {}", account,
                fresh.accessExpiresAt() == null ? "(no expiry given)" : fresh.accessExpiresAt());
        return fresh;
    }

    private OAuth2Credentials credentials(String account) {
        Account a = accounts.get(account);
        if (a.oauth2() == null) {
            throw new IllegalStateException("account " + account + " does not use OAuth 2.0");
        }
        return a.oauth2();
    }

    /** Which configured refresh token saved tokens descend from: its SHA-256, never the token itself. */
    static String seed(OAuth2Credentials credentials) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(credentials.refreshToken().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
