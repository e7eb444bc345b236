package io.twitterhelpdesk.health;

import io.twitterhelpdesk.account.CredentialsListener;

import io.twitterhelpdesk.account.ApiVersion;

import io.twitterhelpdesk.account.Account;

import io.twitterhelpdesk.account.AccountRegistry;

import io.twitterhelpdesk.account.AccountConfigurationException;

import io.twitterhelpdesk.xapi.TwitterClients;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.twitterhelpdesk.alert.AccountAlert;
import io.twitterhelpdesk.xapi.XAnswer;
import io.twitterhelpdesk.xapi.XApiClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.TwitterException;

/**
 * What Twitter says about each configured account, asked at start and then every {@code health.account-check-interval}
 * (route {@code account-health-check}):
 * <ul>
 * <li>its credentials: v1.1 {@code GET account/verify_credentials}, v2 {@code GET /2/users/me}; a 401 marks the
 *     account unhealthy (and so does a 401 on a reply send, {@link #refused}), the next accepted check recovers it;
 *     each change is one {@link AccountAlert};</li>
 * <li>the Twitter id it resolves to: two configured accounts with one id stop the start;</li>
 * <li>where its DM channel is enabled, whether it accepts Direct Messages from anyone: v1.1
 *     {@code GET account/settings} {@code allow_dms_from} ({@code all}, else a WARN: customers who do not follow it
 *     cannot start a conversation). X API v2 exposes no DM setting of the account itself: v2 accounts report
 *     {@code not_exposed_by_api_v2}.</li>
 * </ul>
 * Credentials are never logged; only Twitter's answer.
 */
public final class AccountHealth implements CredentialsListener {

    private static final Logger LOG = LoggerFactory.getLogger(AccountHealth.class);
    /** How many accounts are asked about at once: bounded, so a thousand accounts do not open a thousand calls. */
    static final int CHECK_THREADS = 8;
    public static final String DM_SETTING_NOT_EXPOSED = "not_exposed_by_api_v2";

    /** Whether Twitter accepted the account's credentials at the last check. */
    public enum Credentials { UNCHECKED, VALID, REFUSED, UNVERIFIED }

    /**
     * One account as last checked. {@code dmSetting}: {@code allow_dms_from} ({@code all}, {@code following}, ..),
     * {@link #DM_SETTING_NOT_EXPOSED}, or null when the DM channel is off or Twitter could not be asked.
     */
    public record Status(String account, String twitterId, Credentials credentials, String dmSetting,
                         Instant checkedAt, String problem) {

        public boolean healthy() {
            return credentials != Credentials.REFUSED;
        }

        /** True or false where the API tells (v1.1), null where it does not. */
        public Boolean acceptsDirectMessagesFromAnyone() {
            return dmSetting == null || DM_SETTING_NOT_EXPOSED.equals(dmSetting) ? null : "all".equals(dmSetting);
        }
    }

    private final AccountRegistry accounts;
    private final TwitterClients clients;
    private final XApiClient xApi;
    private final Clock clock;
    private final Map<String, Status> statuses = new LinkedHashMap<>();
    private final List<AccountAlert> pending = new ArrayList<>();

    public AccountHealth(AccountRegistry accounts, TwitterClients clients, XApiClient xApi, Clock clock) {
        this.accounts = accounts;
        this.clients = clients;
        this.xApi = xApi;
        this.clock = clock;
        for (Account account : accounts.all()) {
            statuses.put(account.name(), new Status(account.name(), null, Credentials.UNCHECKED, null, null, null));
        }
    }

    /**
     * The check at start: every account, then the refusal when two accounts resolve to one Twitter id. An account
     * Twitter refuses, or cannot be asked about, does not stop the start (the others keep working).
     *
     * @throws AccountConfigurationException naming both accounts and the id
     */
    public synchronized void checkAtStart() {
        // an account refused now keeps its alert pending: the first periodic check publishes it
        checkAll();
        Map<String, List<String>> byId = statuses.values().stream().filter(s -> s.twitterId() != null)
                .collect(Collectors.groupingBy(Status::twitterId, LinkedHashMap::new,
                        Collectors.mapping(Status::account, Collectors.toList())));
        for (Map.Entry<String, List<String>> entry : byId.entrySet()) {
            if (entry.getValue().size() > 1) {
                throw new AccountConfigurationException("Accounts " + String.join(" and ", entry.getValue())
                        + " in " + AccountRegistry.ACCOUNTS_KEY + " resolve to the same Twitter id " + entry.getKey()
                        + ": their credentials belong to one Twitter account, which would be polled and answered "
                        + "twice. Configure each Twitter account once");
            }
        }
    }

    /** Checks every account; returns the health changes since the last call (including those {@link #refused} saw). */
    public synchronized List<AccountAlert> check() {
        checkAll();
        List<AccountAlert> alerts = new ArrayList<>(pending);
        pending.clear();
        return alerts;
    }

