package io.twitterhelpdesk.config;

import java.time.Duration;

import org.apache.camel.PropertyInject;

/** The {@code conversation.*} key Java reads: when a conversation ends without a customer message. */
public final class ConversationConfig {

    @PropertyInject("conversation.inactivity-timeout")
    private Duration inactivityTimeout;

    public Duration inactivityTimeout() {
        return inactivityTimeout;
    }
}
