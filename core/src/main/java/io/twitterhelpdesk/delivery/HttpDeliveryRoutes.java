package io.twitterhelpdesk.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.camel.spi.RouteTemplateParameterSource;

/**
 * Instantiates the YAML route template {@code helpdesk-http-delivery} once per configured HTTP helpdesk (route id
 * {@code helpdesk-http-<name>}), so adding a helpdesk is configuration only. Camel reads this source at start.
 */
public final class HttpDeliveryRoutes implements RouteTemplateParameterSource {

    public static final String TEMPLATE_ID = "helpdesk-http-delivery";

    private final Map<String, Map<String, Object>> routes = new LinkedHashMap<>();

    public HttpDeliveryRoutes(HttpHelpdesks helpdesks) {
        for (HttpHelpdesk helpdesk : helpdesks.all()) {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put(RouteTemplateParameterSource.TEMPLATE_ID, TEMPLATE_ID);
            parameters.put("helpdesk", helpdesk.name());
            parameters.put("queue", helpdesk.queue());
            parameters.put("deadLetterQueue", helpdesk.deadLetterQueue());
            routes.put("helpdesk-http-" + helpdesk.name(), parameters);
        }
    }

    @Override
    public Map<String, Object> parameters(String routeId) {
        return routes.get(routeId);
    }

    @Override
    public Set<String> routeIds() {
        return routes.keySet();
    }
}
