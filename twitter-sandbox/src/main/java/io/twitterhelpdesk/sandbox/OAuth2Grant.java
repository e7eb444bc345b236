package io.twitterhelpdesk.sandbox;

import java.time.Instant;

/**
 * OAuth 2.0 user-context tokens the sandbox issued, as if the user had authorised the app: the access token goes in
 * {@code Authorization: Bearer ..}, the refresh token (single use, it rotates) to {@code POST /2/oauth2/token}.
 */
public record OAuth2Grant(String accessToken, String refreshToken, Instant accessTokenExpiresAt) {

    @Override
    public String toString() {
        return "OAuth2Grant[accessToken=***, refreshToken=***, accessTokenExpiresAt=" + accessTokenExpiresAt + "]";
    }
}
