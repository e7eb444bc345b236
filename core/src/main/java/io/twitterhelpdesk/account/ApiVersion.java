package io.twitterhelpdesk.account;

import java.util.Arrays;

/**
 * The Twitter API generation an account is polled and answered through ({@code twitter.account.<name>.api}).
 * v1.1 DM and timeline endpoints are served to enterprise access only; the X developer tiers below it use v2.
 */
public enum ApiVersion {
    V1_1("v1.1"),
    V2("v2");

    private final String key;

    ApiVersion(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The version for a configuration value such as {@code v2}; empty for an unknown one. */
    public static java.util.Optional<ApiVersion> ofKey(String key) {
        return Arrays.stream(values()).filter(v -> v.key.equalsIgnoreCase(key)).findFirst();
    }
}
