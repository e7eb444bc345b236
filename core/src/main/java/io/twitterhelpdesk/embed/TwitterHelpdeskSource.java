package io.twitterhelpdesk.embed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.account.AccountRegistry;
import io.twitterhelpdesk.account.ApiVersion;
import io.twitterhelpdesk.config.Settings;
import io.twitterhelpdesk.envelope.Envelope;
import io.twitterhelpdesk.inbound.PolledMessage;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import twitter4j.TwitterException;

/**
 * The local bean of the Kamelet {@code twitter-helpdesk-source}: one company account's DMs and mentions, polled with
 * the connector's own pollers (persisted cursors, rate-limit gate, backoff), echoes marked by them, envelopes mapped
 * by {@code InboundEnvelopes}, delivered ids kept in the state database (it is the Kamelet's idempotent repository,
 * camel-sql's JDBC repository underneath), and the customer's activity recorded for the sink's sending rules.
 *
 * <p>The Kamelet's scheduler ticks every second; {@link #poll} polls a channel only when its own delay
 * ({@code dmPollDelay}, {@code mentionPollDelay}) has passed since its last poll.
 */
public final class TwitterHelpdeskSource extends KameletAccount implements IdempotentRepository {

    private String channels;
    private String dmPollDelay;
    private String mentionPollDelay;
    private String dmInbox;
    private String mentionInbox;

    private ConnectorBeans.Inbound inbound;
    private Account account;
    private final Map<String, Instant> nextPoll = new LinkedHashMap<>();

    @Override
    protected Map<String, String> properties() {
        Map<String, String> keys = super.properties();
        String p = "twitter.account." + accountName() + ".";
        List<String> wanted = channelList();
        keys.put(p + "dm-enabled", Boolean.toString(wanted.contains(PolledMessage.DM)));
        keys.put(p + "mentions-enabled", Boolean.toString(wanted.contains(PolledMessage.MENTION)));
        put(keys, p + "dm-poll-delay", dmPollDelay);
        put(keys, p + "mention-poll-delay", mentionPollDelay);
        put(keys, p + "dm-inbox", dmInbox);
        put(keys, p + "mention-inbox", mentionInbox);
        return keys;
    }

    private List<String> channelList() {
        List<String> out = new ArrayList<>();
        for (String raw : present(channels).orElse("dm,mention").split(",")) {
            String channel = raw.trim();
            if (!channel.equals(PolledMessage.DM) && !channel.equals(PolledMessage.MENTION)) {
                throw new IllegalArgumentException("channels must list dm and/or mention, not '" + channels + "'");
            }
            out.add(channel);
        }
        return out;
    }

    @Override
    protected void doStart() {
        Settings settings = settings();
        AccountRegistry registry = registry(settings);
        account = registry.get(accountName());
        DataSource state = database();
        ConnectorBeans.TwitterAccess shared = accounts().twitter(this, stateUrl(), state, registry, settings);
        inbound = ConnectorBeans.inbound(settings,
                new ConnectorBeans.TwitterAccess(registry, shared.clients(), shared.xApi()), state, getClock());
        ServiceHelper.startService(inbound.delivered());
    }

    @Override
    protected void doStop() {
        if (inbound != null) {
            ServiceHelper.stopService(inbound.delivered());
        }
    }

    /** The account's new messages (oldest first, echoes marked) of every channel whose poll delay has passed. */
    public List<PolledMessage> poll() {
        List<PolledMessage> out = new ArrayList<>();
        if (account.directMessagesEnabled() && due(PolledMessage.DM, account.directMessagePollDelayMillis())) {
            out.addAll(account.api() == ApiVersion.V2 ? inbound.v2DmPoller().poll(account.name())
                    : inbound.dmPoller().poll(account.name()));
        }
        if (account.mentionsEnabled() && due(PolledMessage.MENTION, account.mentionPollDelayMillis())) {
            out.addAll(account.api() == ApiVersion.V2 ? inbound.v2MentionPoller().poll(account.name())
                    : inbound.mentionPoller().poll(account.name()));
        }
        return out;
    }

    private boolean due(String channel, long delayMillis) {
        Instant now = getClock().instant();
        Instant next = nextPoll.get(channel);
        if (next != null && now.isBefore(next)) {
            return false;
        }
        nextPoll.put(channel, now.plusMillis(delayMillis));
        return true;
    }

    /** The v1 envelope of a message that is neither an echo nor delivered before. */
    public Envelope toEnvelope(PolledMessage message) throws TwitterException {
        return inbound.envelopes().toEnvelope(message);
    }

    /** Remembers, once the Kamelet's consumer took the envelope, that the customer wrote (for the sink's rules). */
    public void delivered(Envelope envelope, PolledMessage message) {
        inbound.customerActivity().record(envelope, message);
    }

    /** Moves the poll cursor past a message once it was delivered, dropped as an echo, or found a duplicate. */
    public void handled(PolledMessage message) {
        inbound.cursors().handled(message);
    }

    @Override
    public boolean add(String key) {
        return inbound.delivered().add(key);
    }

    @Override
    public boolean contains(String key) {
        return inbound.delivered().contains(key);
    }

    @Override
    public boolean remove(String key) {
        return inbound.delivered().remove(key);
    }

    @Override
    public boolean confirm(String key) {
        return inbound.delivered().confirm(key);
    }

    @Override
    public void clear() {
        inbound.delivered().clear();
    }

    public void setChannels(String channels) {
        this.channels = channels;
    }

    public void setDmPollDelay(String dmPollDelay) {
        this.dmPollDelay = dmPollDelay;
    }

    public void setMentionPollDelay(String mentionPollDelay) {
        this.mentionPollDelay = mentionPollDelay;
    }

    public void setDmInbox(String dmInbox) {
        this.dmInbox = dmInbox;
    }

    public void setMentionInbox(String mentionInbox) {
        this.mentionInbox = mentionInbox;
    }
}
