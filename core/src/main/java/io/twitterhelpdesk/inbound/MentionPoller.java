package io.twitterhelpdesk.inbound;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import io.twitterhelpdesk.cost.BillableUnit;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.state.StateStore;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.v1.Paging;
import twitter4j.v1.ResponseList;
import twitter4j.v1.Status;

/**
 * Fetches an account's new mentions from {@code statuses/mentions_timeline} with {@code since_id} = the persisted
 * cursor and the API's maximum page size, walking back with {@code max_id} while pages come back full. One request
 * per poll when little is new: camel-twitter's mentions consumer sends every request twice and keeps its
 * {@code since_id} in memory only. Returns the new mentions oldest first.
 */
public final class MentionPoller {

    private static final Logger LOG = LoggerFactory.getLogger(MentionPoller.class);

    private final TwitterClients clients;
    private final StateStore state;
    private final PollGate gate;
    private final int pageSize;
    private final int maxPagesPerPoll;
    private final Map<String, BacklogScan<Status>> scans = new ConcurrentHashMap<>();

    public MentionPoller(TwitterClients clients, StateStore state, PollGate gate, int pageSize, int maxPagesPerPoll) {
        this.clients = clients;
        this.state = state;
        this.gate = gate;
        this.pageSize = pageSize;
        this.maxPagesPerPoll = maxPagesPerPoll;
    }

    public List<PolledMessage> poll(@Header("TwitterAccount") String account) {
        if (!gate.isOpen(account, PolledMessage.MENTION)) {
            return List.of();
        }
        BacklogScan<Status> scan = scans.computeIfAbsent(account,
                a -> BacklogScan.resume(state, a, PolledMessage.MENTION));
        try {
            Twitter client = clients.client(account);
            long accountId = clients.accountId(account);
            OptionalLong cursor = state.cursor(account, PolledMessage.MENTION);
            ResponseList<Status> page = null;
            boolean complete = false;
            for (int pages = 0; pages < maxPagesPerPoll && !complete; pages++) {
                Paging paging = Paging.ofCount(pageSize);
                if (cursor.isPresent()) {
                    paging = paging.sinceId(cursor.getAsLong());
                }
                long oldest = scan.found().stream().mapToLong(Status::getId).min().orElse(Long.MAX_VALUE);
                if (oldest != Long.MAX_VALUE) {
                    paging = paging.maxId(oldest - 1);
                }
                page = client.v1().timelines().getMentionsTimeline(paging);
                clients.meter().read(account, Long.toString(accountId), BillableUnit.POST_READ,
                        page.stream().map(status -> Long.toString(status.getId())).toList());
                complete = page.size() < pageSize;
                if (complete) {
                    scan.last(page);
                } else {
                    // no token: the walk goes on below the oldest mention found
                    scan.goOn(page, null);
                }
                if (!complete && PollGate.spent(page.getRateLimitStatus())) {
                    break;
                }
            }
            gate.succeeded(account, PolledMessage.MENTION, page == null ? null : page.getRateLimitStatus());
            if (!complete) {
                LOG.info("Mention backlog of account {}: {} new so far, continuing at the next poll", account,
                        scan.found().size());
                return List.of();
            }
            scans.remove(account);
            scan.complete();
            return scan.found().stream()
                    .collect(java.util.stream.Collectors.toMap(Status::getId, s -> s, (a, b) -> a)).values().stream()
                    .sorted(Comparator.comparingLong(Status::getId))
                    .map(s -> PolledMessage.mention(account, s,
                            s.getUser() != null && s.getUser().getId() == accountId ? PolledMessage.ECHO : null,
                            PolledMessage.POLL))
                    .toList();
        } catch (TwitterException e) {
            gate.failed(account, PolledMessage.MENTION, e);
            return List.of();
        }
    }
}
