package io.twitterhelpdesk.e2e.support;

import java.time.Duration;
import java.util.Map;

import io.twitterhelpdesk.sandbox.OAuth2Grant;
import io.twitterhelpdesk.sandbox.TwitterSandbox;

/**
 * Which Twitter API the two test accounts use, so the same end-to-end tests run over both: {@link #V1_1} (twitter4j)
 * or {@link #V2} (X API v2 over camel-http; acme_support with OAuth 2.0 user context from a refresh token the
 * sandbox issued, acme_sales with OAuth 1.0a), and the sandbox endpoint keys and page sizes that go with it.
 */
public enum ApiFlavour {
    V1_1("dm_list", "mentions", "dm_new", "status_update", 50, 200),
    V2("v2_dm_events", "v2_mentions", "v2_dm_send", "v2_tweets", 100, 100);

    public static final String CLIENT_ID = "x-client-test";
    public static final String CLIENT_SECRET = "x-client-secret-test";

    public final String dmListKey;
    public final String mentionsKey;
    public final String dmSendKey;
    final String tweetKey;
    public final int dmPageSize;
    public final int mentionPageSize;

    ApiFlavour(String dmListKey, String mentionsKey, String dmSendKey, String tweetKey, int dmPageSize,
            int mentionPageSize) {
        this.dmListKey = dmListKey;
        this.mentionsKey = mentionsKey;
        this.dmSendKey = dmSendKey;
        this.tweetKey = tweetKey;
        this.dmPageSize = dmPageSize;
        this.mentionPageSize = mentionPageSize;
    }

    /** The sandbox endpoint key of a one-request media upload (v1.1 media/upload.json, v2 /2/media/upload). */
    public String mediaUploadKey() {
        return this == V1_1 ? "media_upload" : "v2_media_upload";
    }

    /** Sets the accounts' API (and for v2, acme_support's OAuth 2.0 client and a fresh grant) in the properties. */
    void configure(TwitterSandbox sandbox, Map<String, String> p) {
        p.put("twitter.api.v2-base-url", sandbox.v2BaseUrl());
        p.put("twitter.api.oauth2-token-url", sandbox.oauth2TokenUrl());
        if (this == V1_1) {
            return;
        }
        p.put("twitter.account.acme_support.api", "v2");
        p.put("twitter.account.acme_sales.api", "v2");
        sandbox.registerOAuth2Client(CLIENT_ID, CLIENT_SECRET);
        OAuth2Grant grant = sandbox.issueOAuth2Tokens("acme_support", CLIENT_ID, Duration.ofHours(2));
        String k = "twitter.account.acme_support.";
        p.put(k + "auth", "oauth2");
        p.put(k + "oauth2-client-id", CLIENT_ID);
        p.put(k + "oauth2-client-secret", CLIENT_SECRET);
        p.put(k + "oauth2-refresh-token", grant.refreshToken());
        for (String oauth1 : new String[] {"consumer-key", "access-token", "access-token-secret"}) {
            p.remove(k + oauth1);
        }
    }
}
