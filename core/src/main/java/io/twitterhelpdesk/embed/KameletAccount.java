package io.twitterhelpdesk.embed;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.StringHelper;

/**
 * The parameters every Kamelet of the connector takes for its one company account, as bean properties (set by the
 * Kamelet's local bean from its parameters), turned into the standalone connector's configuration keys
 * ({@code twitter.accounts}, {@code twitter.account.<name>.*}, {@code twitter.api.*}), so the account is read and
 * checked by the same {@link AccountRegistry} and its pieces built by the same {@link ConnectorBeans} with the same
 * defaults. Subclasses add their own keys and build their side on {@link #start}.
 */
public abstract class KameletAccount extends ServiceSupport implements CamelContextAware {

    private static final Pattern ACCOUNT_KEY = Pattern.compile("twitter\\.account\\.[a-z0-9_]+\\.([a-z0-9-]+)");

    private CamelContext camelContext;
    private String account;
    private String screenName;
    private String consumerKey;
    private String consumerSecret;
    private String accessToken;
    private String accessTokenSecret;
    private String api;
    private String auth;
    private String oauth2ClientId;
    private String oauth2ClientSecret;
    private String oauth2RefreshToken;
    private String restBaseUrl;
    private String v2BaseUrl;
    private String oauth2TokenUrl;
    private String stateUrl;
    private String stateUser;
    private String statePassword;
    private Clock clock = Clock.systemUTC();

    /** The account's name in the state database: the given one, else the screen name in lower case. */
    public String accountName() {
        return present(account).orElseGet(() -> present(screenName).orElse("").toLowerCase(Locale.ROOT));
    }

    /** The connector's configuration keys for this account, as the standalone connector would read them. */
    protected Map<String, String> properties() {
        String name = accountName();
        String p = "twitter.account." + name + ".";
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(AccountRegistry.ACCOUNTS_KEY, name);
        put(keys, p + "screen-name", screenName);
        put(keys, p + "consumer-key", consumerKey);
        put(keys, p + "consumer-secret", consumerSecret);
        put(keys, p + "access-token", accessToken);
        put(keys, p + "access-token-secret", accessTokenSecret);
        put(keys, p + "api", api);
        put(keys, p + "auth", auth);
        put(keys, p + "oauth2-client-id", oauth2ClientId);
        put(keys, p + "oauth2-client-secret", oauth2ClientSecret);
        put(keys, p + "oauth2-refresh-token", oauth2RefreshToken);
        put(keys, "twitter.api.rest-base-url", restBaseUrl);
        put(keys, "twitter.api.v2-base-url", v2BaseUrl);
        put(keys, "twitter.api.oauth2-token-url", oauth2TokenUrl);
        return keys;
    }

    /** The keys that decide how the account talks to Twitter: Kamelets sharing an account must agree on them. */
    static boolean isConnectionKey(String key) {
        return !key.endsWith("-inbox") && !key.endsWith("-enabled") && !key.endsWith("-poll-delay");
    }

    protected static void put(Map<String, String> keys, String key, String value) {
        present(value).ifPresent(v -> keys.put(key, v));
    }

