package io.twitterhelpdesk.sandbox;

import io.twitterhelpdesk.sandbox.StoredRecords.DmEvent;
import io.twitterhelpdesk.sandbox.StoredRecords.Tweet;

/**
 * One change of the sandbox's data as {@link StoreJournal} writes it: the store applies the same changes live and
 * when it loads the journal, so both give the same state.
 */
sealed interface StoreChange {

    /** A user added, or changed (their DM setting, an account's name). */
    record UserSaved(SandboxUser user) implements StoreChange {
    }

    record FollowSet(long followerId, long followedId, boolean following) implements StoreChange {
    }

    record UserDeactivated(long userId) implements StoreChange {
    }

    record DmStored(DmEvent event) implements StoreChange {
    }

    record TweetStored(Tweet tweet) implements StoreChange {
    }

    /**
     * The id counters, at the head of a rewritten journal: they outlive the users and messages a reset drops, so ids
     * are never given twice.
     */
    record Counters(long lastId, long nextCustomerId) implements StoreChange {
    }
}
