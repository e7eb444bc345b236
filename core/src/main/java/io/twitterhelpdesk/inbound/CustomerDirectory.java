package io.twitterhelpdesk.inbound;


import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.twitterhelpdesk.cost.BillableUnit;
import io.twitterhelpdesk.account.Account;
import io.twitterhelpdesk.xapi.TwitterClients;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.state.LookedUpUsers;
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.v1.User;

/**
 * Screen names and names of DM senders (the v1.1 DM list carries only their ids), looked up in batches of 100
 * with {@code users/lookup} at most once a UTC day per user: X bills each user a look-up returns, so a user looked up
 * today is answered from a bounded in-memory cache, else from the state database (V15, {@link LookedUpUsers}: a
 * restart or another instance looked them up today), and asked from X again only on a later day (a renamed customer
 * shows under the new name from then on).
 */
public final class CustomerDirectory {

    private static final int BATCH = 100;

    private record Known(CustomerRef ref, LocalDate day) {
    }

    private final Map<Long, Known> cache;
    private final LookedUpUsers lookedUp;
    private final Clock clock;

    public CustomerDirectory(int capacity, LookedUpUsers lookedUp, Clock clock) {
        this.lookedUp = lookedUp;
        this.clock = clock;
        this.cache = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Known> eldest) {
                return size() > capacity;
            }
        });
    }

    /**
     * The customers with these ids; those not looked up today are asked from the API ({@code users/lookup}) with the
     * account's client, the users it returns counted by the cost meter and kept in the state database.
     */
    public Map<Long, CustomerRef> resolve(TwitterClients clients, String account, Collection<Long> ids)
            throws TwitterException {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Map<Long, CustomerRef> found = new HashMap<>();
        List<String> notInMemory = ids.stream().distinct().filter(id -> {
            Known known = cache.get(id);
            if (known != null && known.day().equals(today)) {
                found.put(id, known.ref());
            }
            return !found.containsKey(id);
        }).map(String::valueOf).toList();
        if (notInMemory.isEmpty()) {
            return found;
        }
        for (LookedUpUsers.User user : lookedUp.lookedUpOn(today, notInMemory)) {
            keep(Long.parseLong(user.id()), new CustomerRef(user.id(), user.screenName(), user.name()), today, found);
        }
        long[] missing = notInMemory.stream().mapToLong(Long::parseLong).filter(id -> !found.containsKey(id))
                .toArray();
        if (missing.length == 0) {
            return found;
        }
        Twitter client = clients.client(account);
        for (int from = 0; from < missing.length; from += BATCH) {
            long[] batch = java.util.Arrays.copyOfRange(missing, from, Math.min(missing.length, from + BATCH));
            List<User> users = lookup(client, batch);
            clients.meter().read(account, BillableUnit.USER_READ,
                    users.stream().map(user -> Long.toString(user.getId())).toList());
            lookedUp.remember(users.stream().map(user -> new LookedUpUsers.User(Long.toString(user.getId()),
                    user.getScreenName(), user.getName(), today)).toList());
            for (User user : users) {
                keep(user.getId(), new CustomerRef(Long.toString(user.getId()), user.getScreenName(), user.getName()),
                        today, found);
            }
        }
        return found;
    }

    private void keep(long id, CustomerRef ref, LocalDate day, Map<Long, CustomerRef> found) {
        cache.put(id, new Known(ref, day));
        found.put(id, ref);
    }

    /**
     * One user a pushed event names without its screen name, asked with the account's v1.1 client; null when it
     * no longer exists, or when the account authenticates with OAuth 2.0 only and has no v1.1 client to ask with.
     */
    public CustomerRef find(TwitterClients clients, Account account, long userId) throws TwitterException {
        if (!account.usesOAuth1()) {
            return null;
        }
        return resolve(clients, account.name(), List.of(userId)).get(userId);
    }

    /** users/lookup answers 404 (code 17) when none of the ids exists any more: that is an empty answer. */
    private static List<User> lookup(Twitter client, long[] ids) throws TwitterException {
        try {
            return client.v1().users().lookupUsers(ids);
        } catch (TwitterException e) {
            if (e.getStatusCode() == 404) {
                return List.of();
            }
            throw e;
        }
    }
}
