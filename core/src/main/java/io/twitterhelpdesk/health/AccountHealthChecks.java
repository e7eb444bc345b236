package io.twitterhelpdesk.health;

import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRepository;

/**
 * The {@link AccountHealthCheck}s of all accounts as one health check repository, registered with the context's
 * health check registry rather than bound in the bean registry one per account: Camel looks beans up by type while
 * it builds every route (error handlers, endpoints), and each lookup walks the whole bean registry, so with a bean
 * per account a thousand accounts' two thousand pollers made the start spend a tenth of its time there.
 */
public final class AccountHealthChecks implements HealthCheckRepository, CamelContextAware {

    private final List<AccountHealthCheck> checks;
    private CamelContext camelContext;
    private boolean enabled = true;

    public AccountHealthChecks(List<AccountHealthCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    @Override
    public String getId() {
        return "account-checks";
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Stream<HealthCheck> stream() {
        return checks.stream().map(HealthCheck.class::cast);
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        checks.forEach(check -> check.setCamelContext(camelContext));
    }
}
