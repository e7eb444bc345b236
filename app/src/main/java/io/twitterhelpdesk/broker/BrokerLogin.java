package io.twitterhelpdesk.broker;

/**
 * The one user the embedded broker accepts when it requires a login: the connector itself and every helpdesk (JMS,
 * AMQP 1.0, STOMP or MQTT) connect with it. {@link #toString()} never shows the password.
 */
public record BrokerLogin(String user, String password) {

    @Override
    public String toString() {
        return "BrokerLogin[user=" + user + "]";
    }
}
