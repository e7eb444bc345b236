package io.twitterhelpdesk.sandbox;

import java.util.Set;

/**
 * The X Activity API event types a subscription may name (X's OpenAPI enum plus {@code oauth.revoke}), which of them
 * are private (user context of the filtered user required) and which take no user filter.
 */
final class ActivityEventTypes {

    static final String DM_RECEIVED = "dm.received";
    static final String DM_SENT = "dm.sent";
    static final String POST_CREATE = "post.create";
    static final String POST_MENTION = "post.mention.create";
    static final String POST_REPLY = "post.reply.create";
    static final String OAUTH_REVOKE = "oauth.revoke";

    private static final Set<String> ALL = Set.of("profile.update.bio", "profile.update.profile_picture",
            "profile.update.banner_picture", "profile.update.screenname", "profile.update.geo", "profile.update.url",
            "profile.update.verified_badge", "profile.update.affiliate_badge", "profile.update.handle", "news.new",
            "follow.follow", "follow.unfollow", "spaces.start", "spaces.end", "broadcast.start", "broadcast.end",
            "broadcast.chat", "chat.received", "chat.sent", "chat.conversation.join",
            "chat.conversation.member_added", "chat.conversation.member_removed", "chat.conversation.admin_added",
            "chat.conversation.admin_removed", "chat.update.group_name", "chat.update.restrictions", DM_SENT,
            DM_RECEIVED, "dm.indicate_typing", "dm.read", POST_CREATE, "post.delete", POST_MENTION, POST_REPLY,
            "post.quote.create", "post.repost.create", "like.create", "mute.mute", "mute.unmute", "block.block",
            "block.unblock", OAUTH_REVOKE);
    /** Private events as X's introduction lists them (besides every {@code chat.*}, {@code dm.*}). */
    private static final Set<String> PRIVATE = Set.of(POST_MENTION, POST_REPLY, "post.quote.create",
            "post.repost.create", "like.create", "mute.mute", "mute.unmute", "block.block", "block.unblock",
            "broadcast.chat");

    private ActivityEventTypes() {
    }

    /** The canonical name of a known type ({@code chat.conversation_join} is an alias), or null when unknown. */
    static String canonical(String eventType) {
        if ("chat.conversation_join".equals(eventType)) {
            return "chat.conversation.join";
        }
        return ALL.contains(eventType) ? eventType : null;
    }

    static boolean isPrivate(String eventType) {
        return eventType.startsWith("dm.") || eventType.startsWith("chat.") || PRIVATE.contains(eventType);
    }

    /** App-level events: the filter must be empty. */
    static boolean appLevel(String eventType) {
        return eventType.equals(OAUTH_REVOKE);
    }

    /** Events filtered by keyword rather than user. */
    static boolean keywordFiltered(String eventType) {
        return eventType.equals("news.new");
    }
}
