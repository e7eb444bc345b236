package io.twitterhelpdesk.inbound;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
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
    private final Map<String, Scan> scans = new ConcurrentHashMap<>();

    public DirectMessagePoller(TwitterClients clients, StateStore state, PollGate gate, CustomerDirectory customers,
            int pageSize, int maxPagesPerPoll) {
        this.clients = clients;
        this.state = state;
        this.gate = gate;
        this.customers = customers;
        this.pageSize = pageSize;
        this.maxPagesPerPoll = maxPagesPerPoll;
    }

    /**
     * A scan of the DM list in progress: the page cursor to continue from and what it found so far; each page of a
     * scan that goes on at the next poll is kept in the state database, from where a restart (or the instance that
     * takes the account over) goes on with it instead of fetching those pages again.
     */
    private static final class Scan {
        final List<DirectMessage> found = new ArrayList<>();
        final Set<String> seenCursors = new HashSet<>();
        String nextCursor;
        int pages;
    }

    private Scan restore(String account) {
        Scan scan = new Scan();
        for (StateStore.ScanPage page : state.scanPages(account, PolledMessage.DM)) {
            page.found().forEach(dm -> scan.found.add((DirectMessage) dm));
            scan.nextCursor = page.nextToken();
            scan.seenCursors.add(page.nextToken());
            scan.pages++;
        }
        if (scan.pages > 0) {
            LOG.info("DM backlog of account {}: going on with the scan kept before ({} pages, {} new)", account,
                    scan.pages, scan.found.size());
        }
        return scan;
    }

    public List<PolledMessage> poll(@Header("TwitterAccount") String account) {
        if (!gate.isOpen(account, PolledMessage.DM)) {
            return List.of();
        }
        Scan scan = scans.computeIfAbsent(account, this::restore);
        try {
            Twitter client = clients.client(account);
            long accountId = clients.accountId(account);
            OptionalLong cursor = state.cursor(account, PolledMessage.DM);
            DirectMessageList page = null;
            boolean complete = false;
            for (int pages = 0; pages < maxPagesPerPoll && !complete; pages++) {
                page = scan.nextCursor == null
                        ? client.v1().directMessages().getDirectMessages(pageSize)
                        : client.v1().directMessages().getDirectMessages(pageSize, scan.nextCursor);
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
                scan.found.addAll(fresh);
                String next = page.getNextCursor();
                if (reachedCursor || page.isEmpty() || next == null || next.isEmpty() || next.equals("0")) {
                    complete = true;
                } else if (!scan.seenCursors.add(next)) {
                    LOG.warn("The DM list of account {} returned cursor {} twice: ending this scan there", account, next);
                    complete = true;
                } else {
                    state.keepScanPage(account, PolledMessage.DM, scan.pages, next, fresh);
                    scan.pages++;
                    scan.nextCursor = next;
                }
                if (!complete && PollGate.spent(page.getRateLimitStatus())) {
                    break;
                }
            }
            gate.succeeded(account, PolledMessage.DM, page == null ? null : page.getRateLimitStatus());
            if (!complete) {
                LOG.info("DM backlog of account {}: {} new so far, continuing at the next poll", account, scan.found.size());
                return List.of();
            }
            List<PolledMessage> polled = toPolled(account, accountId, client, scan.found);
            scans.remove(account);
            if (scan.pages > 0) {
                state.dropScan(account, PolledMessage.DM);
            }
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
