package io.twitterhelpdesk.xapi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.scribejava.core.builder.ServiceBuilder;
import com.github.scribejava.core.builder.api.DefaultApi10a;
import com.github.scribejava.core.model.OAuth1AccessToken;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.oauth.OAuth10aService;
import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;

/**
 * The {@code Authorization} header of an X API v2 request for an account: OAuth 1.0a user context signed over the
 * method, URL and query (ScribeJava's signer; JSON bodies are not signed), or an OAuth 2.0 bearer token kept fresh
 * by {@link OAuth2Tokens}.
 */
public final class XAuthorization {

    /** Only signing is used; the three-legged flow endpoints are those of X for completeness. */
    private static final DefaultApi10a X_OAUTH1 = new DefaultApi10a() {
        @Override
        public String getRequestTokenEndpoint() {
            return "https://api.x.com/oauth/request_token";
        }

        @Override
        public String getAccessTokenEndpoint() {
            return "https://api.x.com/oauth/access_token";
        }

        @Override
        protected String getAuthorizationBaseUrl() {
            return "https://api.x.com/oauth/authorize";
        }
    };

    private final AccountRegistry accounts;
    private final OAuth2Tokens oauth2;
    private final Map<String, OAuth10aService> signers = new ConcurrentHashMap<>();

    public XAuthorization(AccountRegistry accounts, OAuth2Tokens oauth2) {
        this.accounts = accounts;
        this.oauth2 = oauth2;
    }

    /**
     * @param method HTTP method
     * @param url    the full URL, query included, exactly as it is sent
     */
    public String header(String accountName, String method, String url) throws XApiException {
        Account account = accounts.get(accountName);
        if (!account.usesOAuth1()) {
            return "Bearer " + oauth2.accessToken(accountName);
        }
        OAuthRequest request = new OAuthRequest(Verb.valueOf(method), url);
        signers.computeIfAbsent(accountName, n -> new ServiceBuilder(account.consumerKey())
                .apiSecret(account.consumerSecret()).build(X_OAUTH1))
                .signRequest(new OAuth1AccessToken(account.accessToken(), account.accessTokenSecret()), request);
        return request.getHeaders().get("Authorization");
    }
}
