package io.twitterhelpdesk.e2e.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free TCP port on 127.0.0.1, for servers that cannot bind port 0 themselves. Taken below Linux's ephemeral range
 * (32768-60999), where the tests' own outgoing connections (JMS, HTTP clients) get their local ports: a port the OS
 * handed out as "free" could be taken by one of those before the server binds it (a management server once failed to
 * start with "Address already in use"). Never the same port twice in one JVM.
 */
public final class FreePorts {

    private static final int FIRST = 20000;
    private static final int COUNT = 12000;
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int next() {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = FIRST + ThreadLocalRandom.current().nextInt(COUNT);
            if (GIVEN.add(port) && bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port found in " + FIRST + "-" + (FIRST + COUNT - 1));
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
