package io.twitterhelpdesk.config;

import java.time.Duration;
import java.util.Optional;

import org.apache.camel.PropertyInject;

/** The {@code cluster.*} keys: this instance's name and its leases in the state database. */
public final class ClusterConfig {

    @PropertyInject("cluster.node-id")
    private Optional<String> nodeId;
    @PropertyInject("cluster.lease-duration")
    private Duration leaseDuration;
    @PropertyInject("cluster.renew-interval")
    private Duration renewInterval;

    /** The instance's name in the lease table; absent: host name and process id. */
    public Optional<String> nodeId() {
        return nodeId;
    }

    public Duration leaseDuration() {
        return leaseDuration;
    }

    public Duration renewInterval() {
        return renewInterval;
    }
}
