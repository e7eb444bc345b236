package io.twitterhelpdesk.sandbox;

/**
 * Who a v2 request is authenticated as: a user of an app (OAuth 1.0a, or an OAuth 2.0 user token, counted as the app
 * of the account's credentials), or the app alone (app-only bearer token, {@code userId} null).
 */
record V2Caller(Long userId, String consumerKey) {

    static V2Caller user(long userId, String consumerKey) {
        return new V2Caller(userId, consumerKey);
    }

    static V2Caller app(String consumerKey) {
        return new V2Caller(null, consumerKey);
    }

    boolean appOnly() {
        return userId == null;
    }
}
