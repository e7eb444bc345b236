package io.twitterhelpdesk.inbound;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.twitterhelpdesk.account.TwitterClients;
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
 * Fetches an API v2 account's new DMs from {@code GET /2/dm_events} (newest first, 100 per page, the sender and the
 * media expanded in the same request), paging only until it reaches the persisted cursor, like the v1.1 poller: a
 * poll with nothing new costs one request, and a scan cut short by a rate limit or an error resumes from its
 * pagination token at the next poll. DM event ids are the same in v1.1 and v2, so an account can switch API without
 * losing its cursor or its delivered ids.
 */
public final class V2DirectMessagePoller {

    private static final Logger LOG = LoggerFactory.getLogger(V2DirectMessagePoller.class);

    private final XApiClient api;
    private final TwitterClients clients;
    private final StateStore state;
    private final PollGate gate;
    private final int pageSize;
    private final int maxPagesPerPoll;
    private final Map<String, Scan> scans = new ConcurrentHashMap<>();

    public V2DirectMessagePoller(XApiClient api, TwitterClients clients, StateStore state, PollGate gate,
            int pageSize, int maxPagesPerPoll) {
        this.api = api;
        this.clients = clients;
        this.state = state;
        this.gate = gate;
        this.pageSize = pageSize;
        this.maxPagesPerPoll = maxPagesPerPoll;
    }

    private static final class Scan {
        final List<V2Item> found = new ArrayList<>();
        final Set<String> seenTokens = new HashSet<>();
        String nextToken;
    }

    public List<PolledMessage> poll(@Header("TwitterAccount") String account) {
        if (!gate.isOpen(account, PolledMessage.DM)) {
            return List.of();
        }
        Scan scan = scans.computeIfAbsent(account, a -> new Scan());
        try {
            long accountId = clients.accountId(account);
            OptionalLong cursor = state.cursor(account, PolledMessage.DM);
            XAnswer page = null;
            boolean complete = false;
            for (int pages = 0; pages < maxPagesPerPoll && !complete; pages++) {
                page = api.get(account, "dm_events", query(scan.nextToken));
                JsonNode includes = page.json().path("includes");
                boolean reachedCursor = false;
                for (JsonNode event : page.json().path("data")) {
                    long id = event.path("id").asLong(-1);
                    if (id < 0 || !"MessageCreate".equals(event.path("event_type").asText("MessageCreate"))) {
                        continue;
                    }
                    if (cursor.isPresent() && id <= cursor.getAsLong()) {
                        reachedCursor = true;
                    } else {
                        scan.found.add(new V2Item(event, includes));
                    }
                }
                String next = page.json().path("meta").path("next_token").asText("");
                if (reachedCursor || page.json().path("data").isEmpty() || next.isEmpty()) {
                    complete = true;
                } else if (!scan.seenTokens.add(next)) {
                    LOG.warn("GET /2/dm_events of account {} returned next_token {} twice: ending this scan there",
                            account, next);
                    complete = true;
                } else {
                    scan.nextToken = next;
                }
            }
            gate.succeeded(account, PolledMessage.DM, page == null ? null : page.rateLimit());
            if (!complete) {
                LOG.info("DM backlog of account {}: {} new so far, continuing at the next poll", account,
                        scan.found.size());
                return List.of();
            }
            scans.remove(account);
            return toPolled(account, accountId, scan.found);
        } catch (TwitterException e) {
            gate.failed(account, PolledMessage.DM, e);
            return List.of();
        }
    }

    private Map<String, String> query(String paginationToken) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("event_types", "MessageCreate");
        q.put("dm_event.fields", "id,event_type,text,sender_id,dm_conversation_id,created_at,attachments,entities");
        q.put("expansions", "sender_id,attachments.media_keys");
        q.put("user.fields", "id,name,username");
        q.put("media.fields", "media_key,type,url,preview_image_url,variants,alt_text");
        q.put("max_results", Integer.toString(pageSize));
        if (paginationToken != null) {
            q.put("pagination_token", paginationToken);
        }
        return q;
    }

    private static List<PolledMessage> toPolled(String account, long accountId, List<V2Item> found) {
        Map<Long, V2Item> byId = new LinkedHashMap<>();
        for (V2Item item : found) {
            byId.putIfAbsent(item.item().path("id").asLong(), item);
        }
        List<PolledMessage> out = new ArrayList<>(byId.size());
        byId.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            V2Item event = e.getValue();
            String sender = event.item().path("sender_id").asText("");
            if (sender.equals(Long.toString(accountId))) {
                out.add(PolledMessage.v2DirectMessage(account, event, PolledMessage.ECHO, null));
                return;
            }
            CustomerRef customer = V2EnvelopeMapper.user(event.includes(), sender).orElse(null);
            out.add(PolledMessage.v2DirectMessage(account, event,
                    customer == null ? PolledMessage.SENDER_GONE : null, customer));
        });
        return out;
    }
}
