package io.twitterhelpdesk.account;

/**
 * An account's OAuth 2.0 user-context credentials (authorization code flow with PKCE done once, outside the
 * connector): the app's client id, its client secret for a confidential client (null for a public one), and the
 * refresh token (scope {@code offline.access}) the connector rotates from then on. The access token is optional: when
 * absent or expired the connector refreshes before its first call.
 */
public record OAuth2Credentials(String clientId, String clientSecret, String refreshToken, String accessToken) {

    /** Never print secrets: toString names the client only. */
    @Override
    public String toString() {
        return "OAuth2Credentials[client " + clientId + (clientSecret == null ? ", public" : ", confidential") + "]";
    }
}
