package io.twitterhelpdesk.tools;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Prints what arrives on a queue, with its JMS properties: a look at what the helpdesk will read.
 *
 * <pre>
 * java -cp target/twitter-helpdesk-connector.jar io.twitterhelpdesk.tools.WatchQueue [--consume] [url] [queue]
 * </pre>
 *
 * By default it browses (the messages stay on the queue for the helpdesk); {@code --consume} takes them off.
 * Defaults: {@code tcp://127.0.0.1:61616}, {@code twitter.inbound}; BROKER_USER / BROKER_PASSWORD if set.
 */
public final class WatchQueue {

    private WatchQueue() {
    }

    public static void main(String[] args) throws Exception {
        boolean consume = args.length > 0 && args[0].equals("--consume");
        int i = consume ? 1 : 0;
        String url = args.length > i ? args[i] : "tcp://127.0.0.1:61616";
        String queueName = args.length > i + 1 ? args[i + 1] : "twitter.inbound";
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url, System.getenv("BROKER_USER"),
                System.getenv("BROKER_PASSWORD"));
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(queueName);
            System.out.println((consume ? "Consuming " : "Browsing ") + queueName + " on " + url + " (Ctrl-C to stop)");
            if (consume) {
                try (MessageConsumer consumer = session.createConsumer(queue)) {
                    while (true) {
                        print(consumer.receive());
                    }
                }
            }
            Set<String> seen = new HashSet<>();
            while (true) {
                try (QueueBrowser browser = session.createBrowser(queue)) {
                    for (Message m : Collections.list((Enumeration<Message>) browser.getEnumeration())) {
                        if (seen.add(m.getJMSMessageID())) {
                            print(m);
                        }
                    }
                }
                Thread.sleep(1000);
            }
        }
    }

    private static void print(Message m) throws JMSException {
        StringBuilder line = new StringBuilder("--- ").append(m.getJMSMessageID());
        for (String name : Collections.list((Enumeration<String>) m.getPropertyNames())) {
            line.append("\n    ").append(name).append(" = ").append(m.getObjectProperty(name));
        }
        System.out.println(line);
        System.out.println(m instanceof TextMessage text ? text.getText() : m.toString());
    }
}
