package io.twitterhelpdesk.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * OAuth 2.0 clients and the user-context grants issued to them, with random tokens. Refresh tokens rotate: using one
 * invalidates it and the grant's previous access token.
 */
final class OAuth2Grants {

    static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofHours(2);
    static final String SCOPE = "tweet.read tweet.write users.read dm.read dm.write offline.access";

    /** A registered client; {@code secret} is null for a public client. */
    record Client(String id, String secret) {

        boolean confidential() {
            return secret != null;
        }
    }

    /** The current tokens of one authorisation of a user for a client. */
    private static final class Grant {
        final long userId;
        final String clientId;
        final Duration accessTokenTtl;
        String accessToken;
        String refreshToken;

        Grant(long userId, String clientId, Duration accessTokenTtl) {
            this.userId = userId;
            this.clientId = clientId;
            this.accessTokenTtl = accessTokenTtl;
        }
    }

    private record Access(Grant grant, Instant expiresAt) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Client> clients = new HashMap<>();
    private final Map<String, Access> accessTokens = new HashMap<>();
    private final Map<String, Grant> refreshTokens = new HashMap<>();

    OAuth2Grants(Clock clock) {
        this.clock = clock;
    }

    /** Registers a client; registering the same id again with another secret is refused. */
    synchronized void registerClient(String clientId, String clientSecret) {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("client id is required");
        }
        if (clientSecret != null && clientSecret.isEmpty()) {
            throw new IllegalArgumentException("client secret must not be empty (null for a public client)");
        }
        Client known = clients.get(clientId);
        if (known != null && !Objects.equals(known.secret(), clientSecret)) {
            throw new IllegalArgumentException("OAuth 2.0 client " + clientId + " is registered with another secret");
        }
        clients.put(clientId, new Client(clientId, clientSecret));
    }

    synchronized Optional<Client> client(String clientId) {
        return Optional.ofNullable(clientId).map(clients::get);
    }

    synchronized OAuth2Grant issue(long userId, String clientId, Duration accessTokenTtl) {
        if (!clients.containsKey(clientId)) {
            throw new IllegalArgumentException("unknown OAuth 2.0 client " + clientId);
        }
        Duration ttl = accessTokenTtl == null ? DEFAULT_ACCESS_TOKEN_TTL : accessTokenTtl;
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("access token TTL must be positive");
        }
        return renew(new Grant(userId, clientId, ttl));
    }

    /** Makes a given refresh token the grant of a user for a registered client, with the default access TTL. */
    synchronized void seed(long userId, String clientId, String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw new IllegalArgumentException("refresh token is required");
        }
        Grant grant = new Grant(userId, clientId, DEFAULT_ACCESS_TOKEN_TTL);
        grant.refreshToken = refreshToken;
        refreshTokens.put(refreshToken, grant);
    }

    /** Trades a refresh token of the client for new tokens; empty when it is unknown, used or another client's. */
    synchronized Optional<OAuth2Grant> refresh(String refreshToken, String clientId) {
        Grant grant = refreshToken == null ? null : refreshTokens.get(refreshToken);
        if (grant == null || !grant.clientId.equals(clientId)) {
            return Optional.empty();
        }
        return Optional.of(renew(grant));
    }

    /** The user an access token stands for, while it is valid. */
    synchronized OptionalLong userOf(String accessToken) {
        Access access = accessToken == null ? null : accessTokens.get(accessToken);
        if (access == null || !clock.instant().isBefore(access.expiresAt())) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(access.grant().userId);
    }

    /** Every access token issued so far expires now; refresh tokens stay valid. */
    synchronized void expireAccessTokens() {
        Instant now = clock.instant();
        accessTokens.replaceAll((token, access) -> access.expiresAt().isAfter(now)
                ? new Access(access.grant(), now) : access);
    }

    private OAuth2Grant renew(Grant grant) {
        if (grant.accessToken != null) {
            accessTokens.remove(grant.accessToken);
        }
        if (grant.refreshToken != null) {
            refreshTokens.remove(grant.refreshToken);
        }
        grant.accessToken = randomToken();
        grant.refreshToken = randomToken();
        Instant expiresAt = clock.instant().plus(grant.accessTokenTtl);
        accessTokens.put(grant.accessToken, new Access(grant, expiresAt));
        refreshTokens.put(grant.refreshToken, grant);
        return new OAuth2Grant(grant.accessToken, grant.refreshToken, expiresAt);
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
