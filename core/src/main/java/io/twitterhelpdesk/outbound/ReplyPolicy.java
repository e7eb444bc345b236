package io.twitterhelpdesk.outbound;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.twitterhelpdesk.config.OutboundConfig.UrlReplies;
import io.twitterhelpdesk.conversation.ConversationKey;
import io.twitterhelpdesk.cost.BillableUnit;
import io.twitterhelpdesk.state.ConversationStore;
import io.twitterhelpdesk.state.DmContact;
import io.twitterhelpdesk.state.ThreadState;
import io.twitterhelpdesk.outbound.ReplyDecision.Mode;
import io.twitterhelpdesk.outbound.ReplyDecision.Reject;
import io.twitterhelpdesk.outbound.ReplyDecision.Send;

/**
 * Decides, before any Twitter call, whether and how a reply may go out, in this order: the customer wrote first;
 * a DM conversation is answered by DM and a thread in public (or by DM to a customer who DMed the thread's
 * account); from which account; the DM window (24 hours, 5 replies since the customer's last message); the length.
 * It only reads: the caller reserves the DM send with {@link ConversationStore#dmSendSlot} right before sending.
 */
public final class ReplyPolicy {

    private final ConversationStore store;
    private final Clock clock;
    private final int maxSendsPerWindow;
    private final Duration window;
    /** A public reply with a link refused ({@code outbound.url-replies = refuse}). */
    public static final String URL_REFUSED = "url_reply_refused";
    /** A public reply with a link to go by DM instead, to a customer who never DMed the account. */
    public static final String URL_NEEDS_DM = "url_reply_needs_dm";

    private final Function<Long, Optional<String>> accountNames;
    private final UrlReplies urlReplies;

    public ReplyPolicy(ConversationStore store, Clock clock, int maxSendsPerWindow, Duration window) {
        this(store, clock, maxSendsPerWindow, window, id -> Optional.empty(), UrlReplies.ALLOW);
    }

