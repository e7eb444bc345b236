package io.twitterhelpdesk.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.inbound.PolledMessage;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * One company account, as this instance sees it: its last successful poll per channel and its last webhook call,
 * and whether this instance polls it (with several instances, one polls an account at a time).
 *
 * <p>DOWN when this instance polls the account and a polled channel had no successful poll for longer than
 * {@code staleAfter} (counted from the start of polling here): Twitter refuses the credentials, answers errors, or
 * cannot be reached. UP otherwise; an account fed by the webhook only, or polled by another instance, is UP with its
 * times as details (a quiet account is not a fault: see the silent-channel alerts).
 *
 * <p>DOWN as well while Twitter refuses the account's credentials ({@link AccountHealth}); its details show the last
 * account check: credentials, Twitter id, DM setting ({@code allow_dms_from}, or {@code not_exposed_by_api_v2}).
 *
 * <p>Neither a liveness nor a readiness check: it shows in {@code /observe/health} but not in
 * {@code /observe/health/live} or {@code /ready}, because a Twitter problem must not make an orchestrator restart
 * the connector or stop routing webhooks and replies to it.
 */
public final class AccountHealthCheck extends InformationalHealthCheck {

    private final Account account;
    private final IngestionHeartbeats heartbeats;
    private final Function<String, Optional<Instant>> pollingHereSince;
    private final Duration staleAfter;
    private final Clock clock;
    private final Function<String, Optional<AccountHealth.Status>> accountHealth;

    public AccountHealthCheck(Account account, IngestionHeartbeats heartbeats,
            Function<String, Optional<Instant>> pollingHereSince, Duration staleAfter, Clock clock) {
        this(account, heartbeats, pollingHereSince, staleAfter, clock, name -> Optional.empty());
    }

    /**
     * @param pollingHereSince since when this instance polls the account (by account name), empty when another
     *                         instance does
     * @param accountHealth    what the last account check found (credentials, Twitter id, DM setting), by name
     */
    public AccountHealthCheck(Account account, IngestionHeartbeats heartbeats,
            Function<String, Optional<Instant>> pollingHereSince, Duration staleAfter, Clock clock,
            Function<String, Optional<AccountHealth.Status>> accountHealth) {
        super("accounts", "account-" + account.name());
        this.accountHealth = accountHealth;
        this.account = account;
        this.heartbeats = heartbeats;
        this.pollingHereSince = pollingHereSince;
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("account", account.name());
        builder.detail("ingestion", account.ingestion().key());
        builder.detail("lastWebhook", heartbeats.lastWebhook(account.name()).map(Instant::toString).orElse("never"));
        List<String> channels = new ArrayList<>();
        if (account.directMessagesEnabled()) {
            channels.add(PolledMessage.DM);
        }
        if (account.mentionsEnabled()) {
            channels.add(PolledMessage.MENTION);
        }
        Optional<Instant> here = account.polled() ? pollingHereSince.apply(account.name()) : Optional.empty();
        builder.detail("polledHere", here.isPresent());
        List<String> stale = new ArrayList<>();
        Instant now = clock.instant();
        for (String channel : channels) {
            Optional<Instant> last = heartbeats.lastSuccessfulPoll(account.name(), channel);
            builder.detail(channel + ".lastSuccessfulPoll", last.map(Instant::toString).orElse("never"));
            if (here.isPresent()) {
                Instant since = last.filter(l -> l.isAfter(here.get())).orElse(here.get());
                if (Duration.between(since, now).compareTo(staleAfter) > 0) {
                    stale.add(channel + (last.isPresent() ? " since " + last.get() : " since polling started here at "
                            + here.get()));
                }
            }
        }
        Optional<AccountHealth.Status> checked = accountHealth.apply(account.name());
        checked.ifPresent(h -> {
            builder.detail("credentials", h.credentials().name().toLowerCase(java.util.Locale.ROOT));
            builder.detail("twitterId", h.twitterId() == null ? "unknown" : h.twitterId());
            builder.detail("dmSetting", h.dmSetting() == null ? "unknown" : h.dmSetting());
            builder.detail("acceptsDirectMessagesFromAnyone", h.acceptsDirectMessagesFromAnyone() == null ? "unknown"
                    : h.acceptsDirectMessagesFromAnyone().toString());
            builder.detail("lastAccountCheck", h.checkedAt() == null ? "never" : h.checkedAt().toString());
        });
        if (checked.isPresent() && !checked.get().healthy()) {
            builder.down().message("Account " + account.name() + " is unhealthy: " + checked.get().problem());
        } else if (stale.isEmpty()) {
            builder.up();
            if (account.polled() && here.isEmpty()) {
                builder.message("Polled by another instance");
            }
        } else {
            builder.down().message("No successful poll of account " + account.name() + " for more than " + staleAfter
                    + ": " + String.join(", ", stale));
        }
    }
}
