package io.twitterhelpdesk.xapi;

import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.cost.CostMeter;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the X API v2 for an account through route {@code x-api-request} (camel-http): builds the URL from the
 * configured base and the query (RFC 3986 encoded, so the OAuth 1.0a signature covers exactly what is sent), adds
 * the account's {@code Authorization}, and returns the answer or throws {@link XApiException}. An OAuth 2.0 access
 * token refused with 401 is refreshed and the call made once more; a second 401 is an ERROR.
 */
public final class XApiClient {

    private static final Logger LOG = LoggerFactory.getLogger(XApiClient.class);
    public static final String REQUEST_ROUTE = "direct:x-api-request";

    private final AccountRegistry accounts;
    private final XAuthorization authorization;
    private final OAuth2Tokens oauth2;
    private final XApiTransport transport;
    private final String baseUrl;
    private final AppBearerToken app;
    private final CostMeter meter;

    /** @param baseUrl e.g. {@code https://api.x.com/2/} */
    public XApiClient(AccountRegistry accounts, XAuthorization authorization, OAuth2Tokens oauth2,
            XApiTransport transport, String baseUrl) {
        this(accounts, authorization, oauth2, transport, baseUrl, null);
    }

    /** @param app the app-only bearer token of {@link #app} calls, or null when none is configured */
    public XApiClient(AccountRegistry accounts, XAuthorization authorization, OAuth2Tokens oauth2,
            XApiTransport transport, String baseUrl, AppBearerToken app) {
        this(accounts, authorization, oauth2, transport, baseUrl, app, CostMeter.off());
    }

    /** @param meter counts what each successful call bills (X pay-per-use) */
    public XApiClient(AccountRegistry accounts, XAuthorization authorization, OAuth2Tokens oauth2,
            XApiTransport transport, String baseUrl, AppBearerToken app, CostMeter meter) {
        this.meter = meter;
        this.app = app;
        this.accounts = accounts;
        this.authorization = authorization;
        this.oauth2 = oauth2;
        this.transport = transport;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    }

    /** {@code GET <base><path>?<query>}; the query's order is kept. */
    public XAnswer get(String account, String path, Map<String, String> query) throws XApiException {
        return call(account, "GET", path, query, (String) null);
    }

    /** {@code POST <base><path>} with a JSON body. */
    public XAnswer post(String account, String path, JsonNode body) throws XApiException {
        return call(account, "POST", path, Map.of(), body.toString());
    }

    /** {@code POST <base><path>} with a {@code multipart/form-data} body (not signed, as OAuth 1.0a has it). */
    public XAnswer post(String account, String path, MultipartBody body) throws XApiException {
        return call(account, "POST", path, Map.of(), new Body(body.contentType(), body.bytes()));
    }

    /**
     * A call in the app's context (X Activity API, V2 webhooks): {@code Authorization: Bearer <app token>}; an
     * obtained token refused with 401 is fetched again and the call made once more.
     *
     * @param json the JSON body, or null
     */
    public XAnswer app(String method, String path, Map<String, String> query, String json) throws XApiException {
        AppBearerToken token = app;
        if (token == null) {
            throw new IllegalStateException("no app bearer token configured (twitter.app.*)");
        }
        String url = baseUrl + path + queryString(query);
        String request = method + " /2/" + path + " (app)";
        String auth = token.header();
        XAnswer answer;
        try {
            answer = send(request, method, url, auth, Body.json(json));
        } catch (XApiException e) {
            if (e.getStatusCode() != 401 || !token.refused(auth)) {
                throw e;
            }
            answer = send(request, method, url, token.header(), Body.json(json));
        }
        meter.v2App(method, path, json, answer.json());
        return answer;
    }

    /** The app-only {@code Authorization} value, for a call this client cannot make itself (the stream). */
    public String appAuthorization() throws XApiException {
        if (app == null) {
            throw new IllegalStateException("no app bearer token configured (twitter.app.*)");
        }
        return app.header();
    }

    /** X refused this app-only {@code Authorization} (401); true when a new token will be fetched. */
    public boolean appRefused(String authorization) {
        return app != null && app.refused(authorization);
    }

