package io.twitterhelpdesk.inbound;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import io.twitterhelpdesk.conversation.TestDatabase;
import io.twitterhelpdesk.envelope.Envelope.CustomerRef;
import io.twitterhelpdesk.state.LookedUpUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import twitter4j.TwitterException;

import static io.twitterhelpdesk.inbound.SandboxedAccounts.SUPPORT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DM senders' names, asked from the sandbox's {@code users/lookup} in batches, at most once a UTC day per user (X
 * bills each user returned): kept in a bounded in-memory cache and in the state database, which a restarted or a
 * second directory on the same database answers from.
 */
class CustomerDirectoryTest {

    private final SandboxedAccounts x = new SandboxedAccounts();
    private final DataSource database = TestDatabase.migrated();

    private CustomerDirectory directory(int capacity) {
        return new CustomerDirectory(capacity, new LookedUpUsers(database), x.clock);
    }

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
        CustomerDirectory directory = directory(10);

        Map<Long, CustomerRef> found = directory.resolve(x.clients, SUPPORT, List.of(alice, bob, alice));

        assertThat(found).containsOnly(
                Map.entry(alice, new CustomerRef(Long.toString(alice), "alice", "ALICE")),
                Map.entry(bob, new CustomerRef(Long.toString(bob), "bob", "BOB")));
        assertThat(lookups()).isEqualTo(1);
        assertThat(directory.resolve(x.clients, SUPPORT, List.of(bob, alice))).isEqualTo(found);
        assertThat(lookups()).as("answered from the cache").isEqualTo(1);
    }

    @Test
    void aRestartedOrSecondInstanceDoesNotLookTheSameUserUpAgainThatDay() throws TwitterException {
        long alice = user("alice");
        long bob = user("bob");
        directory(10).resolve(x.clients, SUPPORT, List.of(alice, bob));
        assertThat(lookups()).isEqualTo(1);

        CustomerDirectory restarted = directory(10);
        assertThat(restarted.resolve(x.clients, SUPPORT, List.of(bob, alice))).containsOnly(
                Map.entry(alice, new CustomerRef(Long.toString(alice), "alice", "ALICE")),
                Map.entry(bob, new CustomerRef(Long.toString(bob), "bob", "BOB")));
        assertThat(lookups()).as("answered from the state database").isEqualTo(1);
        assertThat(x.sandbox.usageToday().rows()).as("each user billed once")
                .filteredOn(row -> row.unit().name().equals("USER_READ"))
                .singleElement().satisfies(row -> assertThat(row.units()).isEqualTo(2));
    }

    @Test
    void aUserIsLookedUpAgainOnTheNextUtcDayOnceUnderTheNameTheyHaveThen() throws TwitterException {
        long alice = user("alice");
        CustomerDirectory directory = directory(10);
        directory.resolve(x.clients, SUPPORT, List.of(alice));
        x.clock.set(x.clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay()
                .toInstant(ZoneOffset.UTC));

        directory.resolve(x.clients, SUPPORT, List.of(alice));
        directory(10).resolve(x.clients, SUPPORT, List.of(alice));
        directory.resolve(x.clients, SUPPORT, List.of(alice));

        assertThat(lookups()).as("once on each day, by whichever directory asked first").isEqualTo(2);
    }

    @Test
    void theMemoryKeepsOnlyItsCapacityTheForgottenSenderIsReadBackFromTheDatabase() throws TwitterException {
        long alice = user("alice");
        long bob = user("bob");
        long carol = user("carol");
        CustomerDirectory directory = directory(2);
        directory.resolve(x.clients, SUPPORT, List.of(alice));
        directory.resolve(x.clients, SUPPORT, List.of(bob));
        directory.resolve(x.clients, SUPPORT, List.of(alice));
        directory.resolve(x.clients, SUPPORT, List.of(carol));
        int before = lookups();

        directory.resolve(x.clients, SUPPORT, List.of(alice));
        directory.resolve(x.clients, SUPPORT, List.of(carol));
        assertThat(lookups()).as("alice and carol still cached").isEqualTo(before);

        assertThat(directory.resolve(x.clients, SUPPORT, List.of(bob))).containsKey(bob);
        assertThat(lookups()).as("bob, forgotten in memory, is read from the database, not asked again")
                .isEqualTo(before);
    }

    @Test
    void moreThanAHundredSendersAreAskedInBatchesOfAHundred() throws TwitterException {
        List<Long> ids = IntStream.range(0, 150).mapToObj(i -> user("cust" + i)).toList();

        Map<Long, CustomerRef> found = directory(1000).resolve(x.clients, SUPPORT, ids);

        assertThat(found).hasSize(150);
        assertThat(found.get(ids.get(149)).screenName()).isEqualTo("cust149");
        assertThat(lookups()).isEqualTo(2);
    }

    @Test
    void aSenderWhoseAccountNoLongerExistsIsNotFound() throws TwitterException {
        long alice = user("alice");

        assertThat(directory(10).resolve(x.clients, SUPPORT, List.of(999_999L))).isEmpty();
        assertThat(directory(10).resolve(x.clients, SUPPORT, List.of(999_999L, alice)))
                .containsOnlyKeys(alice);
    }
}
