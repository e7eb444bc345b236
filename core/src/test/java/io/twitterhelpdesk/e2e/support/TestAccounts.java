package io.twitterhelpdesk.e2e.support;

import java.util.LinkedHashMap;
import java.util.Map;

import io.twitterhelpdesk.sandbox.TwitterSandbox;

/** Two company accounts with made-up credentials, registered in a sandbox and written as connector properties. */
public final class TestAccounts {

    public static final long SUPPORT_ID = 42;
    public static final long SALES_ID = 43;

    private TestAccounts() {
    }

    public static void register(TwitterSandbox sandbox) {
        sandbox.registerAccount(SUPPORT_ID, "acme_support", "ACME Support", "ck-test", "cs-test", "at-42", "ats-42");
        sandbox.registerAccount(SALES_ID, "acme_sales", "ACME Sales", "ck-test", "cs-test", "at-43", "ats-43");
    }

    public static Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("twitter.accounts", "acme_support,acme_sales");
        account(p, "acme_support", "at-42", "ats-42");
        account(p, "acme_sales", "at-43", "ats-43");
        return p;
    }

    private static void account(Map<String, String> p, String name, String token, String tokenSecret) {
        String k = "twitter.account." + name + ".";
        p.put(k + "screen-name", name);
        p.put(k + "consumer-key", "ck-test");
        p.put(k + "consumer-secret", "cs-test");
        p.put(k + "access-token", token);
        p.put(k + "access-token-secret", tokenSecret);
    }
}
