package io.twitterhelpdesk.inbound;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
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
    private final Map<String, Scan> scans = new ConcurrentHashMap<>();

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

    /**
     * A scan in progress: the cursor it started from, the page token to continue at and what it found so far; each
     * page of a scan that goes on at the next poll is kept in the state database, from where a restart (or the
     * instance that takes the account over) goes on with it instead of fetching those pages again.
     */
    private static final class Scan {
        final OptionalLong cursor;
        final List<V2Item> found = new ArrayList<>();
        final Set<String> seenTokens = new HashSet<>();
        String nextToken;
        int pages;

        Scan(OptionalLong cursor) {
            this.cursor = cursor;
        }
    }

    private Scan restore(String account) {
        Scan scan = new Scan(state.cursor(account, channel.name));
        for (StateStore.ScanPage page : state.scanPages(account, channel.name)) {
            page.found().forEach(item -> scan.found.add((V2Item) item));
            scan.nextToken = page.nextToken();
            scan.seenTokens.add(page.nextToken());
            scan.pages++;
        }
        if (scan.pages > 0) {
            LOG.info("{} backlog of account {}: going on with the scan kept before ({} pages, {} new)", channel.name,
                    account, scan.pages, scan.found.size());
        }
        return scan;
    }

    public List<PolledMessage> poll(@Header("TwitterAccount") String account) {
        if (!gate.isOpen(account, channel.name)) {
            return List.of();
        }
        try {
            long accountId = clients.accountId(account);
            Scan scan = scans.computeIfAbsent(account, this::restore);
            XAnswer page = null;
            boolean complete = false;
            for (int pages = 0; pages < maxPagesPerPoll && !complete; pages++) {
                page = api.get(account, channel.path(accountId), channel.query(scan.cursor, scan.nextToken, pageSize));
                complete = take(account, scan, page.json());
                if (!complete && PollGate.spent(page.rateLimit())) {
                    break;
                }
            }
            gate.succeeded(account, channel.name, page == null ? null : page.rateLimit());
            if (!complete) {
                LOG.info("{} backlog of account {}: {} new so far, continuing at the next poll", channel.name, account,
                        scan.found.size());
                return List.of();
            }
            scans.remove(account);
            if (scan.pages > 0) {
                state.dropScan(account, channel.name);
            }
            return toPolled(account, accountId, scan.found);
        } catch (TwitterException e) {
            gate.failed(account, channel.name, e);
            return List.of();
        }
    }

    /** Adds a page's new items to the scan; true when the scan is complete. */
    private boolean take(String account, Scan scan, JsonNode answer) {
        JsonNode includes = answer.path("includes");
        boolean reachedCursor = false;
        List<V2Item> fresh = new ArrayList<>();
        for (JsonNode item : answer.path("data")) {
            long id = item.path("id").asLong(-1);
            if (id <= 0 || !channel.accepts(item)) {
                continue;
            }
            if (scan.cursor.isPresent() && id <= scan.cursor.getAsLong()) {
                reachedCursor = true;
            } else {
                fresh.add(new V2Item(item, includes));
            }
        }
        scan.found.addAll(fresh);
        String next = answer.path("meta").path("next_token").asText("");
        if (reachedCursor || answer.path("data").isEmpty() || next.isEmpty()) {
            return true;
        }
        if (!scan.seenTokens.add(next)) {
            LOG.warn("X API returned the {} next_token {} of account {} twice: ending this scan there", channel.name,
                    next, account);
            return true;
        }
        state.keepScanPage(account, channel.name, scan.pages, next, fresh);
        scan.pages++;
        scan.nextToken = next;
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
