package io.twitterhelpdesk.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.envelope.V2EnvelopeMapper;
import io.twitterhelpdesk.inbound.PolledMessage.V2Item;
import io.twitterhelpdesk.state.StateStore;
import io.twitterhelpdesk.xapi.XAnswer;
import io.twitterhelpdesk.xapi.XApiClient;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.TwitterException;

/**
 * Fetches a v2 account's new DMs ({@code GET /2/dm_events}) or mentions ({@code GET /2/users/{id}/mentions},
 * {@code since_id} = the cursor): newest first at the v2 page maximum, with the customers and media expanded in the
 * same request, paging with {@code next_token} only until the persisted cursor. A poll with nothing new costs one
 * request; a backlog scan cut short by a rate limit, an error or the page budget resumes from its token at the next
 * poll. Returns the new messages oldest first, the account's own marked as echoes, and those whose customer the
 * answer left out (a partial error: the account is gone) marked as such. DM and tweet ids are the same in v1.1 and
 * v2, so an account can switch API without losing its cursor or its delivered ids.
 */
public final class V2Poller {

    private static final Logger LOG = LoggerFactory.getLogger(V2Poller.class);

    private final V2Channel channel;
    private final XApiClient api;
    private final TwitterClients clients;
    private final StateStore state;
    private final PollGate gate;
    private final int pageSize;
    private final int maxPagesPerPoll;
    private final Map<String, BacklogScan<V2Item>> scans = new ConcurrentHashMap<>();

    private V2Poller(V2Channel channel, XApiClient api, TwitterClients clients, StateStore state, PollGate gate,
            int pageSize, int maxPagesPerPoll) {
        this.channel = channel;
        this.api = api;
        this.clients = clients;
        this.state = state;
        this.gate = gate;
        this.pageSize = pageSize;
        this.maxPagesPerPoll = maxPagesPerPoll;
    }

    public static V2Poller directMessages(XApiClient api, TwitterClients clients, StateStore state, PollGate gate,
            int pageSize, int maxPagesPerPoll) {
        return new V2Poller(V2Channel.DM, api, clients, state, gate, pageSize, maxPagesPerPoll);
    }

    public static V2Poller mentions(XApiClient api, TwitterClients clients, StateStore state, PollGate gate,
            int pageSize, int maxPagesPerPoll) {
        return new V2Poller(V2Channel.MENTION, api, clients, state, gate, pageSize, maxPagesPerPoll);
    }

    public List<PolledMessage> poll(@Header("TwitterAccount") String account) {
        if (!gate.isOpen(account, channel.name)) {
            return List.of();
        }
        try {
            long accountId = clients.accountId(account);
            BacklogScan<V2Item> scan = scans.computeIfAbsent(account,
                    a -> BacklogScan.resume(state, a, channel.name));
            OptionalLong cursor = state.cursor(account, channel.name);
            XAnswer page = null;
            boolean complete = false;
            for (int pages = 0; pages < maxPagesPerPoll && !complete; pages++) {
                page = api.get(account, channel.path(accountId), channel.query(cursor, scan.nextToken(), pageSize));
                complete = take(account, scan, cursor, page.json());
                if (!complete && PollGate.spent(page.rateLimit())) {
                    break;
                }
            }
            gate.succeeded(account, channel.name, page == null ? null : page.rateLimit());
            if (!complete) {
                LOG.info("{} backlog of account {}: {} new so far, continuing at the next poll", channel.name, account,
                        scan.found().size());
                return List.of();
            }
            scans.remove(account);
            scan.complete();
            return toPolled(account, accountId, scan.found());
        } catch (TwitterException e) {
            gate.failed(account, channel.name, e);
            return List.of();
        }
    }

    /** Adds a page's new items to the scan; true when the scan is complete. */
    private boolean take(String account, BacklogScan<V2Item> scan, OptionalLong cursor, JsonNode answer) {
        JsonNode includes = answer.path("includes");
        boolean reachedCursor = false;
        List<V2Item> fresh = new ArrayList<>();
        for (JsonNode item : answer.path("data")) {
            long id = item.path("id").asLong(-1);
            if (id <= 0 || !channel.accepts(item)) {
                continue;
            }
            if (cursor.isPresent() && id <= cursor.getAsLong()) {
                reachedCursor = true;
            } else {
                fresh.add(new V2Item(item, includes));
            }
        }
        String next = answer.path("meta").path("next_token").asText("");
        if (reachedCursor || answer.path("data").isEmpty() || next.isEmpty()) {
            scan.last(fresh);
            return true;
        }
        if (!scan.goOn(fresh, next)) {
            LOG.warn("X API returned the {} next_token {} of account {} twice: ending this scan there", channel.name,
                    next, account);
            return true;
        }
        return false;
    }

    private List<PolledMessage> toPolled(String account, long accountId, List<V2Item> found) {
        Map<Long, V2Item> byId = new TreeMap<>();
        for (V2Item item : found) {
            byId.putIfAbsent(item.item().path("id").asLong(), item);
        }
        List<PolledMessage> out = new ArrayList<>(byId.size());
        for (V2Item item : byId.values()) {
            String author = item.item().path(channel.authorField).asText("");
            if (author.equals(Long.toString(accountId))) {
                out.add(channel.message(account, item, PolledMessage.ECHO, null));
                continue;
            }
            CustomerRef customer = V2EnvelopeMapper.user(item.includes(), author).orElse(null);
            out.add(channel.message(account, item, customer == null ? PolledMessage.SENDER_GONE : null, customer));
        }
        return out;
    }
}