    /**
     * The account's user-context {@code Authorization} for a request this client cannot make itself (a file
     * download): OAuth 1.0a signed over {@code method} and {@code url}, or the OAuth 2.0 bearer token.
     */
    public String userAuthorization(String account, String method, String url) throws XApiException {
        return authorization.header(account, method, url);
    }

    /**
     * X refused this user-context {@code Authorization} (401): an OAuth 2.0 token is refreshed, and true means the
     * request is worth making once more with {@link #userAuthorization}; false for OAuth 1.0a (nothing to refresh).
     */
    public boolean userRefused(String account, String authorization) throws XApiException {
        if (accounts.get(account).usesOAuth1() || !authorization.startsWith("Bearer ")) {
            return false;
        }
        oauth2.refused(account, authorization.substring("Bearer ".length()));
        return true;
    }

    /** {@code <method> <base><path>} in the account's user context, with an optional JSON body. */
    public XAnswer user(String account, String method, String path, Map<String, String> query, String json)
            throws XApiException {
        return call(account, method, path, query, json);
    }

    /** A request body and its content type. */
    private record Body(String contentType, Object content) {

        static Body json(String json) {
            return json == null ? null : new Body("application/json", json);
        }
    }

    /** The full URL of a path and query under the configured base. */
    public String url(String path, Map<String, String> query) {
        return baseUrl + path + queryString(query);
    }

    private XAnswer call(String account, String method, String path, Map<String, String> query, String json)
            throws XApiException {
        return call(account, method, path, query, Body.json(json));
    }

    private XAnswer call(String account, String method, String path, Map<String, String> query, Body body)
            throws XApiException {
        XAnswer answer = unmetered(account, method, path, query, body);
        meter.v2(account, method, path, body != null && body.content() instanceof String json ? json : null,
                answer.json());
        return answer;
    }

    private XAnswer unmetered(String account, String method, String path, Map<String, String> query, Body body)
            throws XApiException {
        String url = baseUrl + path + queryString(query);
        String request = method + " /2/" + path + " for account " + account;
        boolean bearer = !accounts.get(account).usesOAuth1();
        String auth = authorization.header(account, method, url);
        try {
            return send(request, method, url, auth, body);
        } catch (XApiException e) {
            if (!bearer || e.getStatusCode() != 401) {
                throw e;
            }
            oauth2.refused(account, auth.substring("Bearer ".length()));
            try {
                return send(request, method, url, authorization.header(account, method, url), body);
            } catch (XApiException again) {
                if (again.getStatusCode() == 401) {
                    LOG.error("X API refused the refreshed OAuth 2.0 token of account {} as well (401): check the "
                            + "app's scopes (tweet.read tweet.write users.read dm.read dm.write offline.access) and "
                            + "authorise it again", account);
                }
                throw again;
            }
        }
    }

    private XAnswer send(String request, String method, String url, String auth, Body body) throws XApiException {
        Exchange answer = transport.send(REQUEST_ROUTE, exchange -> {
            exchange.getIn().setHeader(XApiAnswers.REQUEST_HEADER, request);
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, method);
            exchange.getIn().setHeader(Exchange.HTTP_URI, url);
            exchange.getIn().setHeader("Authorization", auth);
            if (body != null) {
                exchange.getIn().setHeader(Exchange.CONTENT_TYPE, body.contentType());
                exchange.getIn().setBody(body.content());
            }
        });
        Exception failure = answer.getException();
        if (failure instanceof XApiException x) {
            throw x;
        }
        if (failure != null) {
            throw new XApiException(request, failure);
        }
        return answer.getMessage().getBody(XAnswer.class);
    }

    static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner("&", "?", "");
        query.forEach((name, value) -> joined.add(encode(name) + "=" + encode(value)));
        return joined.toString();
    }

    /** RFC 3986 percent-encoding, unreserved characters kept (what OAuth 1.0a signs). */
    static String encode(String value) {
        return com.github.scribejava.core.utils.OAuthEncoder.encode(value);
    }
}