    protected static Optional<String> present(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    /**
     * The Kamelet's one account, read and checked as the standalone connector reads its accounts; a bad value is
     * refused naming the Kamelet parameter (never its value, which may be a secret).
     */
    protected AccountRegistry registry(Settings settings) {
        if (present(account).isEmpty() && !present(screenName).orElse("").matches("[A-Za-z0-9_]{1,15}")) {
            throw new IllegalArgumentException(this + ": screenName is not a Twitter screen name (1-15 letters, "
                    + "digits or '_', without '@')");
        }
        try {
            AccountRegistry registry = AccountRegistry.load(settings.source());
            registry.get(accountName());
            return registry;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(this + ": " + inParameterNames(e.getMessage()), e);
        }
    }

    /** A message about the connector's configuration keys, in the Kamelet's parameter names. */
    static String inParameterNames(String message) {
        Matcher key = ACCOUNT_KEY.matcher(message.replaceAll(" \\(environment variable [A-Z0-9_]+\\)", ""));
        StringBuilder out = new StringBuilder();
        while (key.find()) {
            key.appendReplacement(out, StringHelper.dashToCamelCase(key.group(1)));
        }
        key.appendTail(out);
        return out.toString()
                .replace("twitter.api.rest-base-url", "restBaseUrl")
                .replace("twitter.api.v2-base-url", "v2BaseUrl")
                .replace("twitter.api.oauth2-token-url", "oauth2TokenUrl")
                .replace(AccountRegistry.ACCOUNTS_KEY, "account")
                .replace("state.url", "stateUrl")
                .replace("Missing required property", "Missing parameter");
    }

    /** The connector's configuration: {@link #properties} over the defaults of its application.properties. */
    protected Settings settings() {
        Map<String, String> keys = properties();
        return Settings.overDefaults(key -> Optional.ofNullable(keys.get(key)));
    }

    protected KameletAccounts accounts() {
        if (camelContext == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " needs its CamelContext before it starts");
        }
        return KameletAccounts.of(camelContext);
    }

    /** The state database of {@link #stateUrl}, shared by the context's Kamelets that name it. */
    protected DataSource database() {
        try {
            return accounts().database(stateUrl(), stateUser(), statePassword());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(this + ": " + inParameterNames(e.getMessage()), e);
        }
    }

    protected String stateUrl() {
        return present(stateUrl).orElse("jdbc:h2:file:./data/twitter-helpdesk-state");
    }

    protected String stateUser() {
        return present(stateUser).orElse("sa");
    }

    protected String statePassword() {
        return present(statePassword).orElse("");
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    public Clock getClock() {
        return clock;
    }

    /** The clock of the rules and records (tests move it); the system clock by default. */
    public void setClock(Clock clock) {
        this.clock = clock;
    }

    public void setAccount(String account) {
        this.account = account;
    }

    public String getScreenName() {
        return screenName;
    }

    public void setScreenName(String screenName) {
        this.screenName = screenName;
    }

    public void setConsumerKey(String consumerKey) {
        this.consumerKey = consumerKey;
    }

    public void setConsumerSecret(String consumerSecret) {
        this.consumerSecret = consumerSecret;
    }

    public void setAccessToken(String accessToken) {
        this.accessToken = accessToken;
    }

    public void setAccessTokenSecret(String accessTokenSecret) {
        this.accessTokenSecret = accessTokenSecret;
    }

    public void setApi(String api) {
        this.api = api;
    }

    public void setAuth(String auth) {
        this.auth = auth;
    }

    public void setOauth2ClientId(String oauth2ClientId) {
        this.oauth2ClientId = oauth2ClientId;
    }

    public void setOauth2ClientSecret(String oauth2ClientSecret) {
        this.oauth2ClientSecret = oauth2ClientSecret;
    }

    public void setOauth2RefreshToken(String oauth2RefreshToken) {
        this.oauth2RefreshToken = oauth2RefreshToken;
    }

    public void setRestBaseUrl(String restBaseUrl) {
        this.restBaseUrl = restBaseUrl;
    }

    public void setV2BaseUrl(String v2BaseUrl) {
        this.v2BaseUrl = v2BaseUrl;
    }

    public void setOauth2TokenUrl(String oauth2TokenUrl) {
        this.oauth2TokenUrl = oauth2TokenUrl;
    }

    public void setStateUrl(String stateUrl) {
        this.stateUrl = stateUrl;
    }

    public void setStateUser(String stateUser) {
        this.stateUser = stateUser;
    }

    public void setStatePassword(String statePassword) {
        this.statePassword = statePassword;
    }

    /** Names the account only: its properties hold credentials. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + accountName() + "]";
    }
}
