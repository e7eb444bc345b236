package io.twitterhelpdesk.alert;

import io.twitterhelpdesk.state.ChannelActivity;

import io.twitterhelpdesk.state.ChannelActivityStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.inbound.PolledMessage;

/**
 * The silent-channel alert: for every polled account channel with a threshold ({@code dm-silence-alert},
 * {@code mention-silence-alert}), raises one {@code channel_silent} event when the connector delivered no message
 * on it for longer than the threshold, and one {@code channel_resumed} event once a message came again. Whether an
 * alert is raised is kept in the state database, so a restart neither repeats nor forgets it. A channel that never
 * had a message counts from the connector's start.
 */
public final class SilenceMonitor {

    private final AccountRegistry accounts;
    private final ChannelActivityStore store;
    private final Clock clock;
    private final Function<String, String> accountIds;
    private final Instant startedAt;

    /** @param accountIds the Twitter id of an account name, null when it is not known */
    public SilenceMonitor(AccountRegistry accounts, ChannelActivityStore store, Clock clock,
            Function<String, String> accountIds) {
        this.accounts = accounts;
        this.store = store;
        this.clock = clock;
        this.accountIds = accountIds;
        this.startedAt = clock.instant();
    }

    /** The events due now: each raise and each resume is returned by exactly one check. */
    public List<ChannelAlert> check() {
        Instant now = clock.instant();
        List<ChannelAlert> events = new ArrayList<>();
        for (Account account : accounts.all()) {
            if (account.directMessagesEnabled() && account.directMessageSilenceAlert() != null) {
                check(account.name(), PolledMessage.DM, account.directMessageSilenceAlert(), now, events);
            }
            if (account.mentionsEnabled() && account.mentionSilenceAlert() != null) {
                check(account.name(), PolledMessage.MENTION, account.mentionSilenceAlert(), now, events);
            }
        }
        return events;
    }

    private void check(String account, String channel, Duration threshold, Instant now, List<ChannelAlert> events) {
        ChannelActivity activity = store.watch(account, channel, startedAt);
        if (activity.alertRaisedAt() == null) {
            boolean silent = Duration.between(activity.lastMessageAt(), now).compareTo(threshold) > 0;
            if (silent && store.raiseAlert(account, channel, activity.lastMessageAt(), now)) {
                events.add(new ChannelAlert(ChannelAlert.SILENT, account, accountIds.apply(account), channel,
                        activity.lastMessageAt(), threshold, null, now));
            }
        } else if (activity.lastMessageAt().isAfter(activity.silentSince())
                && store.clearAlert(account, channel, activity.alertRaisedAt())) {
            events.add(new ChannelAlert(ChannelAlert.RESUMED, account, accountIds.apply(account), channel,
                    activity.silentSince(), threshold, activity.lastMessageAt(), now));
        }
    }
}
