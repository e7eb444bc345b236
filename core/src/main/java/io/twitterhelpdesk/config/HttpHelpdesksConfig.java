package io.twitterhelpdesk.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.camel.PropertyInject;

/**
 * The keys of HTTP delivery as a whole: which helpdesks there are ({@code helpdesk.http.helpdesks}) and how often
 * their probe URLs are called. Each helpdesk's own keys are a {@link HelpdeskConfig}.
 */
public final class HttpHelpdesksConfig implements Settings.Checked {

    @PropertyInject("helpdesk.http.helpdesks")
    private String helpdesks;
    @PropertyInject("helpdesk.http.probe-url-interval")
    private Duration probeUrlInterval;

    @Override
    public void check(String prefix) {
        names();
        if (probeUrlInterval.isNegative() || probeUrlInterval.isZero()) {
            throw new IllegalArgumentException("helpdesk.http.probe-url-interval must be longer than 0, e.g. 1m, not "
                    + probeUrlInterval);
        }
    }

    /**
     * The names in {@code helpdesk.http.helpdesks}, lower-cased, each once; each helpdesk's keys are under
     * {@code helpdesk.http.<name>.}. {@code default} names the defaults of those keys, not a helpdesk.
     */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (String name : helpdesks.split(",")) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (n.isEmpty()) {
                continue;
            }
            if (!n.matches("[a-z0-9_-]+")) {
                throw new IllegalArgumentException("helpdesk.http.helpdesks: '" + name.trim()
                        + "' is not a helpdesk name (lower-case letters, digits, '_' and '-')");
            }
            if (n.equals("default")) {
                throw new IllegalArgumentException("helpdesk.http.helpdesks: 'default' is not a helpdesk name: "
                        + HelpdeskConfig.DEFAULTS + "* are the defaults of every helpdesk's keys");
            }
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        return names;
    }

    public Duration probeUrlInterval() {
        return probeUrlInterval;
    }
}