    /** Twitter answered 401 to one of the account's calls outside the check: unhealthy until a check passes. */
    @Override
    public synchronized void refused(String account, String detail) {
        Status before = statuses.get(account);
        if (before == null) {
            return;
        }
        update(new Status(account, before.twitterId(), Credentials.REFUSED, before.dmSetting(), clock.instant(),
                "Twitter refuses the account's credentials: " + detail));
    }

    public synchronized Optional<Status> status(String account) {
        return Optional.ofNullable(statuses.get(account));
    }

    public synchronized Collection<Status> all() {
        return List.copyOf(statuses.values());
    }

    /**
     * Asks Twitter about every account, {@link #CHECK_THREADS} at a time (the time a check takes grows with the number
     * of accounts divided by that, not with the number), then records the answers in the accounts' order. The
     * threads exist for the check only.
     */
    private void checkAll() {
        List<Account> all = List.copyOf(accounts.all());
        if (all.isEmpty()) {
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(CHECK_THREADS, all.size()), runnable -> {
            Thread thread = new Thread(runnable, "account-check-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Status>> answers = new ArrayList<>();
            for (Account account : all) {
                Status before = statuses.get(account.name());
                answers.add(pool.submit(() -> checked(account, before)));
            }
            for (Future<Status> answer : answers) {
                update(answer.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the accounts", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The account's status as Twitter answers now; touches no shared state (runs on the check's threads). */
    private Status checked(Account account, Status before) {
        Instant now = clock.instant();
        String id;
        try {
            id = Long.toString(verifiedId(account));
        } catch (TwitterException e) {
            if (e.getStatusCode() == 401) {
                return new Status(account.name(), before.twitterId(), Credentials.REFUSED, before.dmSetting(), now,
                        "Twitter refuses the account's credentials: " + describe(e));
            }
            return new Status(account.name(), before.twitterId(),
                    before.credentials() == Credentials.REFUSED ? Credentials.REFUSED : Credentials.UNVERIFIED,
                    before.dmSetting(), now, "Twitter could not be asked: " + describe(e));
        }
        String dmSetting = null;
        String problem = null;
        if (account.directMessagesEnabled()) {
            if (account.api() == ApiVersion.V2) {
                dmSetting = DM_SETTING_NOT_EXPOSED;
            } else {
                try {
                    dmSetting = clients.client(account.name()).v1().users().getAccountSettings().getAllowDmsFrom();
                } catch (TwitterException e) {
                    dmSetting = before.dmSetting();
                    problem = "Could not read account/settings: " + describe(e);
                }
            }
        }
        return new Status(account.name(), id, Credentials.VALID, dmSetting, now, problem);
    }

    private long verifiedId(Account account) throws TwitterException {
        if (account.api() == ApiVersion.V2) {
            XAnswer me = xApi.get(account.name(), "users/me", Map.of("user.fields", "id,username"));
            long id = me.json().path("data").path("id").asLong(-1);
            if (id <= 0) {
                throw new TwitterException("GET /2/users/me answered without data.id");
            }
            return id;
        }
        return clients.verifyCredentials(account.name()).getId();
    }

    /** Stores the new status; logs and queues an alert when health or the DM setting changed. */
    private void update(Status now) {
        Status before = statuses.put(now.account(), now);
        if (before.healthy() && !now.healthy()) {
            LOG.error("Account {} is unhealthy: {}. Its polls and replies fail until the credentials are fixed; "
                    + "the other accounts are not affected", now.account(), now.problem());
            pending.add(new AccountAlert(AccountAlert.UNHEALTHY, now.account(), now.twitterId(),
                    AccountAlert.CREDENTIALS_REFUSED, now.problem(), now.checkedAt()));
        } else if (!before.healthy() && now.healthy()) {
            LOG.warn("Account {} recovered: Twitter accepts its credentials again", now.account());
            pending.add(new AccountAlert(AccountAlert.RECOVERED, now.account(), now.twitterId(),
                    AccountAlert.CREDENTIALS_REFUSED, "Twitter accepts the account's credentials again",
                    now.checkedAt()));
        }
        if (Boolean.FALSE.equals(now.acceptsDirectMessagesFromAnyone())
                && !now.dmSetting().equals(before.dmSetting())) {
            LOG.warn("Account {} does not accept Direct Messages from anyone (account/settings allow_dms_from={}): "
                    + "customers who do not follow it cannot write to it, and the DM channel depends on that. "
                    + "Allow message requests from everyone in the account's settings", now.account(),
                    now.dmSetting());
        } else if (DM_SETTING_NOT_EXPOSED.equals(now.dmSetting()) && before.dmSetting() == null) {
            LOG.info("Account {} uses X API v2, which does not expose the account's own DM setting: make sure it "
                    + "accepts Direct Messages from everyone", now.account());
        }
    }

    private static String describe(TwitterException e) {
        if (e.getStatusCode() > 0) {
            return "HTTP " + e.getStatusCode() + (e.getErrorMessage() != null ? " " + e.getErrorMessage() : "");
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
