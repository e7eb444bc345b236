package io.twitterhelpdesk.inbound;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import twitter4j.TwitterException;

import static io.twitterhelpdesk.inbound.SandboxedAccounts.SUPPORT;
import static org.assertj.core.api.Assertions.assertThat;

/** DM senders' names, asked from the sandbox's {@code users/lookup} in batches and kept in a bounded cache. */
class CustomerDirectoryTest {

    private final SandboxedAccounts x = new SandboxedAccounts();

    @AfterEach
    void stop() {
        x.close();
    }

    private long user(String screenName) {
        return x.sandbox.createUser(screenName, screenName.toUpperCase()).id();
    }

    private int lookups() {
        return x.sandbox.requestCount("users_lookup");
    }

    @Test
    void sendersAreResolvedToTheirScreenNamesAndNamesAndAskedForOnlyOnce() throws TwitterException {
        long alice = user("alice");
        long bob = user("bob");
        CustomerDirectory directory = new CustomerDirectory(10);

        Map<Long, CustomerRef> found = directory.resolve(x.clients, SUPPORT, List.of(alice, bob, alice));

        assertThat(found).containsOnly(
                Map.entry(alice, new CustomerRef(Long.toString(alice), "alice", "ALICE")),
                Map.entry(bob, new CustomerRef(Long.toString(bob), "bob", "BOB")));
        assertThat(lookups()).isEqualTo(1);
        assertThat(directory.resolve(x.clients, SUPPORT, List.of(bob, alice))).isEqualTo(found);
        assertThat(lookups()).as("answered from the cache").isEqualTo(1);
    }

    @Test
    void theCacheKeepsOnlyItsCapacityForgettingTheLeastRecentlyUsedSender() throws TwitterException {
        long alice = user("alice");
        long bob = user("bob");
        long carol = user("carol");
        CustomerDirectory directory = new CustomerDirectory(2);
        directory.resolve(x.clients, SUPPORT, List.of(alice));
        directory.resolve(x.clients, SUPPORT, List.of(bob));
        directory.resolve(x.clients, SUPPORT, List.of(alice));
        directory.resolve(x.clients, SUPPORT, List.of(carol));
        int before = lookups();

        directory.resolve(x.clients, SUPPORT, List.of(alice));
        directory.resolve(x.clients, SUPPORT, List.of(carol));
        assertThat(lookups()).as("alice and carol still cached").isEqualTo(before);

        assertThat(directory.resolve(x.clients, SUPPORT, List.of(bob))).containsKey(bob);
        assertThat(lookups()).as("bob was forgotten and asked again").isEqualTo(before + 1);
    }

    @Test
    void moreThanAHundredSendersAreAskedInBatchesOfAHundred() throws TwitterException {
        List<Long> ids = IntStream.range(0, 150).mapToObj(i -> user("cust" + i)).toList();

        Map<Long, CustomerRef> found = new CustomerDirectory(1000).resolve(x.clients, SUPPORT, ids);

        assertThat(found).hasSize(150);
        assertThat(found.get(ids.get(149)).screenName()).isEqualTo("cust149");
        assertThat(lookups()).isEqualTo(2);
    }

    @Test
    void aSenderWhoseAccountNoLongerExistsIsNotFound() throws TwitterException {
        long alice = user("alice");

        assertThat(new CustomerDirectory(10).resolve(x.clients, SUPPORT, List.of(999_999L))).isEmpty();
        assertThat(new CustomerDirectory(10).resolve(x.clients, SUPPORT, List.of(999_999L, alice)))
                .containsOnlyKeys(alice);
    }
}