    /**
     * @param accountNames the configured account's name for a Twitter id (for proactive DMs)
     * @param urlReplies   what becomes of a public reply whose text holds a link ({@code outbound.url-replies})
     */
    public ReplyPolicy(ConversationStore store, Clock clock, int maxSendsPerWindow, Duration window,
            Function<Long, Optional<String>> accountNames, UrlReplies urlReplies) {
        if (maxSendsPerWindow < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("maxSendsPerWindow must be at least 1 and window positive, not "
                    + maxSendsPerWindow + " and " + window);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxSendsPerWindow = maxSendsPerWindow;
        this.window = window;
        this.accountNames = Objects.requireNonNull(accountNames, "accountNames");
        this.urlReplies = Objects.requireNonNull(urlReplies, "urlReplies");
    }

    /** Whether a rejection's code is one of a public reply refused for its link. */
    public static boolean isUrlRefusal(String code) {
        return URL_REFUSED.equals(code) || URL_NEEDS_DM.equals(code);
    }

    public ReplyDecision decide(ReplyRequest request) {
        return decide(request, false);
    }

    /**
     * The decision for a reply whose send was under way when the connector stopped: the same rules, except that
     * its DM already holds one of the replies allowed since the customer's message.
     */
    public ReplyDecision decideResumed(ReplyRequest request) {
        return decide(request, true);
    }

    private ReplyDecision decide(ReplyRequest request, boolean slotHeld) {
        ConversationKey key;
        try {
            key = ConversationKey.parse(request.conversationKey());
        } catch (IllegalArgumentException e) {
            return new Reject("invalid_conversation_key", e.getMessage());
        }
        if (request.mode() != null && !request.mode().equals("dm") && !request.mode().equals("public")
                && !request.isProactive()) {
            return new Reject("invalid_mode",
                    "mode must be \"dm\", \"public\" or \"proactive\", not \"" + request.mode() + "\"");
        }
        Long accountId;
        try {
            accountId = request.accountId() == null ? null : Long.valueOf(request.accountId());
        } catch (NumberFormatException e) {
            return new Reject("invalid_account_id", "accountId must be a numeric Twitter id, not \"" + request.accountId() + "\"");
        }
        if (request.isProactive()) {
            return decideProactive(request, key, accountId);
        }
        return key.kind() == ConversationKey.Kind.DM
                ? decideDm(request, key, accountId, slotHeld)
                : decideThread(request, key, accountId, slotHeld);
    }

    private ReplyDecision decideDm(ReplyRequest request, ConversationKey key, Long accountId, boolean slotHeld) {
        List<DmContact> contacts = store.dmContacts(key.customerId());
        if (contacts.isEmpty()) {
            return new Reject("customer_has_not_written_first", "Customer " + key.customerId()
                    + " has never sent a Direct Message to a company account; an agent may only DM a customer who wrote first");
        }
        if ("public".equals(request.mode())) {
            return new Reject("dm_never_public",
                    "A Direct Message conversation is never answered in public; send it without mode or with mode \"dm\"");
        }
        DmContact contact = contacts.get(0);
        if (accountId != null) {
            Optional<DmContact> named = contacts.stream().filter(c -> c.accountId() == accountId).findFirst();
            if (named.isEmpty()) {
                return new Reject("account_not_in_conversation", "Customer " + key.customerId()
                        + " never sent a Direct Message to account " + accountId + "; they wrote to " + accountNames(contacts));
            }
            contact = named.get();
        }
        return directMessage(contact, request, slotHeld);
    }

    /**
     * A DM the account starts: the key names a configured account and the customer; no window applies (the customer
     * may never have written), Twitter is asked before the send whether the customer accepts it.
     */
    private ReplyDecision decideProactive(ReplyRequest request, ConversationKey key, Long accountId) {
        if (key.kind() != ConversationKey.Kind.DM) {
            return new Reject("invalid_conversation_key",
                    "A proactive DM names the account and the customer: twitter:dm:<accountId>:<customerId>");
        }
        if (accountId != null && accountId != key.accountId()) {
            return new Reject("invalid_account_id", "accountId " + accountId + " is not the account of "
                    + request.conversationKey());
        }
        Optional<String> account = accountNames.apply(key.accountId());
        if (account.isEmpty()) {
            return new Reject("unknown_account", "Account " + key.accountId() + " of " + request.conversationKey()
                    + " is not one of the connector's accounts");
        }
        int length = TweetLength.dmLength(request.text());
        if (length > TweetLength.MAX_DM) {
            return tooLong("A Direct Message", length, TweetLength.MAX_DM, "characters");
        }
        String screenName = store.dmContact(key.accountId(), key.customerId()).map(DmContact::customerScreenName)
                .orElse(null);
        return new Send(account.get(), key.accountId(), Mode.DM, key.customerId(), screenName, null, request.text(),
                request.conversationKey(), true);
    }

    private ReplyDecision decideThread(ReplyRequest request, ConversationKey key, Long accountId, boolean slotHeld) {
        Optional<ThreadState> found = store.thread(key.rootId());
        if (found.isEmpty()) {
            return new Reject("customer_has_not_written_first",
                    "No customer tweet is known in thread " + key.rootId() + "; a thread is answered only under a customer's tweet");
        }
        ThreadState thread = found.get();
        if ("dm".equals(request.mode())) {
            Optional<DmContact> contact = store.dmContact(thread.accountId(), thread.customerId());
            if (contact.isEmpty()) {
                return new Reject("customer_has_not_written_first", "@" + thread.customerScreenName()
                        + " never sent a Direct Message to @" + thread.accountName()
                        + "; answer in public, or invite them to DM the account first");
            }
            if (accountId != null && accountId != thread.accountId()) {
                return accountNotInThread(thread, accountId);
            }
            return directMessage(contact.get(), request, slotHeld);
        }
        if (accountId != null && accountId != thread.accountId()) {
            return accountNotInThread(thread, accountId);
        }
        if (urlReplies != UrlReplies.ALLOW
                && BillableUnit.postCreate(request.text()) == BillableUnit.POST_CREATE_WITH_URL) {
            return linkNotInPublic(request, thread, slotHeld);
        }
        int length = TweetLength.weightedLength(request.text());
        if (length > TweetLength.MAX_TWEET) {
            return tooLong("A public reply", length, TweetLength.MAX_TWEET, "weighted characters (CJK and emoji count 2, a link 23)");
        }
        return new Send(thread.accountName(), thread.accountId(), Mode.PUBLIC, thread.customerId(),
                thread.customerScreenName(), thread.lastCustomerTweetId(), request.text(), request.conversationKey());
    }

    /**
     * A public reply with a link, which X bills $0.200 instead of $0.015: refused, or sent by DM to a customer who
     * DMed the account ({@code outbound.url-replies}).
     */
    private ReplyDecision linkNotInPublic(ReplyRequest request, ThreadState thread, boolean slotHeld) {
        if (urlReplies == UrlReplies.REFUSE) {
            return new Reject(URL_REFUSED, "A public reply with a link is refused (outbound.url-replies = refuse: "
                    + "X bills a post with a link as post_create_with_url); send it without the link, or by DM "
                    + "with mode \"dm\"");
        }
        Optional<DmContact> contact = store.dmContact(thread.accountId(), thread.customerId());
        if (contact.isEmpty()) {
            return new Reject(URL_NEEDS_DM, "A reply with a link goes by DM (outbound.url-replies = dm-instead), but @"
                    + thread.customerScreenName() + " never sent a Direct Message to @" + thread.accountName()
                    + "; send it without the link, or invite them to DM the account first");
        }
        return directMessage(contact.get(), request, slotHeld);
    }

    private ReplyDecision directMessage(DmContact contact, ReplyRequest request, boolean slotHeld) {
        Duration since = Duration.between(contact.lastCustomerMessageAt(), clock.instant());
        if (since.compareTo(window) > 0) {
            return new Reject("outside_messaging_window", "The customer last wrote " + describe(since)
                    + " ago; Twitter allows replies within " + describe(window) + " of the customer's last message");
        }
        if (!slotHeld && contact.sendsSinceCustomerMessage() >= maxSendsPerWindow) {
            return new Reject("window_limit_reached", contact.sendsSinceCustomerMessage()
                    + " replies already sent since the customer's last message; Twitter allows " + maxSendsPerWindow
                    + " within " + describe(window) + " until the customer writes again");
        }
        int length = TweetLength.dmLength(request.text());
        if (length > TweetLength.MAX_DM) {
            return tooLong("A Direct Message", length, TweetLength.MAX_DM, "characters");
        }
        return new Send(contact.accountName(), contact.accountId(), Mode.DM, contact.customerId(),
                contact.customerScreenName(), null, request.text(), request.conversationKey());
    }

    private static Reject accountNotInThread(ThreadState thread, long accountId) {
        return new Reject("account_not_in_conversation", "Thread " + thread.rootId() + " belongs to @"
                + thread.accountName() + " (" + thread.accountId() + "), not to account " + accountId);
    }

    private static Reject tooLong(String what, int length, int limit, String unit) {
        return new Reject("text_too_long", what + " may have at most " + limit + " " + unit + "; this text has " + length
                + ". Shorten it (it is never cut)");
    }

    private static String accountNames(List<DmContact> contacts) {
        return String.join(", ", contacts.stream().map(c -> "@" + c.accountName() + " (" + c.accountId() + ")").toList());
    }

    /** Whole days from two days on, whole hours from one hour on, else whole minutes. */
    static String describe(Duration d) {
        if (d.toHours() >= 48) {
            return plural(d.toDays(), "day");
        }
        if (d.toHours() >= 1) {
            return plural(d.toHours(), "hour");
        }
        return plural(d.toMinutes(), "minute");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
