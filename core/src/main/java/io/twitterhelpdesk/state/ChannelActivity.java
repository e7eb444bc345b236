package io.twitterhelpdesk.state;

import java.time.Instant;

/**
 * One row of {@code channel_activity}.
 *
 * @param lastMessageAt when the connector last delivered a customer message on the channel (or started watching it)
 * @param alertRaisedAt when the silent-channel alert was raised, null when none is raised
 * @param silentSince   the {@code lastMessageAt} the raised alert reported, null when none is raised
 */
public record ChannelActivity(String account, String channel, Instant lastMessageAt, Instant alertRaisedAt,
        Instant silentSince) {
}
