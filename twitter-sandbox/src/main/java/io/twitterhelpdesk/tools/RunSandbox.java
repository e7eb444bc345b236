package io.twitterhelpdesk.tools;

import java.util.concurrent.CountDownLatch;

import io.twitterhelpdesk.sandbox.TwitterSandbox;

/**
 * Runs the built-in Twitter sandbox alone, for a Camel application that uses the connector's Kamelets (or any other
 * Twitter client) and wants a Twitter to talk to:
 *
 * <pre>
 * java -cp 'app/target/lib/*' io.twitterhelpdesk.tools.RunSandbox [api] [admin]
 * </pre>
 *
 * (from the repository root after {@code mvn -DskipTests package}: app/target/lib holds this module's jar and Jackson,
 * all it needs)
 *
 * The API ({@code /1.1/}, {@code /2/}) on 127.0.0.1:8089 and the admin API on 127.0.0.1:8090 unless other ports are
 * given, with the demo account {@code acme_support} (id 4200) and the connector's sandbox credentials
 * (application.properties). Ctrl-C stops it.
 */
public final class RunSandbox {

    private RunSandbox() {
    }

    public static void main(String[] args) throws InterruptedException {
        int apiPort = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        int adminPort = args.length > 1 ? Integer.parseInt(args[1]) : 8090;
        TwitterSandbox sandbox = new TwitterSandbox("127.0.0.1", apiPort, adminPort).start();
        sandbox.registerAccount(4200, "acme_support", "acme_support", "sandbox-consumer-key", "sandbox-consumer-secret",
                "4200-sandbox-access-token", "sandbox-access-token-secret");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }));
        System.out.println("Twitter sandbox: API " + sandbox.restBaseUrl() + " and " + sandbox.v2BaseUrl()
                + ", admin " + sandbox.adminBaseUrl() + " (account acme_support, id 4200). Ctrl-C stops it.");
        stopped.await();
    }
}
