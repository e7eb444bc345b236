package io.twitterhelpdesk.inbound;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import io.twitterhelpdesk.cost.BillableUnit;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.state.StateStore;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.v1.DirectMessage;
import twitter4j.v1.DirectMessageList;

/**
 * Fetches an account's new DMs from {@code direct_messages/events/list}: pages (newest first, at the API's maximum
 * page size) only until it reaches the persisted cursor, so a poll with nothing new costs one request. A scan cut
 * short by a rate limit or an error resumes from its page cursor at the next poll. Returns the new DMs oldest first,
 * marked as echoes when the account sent them itself.
 *
 * <p>camel-twitter's own DM consumer cannot do this: it reads every page of the 30-day history on every poll and
 * remembers what it delivered in memory only.
 */
public final class DirectMessagePoller {

    private static final Logger LOG = LoggerFactory.getLogger(DirectMessagePoller.class);

    private final TwitterClients clients;
    private final StateStore state;
    private final PollGate gate;
    private final CustomerDirectory customers;
    private final int pageSize;
    private final int maxPagesPerPoll;
    private final Map<String, BacklogScan<DirectMessage>> scans = new ConcurrentHashMap<>();

    public DirectMessagePoller(TwitterClients clients, StateStore state, PollGate gate, CustomerDirectory customers,
            int pageSize, int maxPagesPerPoll) {
        this.clients = clients;
        this.state = state;
        this.gate = gate;
        this.customers = customers;
        this.pageSize = pageSize;
        this.maxPagesPerPoll = maxPagesPerPoll;
    }

    public List<PolledMessage> poll(@Header("TwitterAccount") String account) {
        if (!gate.isOpen(account, PolledMessage.DM)) {
            return List.of();
        }
        BacklogScan<DirectMessage> scan = scans.computeIfAbsent(account,
                a -> BacklogScan.resume(state, a, PolledMessage.DM));
        try {
            Twitter client = clients.client(account);
            long accountId = clients.accountId(account);
            OptionalLong cursor = state.cursor(account, PolledMessage.DM);
            DirectMessageList page = null;
            boolean complete = false;
            for (int pages = 0; pages < maxPagesPerPoll && !complete; pages++) {
                page = scan.nextToken() == null
                        ? client.v1().directMessages().getDirectMessages(pageSize)
                        : client.v1().directMessages().getDirectMessages(pageSize, scan.nextToken());
                clients.meter().read(account, Long.toString(accountId), BillableUnit.DM_EVENT_READ,
                        page.stream().map(dm -> Long.toString(dm.getId())).toList());
                boolean reachedCursor = false;
                List<DirectMessage> fresh = new ArrayList<>();
                for (DirectMessage dm : page) {
                    if (cursor.isPresent() && dm.getId() <= cursor.getAsLong()) {
                        reachedCursor = true;
                    } else {
                        fresh.add(dm);
                    }
                }
                String next = page.getNextCursor();
                if (reachedCursor || page.isEmpty() || next == null || next.isEmpty() || next.equals("0")) {
                    scan.last(fresh);
                    complete = true;
                } else if (!scan.goOn(fresh, next)) {
                    LOG.warn("The DM list of account {} returned cursor {} twice: ending this scan there", account, next);
                    complete = true;
                }
                if (!complete && PollGate.spent(page.getRateLimitStatus())) {
                    break;
                }
            }
            gate.succeeded(account, PolledMessage.DM, page == null ? null : page.getRateLimitStatus());
            if (!complete) {
                LOG.info("DM backlog of account {}: {} new so far, continuing at the next poll", account,
                        scan.found().size());
                return List.of();
            }
            List<PolledMessage> polled = toPolled(account, accountId, client, scan.found());
            scans.remove(account);
            scan.complete();
            return polled;
        } catch (TwitterException e) {
            gate.failed(account, PolledMessage.DM, e);
            return List.of();
        }
    }

    private List<PolledMessage> toPolled(String account, long accountId, Twitter client, List<DirectMessage> found)
            throws TwitterException {
        List<DirectMessage> fresh = found.stream()
                .collect(java.util.stream.Collectors.toMap(DirectMessage::getId, dm -> dm, (a, b) -> a))
                .values().stream().sorted(Comparator.comparingLong(DirectMessage::getId)).toList();
        List<Long> senders = fresh.stream().map(DirectMessage::getSenderId).filter(id -> id != accountId).toList();
        Map<Long, CustomerRef> who = customers.resolve(clients, account, senders);
        List<PolledMessage> out = new ArrayList<>(fresh.size());
        for (DirectMessage dm : fresh) {
            CustomerRef customer = who.get(dm.getSenderId());
            String dropReason = dm.getSenderId() == accountId ? PolledMessage.ECHO
                    : customer == null ? PolledMessage.SENDER_GONE : null;
            out.add(PolledMessage.directMessage(account, dm, dropReason, customer, PolledMessage.POLL));
        }
        return out;
    }
}
