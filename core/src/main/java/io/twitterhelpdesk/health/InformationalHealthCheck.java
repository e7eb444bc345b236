package io.twitterhelpdesk.health;

import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A check that shows in {@code /observe/health} but is neither a liveness nor a readiness check: a problem outside
 * the connector (Twitter refusing an account, a helpdesk down) must not make an orchestrator restart the connector
 * or stop routing webhooks and replies to it.
 */
public abstract class InformationalHealthCheck extends AbstractHealthCheck {

    protected InformationalHealthCheck(String group, String id) {
        super(group, id);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected HealthCheckResultBuilder doCall(Map<String, Object> options) {
        HealthCheckResultBuilder builder = super.doCall(options);
        builder.detail(HealthCheck.CHECK_KIND, HealthCheck.Kind.ALL);
        return builder;
    }
}
