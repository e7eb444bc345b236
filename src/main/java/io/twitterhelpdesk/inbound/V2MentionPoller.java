package io.twitterhelpdesk.inbound;

import java.util.ArrayList;
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
 * Fetches an API v2 account's new mentions from {@code GET /2/users/{id}/mentions} with {@code since_id} = the
 * persisted cursor, 100 per page, authors and media expanded, following {@code next_token} while there is more. One
 * request per poll when little is new; a backlog scan cut short resumes from its token (same {@code since_id}).
 */
public final class V2MentionPoller {

    private static final Logger LOG = LoggerFactory.getLogger(V2MentionPoller.class);

    private final XApiClient api;
    private final TwitterClients clients;
    private final StateStore state;
    private final PollGate gate;
    private final int pageSize;
    private final int maxPagesPerPoll;
    private final Map<String, Scan> scans = new ConcurrentHashMap<>();

    public V2MentionPoller(XApiClient api, TwitterClients clients, StateStore state, PollGate gate, int pageSize,
            int maxPagesPerPoll) {
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
        OptionalLong sinceId;
        String nextToken;
    }

    public List<PolledMessage> poll(@Header("TwitterAccount") String account) {
        if (!gate.isOpen(account, PolledMessage.MENTION)) {
            return List.of();
        }
        Scan scan = scans.computeIfAbsent(account, a -> new Scan());
        try {
            long accountId = clients.accountId(account);
            if (scan.sinceId == null) {
                scan.sinceId = state.cursor(account, PolledMessage.MENTION);
            }
            XAnswer page = null;
            boolean complete = false;
            for (int pages = 0; pages < maxPagesPerPoll && !complete; pages++) {
                page = api.get(account, "users/" + accountId + "/mentions", query(scan));
                JsonNode includes = page.json().path("includes");
                for (JsonNode tweet : page.json().path("data")) {
                    if (tweet.path("id").asLong(-1) > 0) {
                        scan.found.add(new V2Item(tweet, includes));
                    }
                }
                String next = page.json().path("meta").path("next_token").asText("");
                if (page.json().path("data").isEmpty() || next.isEmpty()) {
                    complete = true;
                } else if (!scan.seenTokens.add(next)) {
                    LOG.warn("GET /2/users/{}/mentions of account {} returned next_token {} twice: ending this scan "
                            + "there", accountId, account, next);
                    complete = true;
                } else {
                    scan.nextToken = next;
                }
            }
            gate.succeeded(account, PolledMessage.MENTION, page == null ? null : page.rateLimit());
            if (!complete) {
                LOG.info("Mention backlog of account {}: {} new so far, continuing at the next poll", account,
                        scan.found.size());
                return List.of();
            }
            scans.remove(account);
            return toPolled(account, accountId, scan.found);
        } catch (TwitterException e) {
            gate.failed(account, PolledMessage.MENTION, e);
            return List.of();
        }
    }

    private Map<String, String> query(Scan scan) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("max_results", Integer.toString(pageSize));
        scan.sinceId.ifPresent(id -> q.put("since_id", Long.toString(id)));
        q.put("tweet.fields", "id,text,author_id,conversation_id,created_at,in_reply_to_user_id,referenced_tweets,"
                + "entities,attachments");
        q.put("expansions", "author_id,attachments.media_keys");
        q.put("user.fields", "id,name,username");
        q.put("media.fields", "media_key,type,url,preview_image_url,variants,alt_text");
        if (scan.nextToken != null) {
            q.put("pagination_token", scan.nextToken);
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
            V2Item tweet = e.getValue();
            String author = tweet.item().path("author_id").asText("");
            if (author.equals(Long.toString(accountId))) {
                out.add(PolledMessage.v2Mention(account, tweet, PolledMessage.ECHO, null));
                return;
            }
            CustomerRef customer = V2EnvelopeMapper.user(tweet.includes(), author).orElse(null);
            out.add(PolledMessage.v2Mention(account, tweet, customer == null ? PolledMessage.SENDER_GONE : null,
                    customer));
        });
        return out;
    }
}
