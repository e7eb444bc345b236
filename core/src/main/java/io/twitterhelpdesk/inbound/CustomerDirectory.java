package io.twitterhelpdesk.inbound;


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
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.v1.User;

/**
 * Screen names and names of DM senders (the v1.1 DM list carries only their ids), looked up in batches of 100
 * with {@code users/lookup} and kept in a bounded in-memory cache.
 */
public final class CustomerDirectory {

    private static final int BATCH = 100;
    private final Map<Long, CustomerRef> cache;

    public CustomerDirectory(int capacity) {
        this.cache = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, CustomerRef> eldest) {
                return size() > capacity;
            }
        });
    }

    /**
     * The customers with these ids; unknown ones are asked from the API ({@code users/lookup}) with the account's
     * client, the users it returns counted by the cost meter.
     */
    public Map<Long, CustomerRef> resolve(TwitterClients clients, String account, Collection<Long> ids)
            throws TwitterException {
        Twitter client = clients.client(account);
        Map<Long, CustomerRef> found = new HashMap<>();
        long[] missing = ids.stream().distinct().filter(id -> {
            CustomerRef known = cache.get(id);
            if (known != null) {
                found.put(id, known);
            }
            return known == null;
        }).mapToLong(Long::longValue).toArray();
        for (int from = 0; from < missing.length; from += BATCH) {
            long[] batch = java.util.Arrays.copyOfRange(missing, from, Math.min(missing.length, from + BATCH));
            List<User> users = lookup(client, batch);
            clients.meter().read(account, BillableUnit.USER_READ,
                    users.stream().map(user -> Long.toString(user.getId())).toList());
            for (User user : users) {
                CustomerRef ref = new CustomerRef(Long.toString(user.getId()), user.getScreenName(), user.getName());
                cache.put(user.getId(), ref);
                found.put(user.getId(), ref);
            }
        }
        return found;
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
