package io.twitterhelpdesk.activity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.account.CredentialsListener;
import io.twitterhelpdesk.account.Ingestion;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.xapi.XAnswer;
import io.twitterhelpdesk.xapi.XApiClient;
import io.twitterhelpdesk.xapi.XApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the app's X Activity API subscriptions in line with the configuration, idempotently: each account on
 * {@code xaa-webhook} or {@code xaa-stream} has one subscription per event type it needs ({@code dm.received},
 * {@code dm.sent} with DMs on; {@code post.mention.create}, {@code post.reply.create} with mentions on), filtered on
 * its Twitter id and tagged {@code <tag prefix>:<account name>}; an {@code xaa-webhook} account's go to the webhook.
 * One {@code oauth.revoke} subscription of the app (no filter, tag {@code <tag prefix>:@app}) tells when a user revokes
 * the app. Missing ones are created with the account's user context (the events are private; {@code oauth.revoke}
 * with the app's), one on the wrong webhook is
 * moved, and ones the connector created earlier (its tag prefix) that are no longer needed are deleted. A refusal is
 * an ERROR naming the account and X's reason, and the other accounts go on; a 401 marks the account unhealthy.
 */
public final class ActivitySubscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(ActivitySubscriptions.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PATH = "activity/subscriptions";
    /** The tag suffix of the app's own subscription (oauth.revoke); no account name has an '@'. */
    static final String APP = "@app";

    /** What the connector wants to exist on X for one account and event type. */
    public record Wanted(String account, String eventType, String userId, String tag, String webhookId) {
    }

    /** What one reconciliation did; {@code failed} names each account whose subscriptions could not be made. */
    public record Outcome(int kept, int created, int moved, int deleted, Map<String, String> failed) {
    }

    private final AccountRegistry accounts;
    private final TwitterClients clients;
    private final XApiClient xApi;
    private final String tagPrefix;
    private final CredentialsListener credentials;

    public ActivitySubscriptions(AccountRegistry accounts, TwitterClients clients, XApiClient xApi, String tagPrefix,
            CredentialsListener credentials) {
        this.accounts = accounts;
        this.clients = clients;
        this.xApi = xApi;
        this.tagPrefix = tagPrefix;
        this.credentials = credentials;
    }

    /** Whether any account needs subscriptions (or the connector may own some to clean up). */
    public boolean anyAccount() {
        return accounts.all().stream().anyMatch(a -> a.ingestion().activityApi());
    }

    /**
     * Creates, moves and deletes subscriptions until X has exactly what the configuration needs.
     *
     * @param webhookId the registered webhook of {@code xaa-webhook} accounts, or null when there is none
     * @throws XApiException when X's list of subscriptions cannot be read (nothing was changed)
     */
    public synchronized Outcome reconcile(String webhookId) throws XApiException {
        List<JsonNode> ours = new ArrayList<>(list().stream()
                .filter(s -> s.path("tag").asText("").startsWith(tagPrefix + ":")).toList());
        int[] counts = new int[3];
        Map<String, String> failed = new LinkedHashMap<>();
        for (Account account : accounts.all()) {
            if (!account.ingestion().activityApi()) {
                continue;
            }
            try {
                for (Wanted wanted : wanted(account, webhookId)) {
                    apply(wanted, ours, counts);
                }
            } catch (Exception e) {
                String reason = e.getMessage();
                failed.put(account.name(), reason);
                LOG.error("X Activity API subscriptions of account {} could not be made: {}. Its messages do not "
                        + "arrive by {} until this is fixed (check the account's authorisation of the app); the other "
                        + "accounts go on", account.name(), reason, account.ingestion());
                if (e instanceof XApiException x && x.getStatusCode() == 401) {
                    credentials.refused(account.name(), "X refused its user context for activity subscriptions (401)");
                }
            }
        }
        if (anyAccount()) {
            try {
                apply(new Wanted(null, "oauth.revoke", null, tagPrefix + ":" + APP, webhookId), ours, counts);
            } catch (XApiException e) {
                failed.put(APP, e.getMessage());
                LOG.error("The app's oauth.revoke subscription could not be made: {}. A user revoking the app is "
                        + "then found by the periodic account check only", e.getMessage());
            }
        }
        int deleted = 0;
        for (JsonNode stale : ours) {
            if (failedAccountOf(stale, failed)) {
                continue;
            }
            try {
                xApi.app("DELETE", PATH + "/" + stale.path("subscription_id").asText(), Map.of(), null);
                deleted++;
                LOG.info("Deleted X Activity API subscription {} ({} of user {}, tag {}): no configured account needs "
                        + "it", stale.path("subscription_id").asText(), stale.path("event_type").asText(),
                        stale.path("filter").path("user_id").asText("-"), stale.path("tag").asText());
            } catch (XApiException e) {
                LOG.error("Could not delete X Activity API subscription {}: {}", stale.path("subscription_id").asText(),
                        e.getMessage());
            }
        }
        Outcome outcome = new Outcome(counts[0], counts[1], counts[2], deleted, failed);
        LOG.info("X Activity API subscriptions: {} kept, {} created, {} moved, {} deleted{}", outcome.kept(),
                outcome.created(), outcome.moved(), deleted, failed.isEmpty() ? "" : ", failed for " + failed.keySet());
        return outcome;
    }

    /** Makes one wanted subscription exist, taking the one it matches out of {@code ours}; counts kept/created/moved. */
    private void apply(Wanted wanted, List<JsonNode> ours, int[] counts) throws XApiException {
        Optional<JsonNode> found = ours.stream().filter(s -> matches(s, wanted)).findFirst();
        if (found.isEmpty()) {
            create(wanted);
            counts[1]++;
            return;
        }
        ours.remove(found.get());
        if (Objects.equals(blankToNull(found.get().path("webhook_id").asText(null)), wanted.webhookId())) {
            counts[0]++;
        } else {
            move(found.get(), wanted);
            counts[2]++;
        }
    }

    /** Every subscription of the app on X (all pages). */
    public List<JsonNode> list() throws XApiException {
        List<JsonNode> all = new ArrayList<>();
        String next = null;
        for (int page = 0; page < 100; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("max_results", "100");
            if (next != null) {
                query.put("pagination_token", next);
            }
            XAnswer answer = xApi.app("GET", PATH, query, null);
            answer.json().path("data").forEach(all::add);
            next = answer.json().path("meta").path("next_token").asText(null);
            if (next == null || next.isEmpty()) {
                break;
            }
        }
        return all;
    }

    /** The subscriptions one account needs. */
    List<Wanted> wanted(Account account, String webhookId) throws twitter4j.TwitterException {
        String userId = Long.toString(clients.accountId(account.name()));
        String tag = tagPrefix + ":" + account.name();
        String webhook = account.ingestion() == Ingestion.XAA_WEBHOOK ? webhookId : null;
        if (account.ingestion() == Ingestion.XAA_WEBHOOK && webhook == null) {
            throw new IllegalStateException("no valid X Activity webhook is registered (xaa.webhook.url)");
        }
        List<Wanted> wanted = new ArrayList<>();
        if (account.directMessagesEnabled()) {
            wanted.add(new Wanted(account.name(), "dm.received", userId, tag, webhook));
            wanted.add(new Wanted(account.name(), "dm.sent", userId, tag, webhook));
        }
        if (account.mentionsEnabled()) {
            wanted.add(new Wanted(account.name(), "post.mention.create", userId, tag, webhook));
            wanted.add(new Wanted(account.name(), "post.reply.create", userId, tag, webhook));
        }
        return wanted;
    }

    private void create(Wanted wanted) throws XApiException {
        ObjectNode body = JSON.createObjectNode();
        body.put("event_type", wanted.eventType());
        ObjectNode filter = body.putObject("filter");
        if (wanted.userId() != null) {
            filter.put("user_id", wanted.userId());
        }
        body.put("tag", wanted.tag());
        if (wanted.webhookId() != null) {
            body.put("webhook_id", wanted.webhookId());
        }
        XAnswer answer = wanted.account() == null ? xApi.app("POST", PATH, Map.of(), body.toString())
                : xApi.user(wanted.account(), "POST", PATH, Map.of(), body.toString());
        JsonNode data = answer.json().path("data");
        String id = data.path("subscription_id").asText(data.path("subscription").path("subscription_id").asText("?"));
        LOG.info("Created X Activity API subscription {}: {} of {} ({})", id, wanted.eventType(),
                wanted.account() == null ? "the app" : "account " + wanted.account(),
                wanted.webhookId() == null ? "stream" : "webhook " + wanted.webhookId());
    }

    private void move(JsonNode existing, Wanted wanted) throws XApiException {
        ObjectNode body = JSON.createObjectNode();
        body.put("tag", wanted.tag());
        if (wanted.webhookId() != null) {
            body.put("webhook_id", wanted.webhookId());
            xApi.app("PUT", PATH + "/" + existing.path("subscription_id").asText(), Map.of(), body.toString());
            LOG.info("Moved X Activity API subscription {} ({} of {}) to webhook {}",
                    existing.path("subscription_id").asText(), wanted.eventType(), wanted.account(), wanted.webhookId());
            return;
        }
        // a subscription cannot lose its webhook by an update: replace it by one without
        xApi.app("DELETE", PATH + "/" + existing.path("subscription_id").asText(), Map.of(), null);
        create(wanted);
    }

    private boolean matches(JsonNode subscription, Wanted wanted) {
        return wanted.eventType().equals(subscription.path("event_type").asText())
                && Objects.equals(wanted.userId(), blankToNull(subscription.path("filter").path("user_id").asText(null)))
                && wanted.tag().equals(subscription.path("tag").asText());
    }

    /** A subscription of an account whose reconciliation failed is left alone (X may still be right about it). */
    private boolean failedAccountOf(JsonNode subscription, Map<String, String> failed) {
        String tag = subscription.path("tag").asText("");
        return failed.containsKey(tag.substring(tagPrefix.length() + 1));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
