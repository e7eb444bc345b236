package io.twitterhelpdesk.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque {@code pagination_token} / {@code next_token} values: they name the list (kind and owner) and the id the
 * next page starts at, so a token is only valid for the list that gave it.
 */
final class V2PaginationTokens {

    private V2PaginationTokens() {
    }

    static String encode(String kind, long ownerId, long fromId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + ownerId + ":" + fromId).getBytes(StandardCharsets.UTF_8));
    }

    /** The id the page starts at (inclusive); 400 invalid request for a token of another list or none at all. */
    static long decode(String kind, long ownerId, String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String prefix = kind + ":" + ownerId + ":";
            if (decoded.startsWith(prefix) && decoded.substring(prefix.length()).matches("[0-9]{1,19}")) {
                return Long.parseLong(decoded.substring(prefix.length()));
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw V2Problem.invalidParameter("pagination_token", token,
                "The `pagination_token` query parameter value [" + token + "] is not valid");
    }
}
