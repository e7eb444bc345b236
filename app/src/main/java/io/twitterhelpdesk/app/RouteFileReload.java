package io.twitterhelpdesk.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * camel-main's live route reload ({@code camel.main.routes-reload-*}), file by file, completed for how the
 * connector's routes are built:
 * <ul>
 * <li>Camel updates a reloaded route template but leaves the routes made from it running the old one; here the
 * routes a {@link RouteTemplateParameterSource} made from a reloaded template (the HTTP helpdesks) are
 * stopped, removed and made again from the new template;</li>
 * <li>a reloaded file with route configurations (error handling) reloads the route files that use them, which
 * Camel would otherwise leave on the old configuration.</li>
 * </ul>
 * A file is read once it has been quiet for {@value #SETTLE_MILLIS} ms (an editor may save it in several writes,
 * and the first change event can come while it is still empty). A route is stopped gracefully before it is
 * replaced: in-flight exchanges finish first (up to {@code camel.main.shutdown-timeout}), a JMS transaction commits
 * or rolls back, and callers of a {@code direct:} route wait for its new consumer. A file that does not load leaves
 * the previous routes running (WARN line).
 *
 * <p>camel-main's own strategy still watches the directory; this one is its listener and does the reloading.
 */
final class RouteFileReload extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileReload.class);
    static final long SETTLE_MILLIS = 500;

    private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    private RouteFileReload(boolean removeAllRoutes) {
        setRemoveAllRoutes(removeAllRoutes);
    }

    /** Takes over the reloading of camel-main's strategy, if {@code camel.main.routes-reload-enabled} created one. */
    static void install(CamelContext context) {
        RouteWatcherReloadStrategy stock = context.hasService(RouteWatcherReloadStrategy.class);
        if (stock == null) {
            return;
        }
        RouteFileReload reload = new RouteFileReload(stock.isRemoveAllRoutes());
        reload.setCamelContext(context);
        reload.executor = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(reload,
                "RouteFileReload");
        stock.setResourceReload(reload::changed);
    }

    /** A watched file changed: reload it once it has been quiet for a moment. */
    private void changed(String name, Resource resource) {
        pending.compute(name, (file, scheduled) -> {
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            return executor.schedule(() -> {
                pending.remove(file);
                reload(file, resource);
            }, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    private void reload(String name, Resource resource) {
        try {
            LOG.info("Reloading routes from {}", name);
            onRouteReload(List.of(resource), false);
            // the end, files that use its route configurations included: until here routes come and go
            LOG.info("Routes from {} reloaded", name);
        } catch (Exception e) {
            LOG.warn("Routes from {} not reloaded, the running ones stay: {}", name, e.getMessage());
        }
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        if (resources == null || resources.isEmpty() || removeEverything || isRemoveAllRoutes()) {
            super.onRouteReload(resources, removeEverything);
            return;
        }
        Model model = getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);
        // the YAML DSL keeps no resource on route configurations: the reloaded ones are those replaced
        Set<RouteConfigurationDefinition> before = Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(model.getRouteConfigurationDefinitions());
        reloadFiles(model, resources);
        boolean configurations = !before.containsAll(model.getRouteConfigurationDefinitions());
        if (configurations) {
            Map<String, Resource> users = new LinkedHashMap<>();
            for (RouteDefinition route : model.getRouteDefinitions()) {
                Resource r = route.getResource();
                if (r != null && !Boolean.TRUE.equals(route.isTemplate()) && !among(resources, r)) {
                    users.putIfAbsent(path(r), r);
                }
            }
            if (!users.isEmpty()) {
                LOG.info("Route configurations changed in {}: reloading {} as well", names(resources), users.keySet());
                reloadFiles(model, new ArrayList<>(users.values()));
            }
        }
        remakeTemplatedRoutes(model, resources, configurations);
    }

    /**
     * Camel's per-file reload adds a reloaded template beside the old one (and then keeps using the old one): the
     * old templates of these files go first, and come back if the files do not load.
     */
    private void reloadFiles(Model model, Collection<Resource> resources) {
        List<RouteTemplateDefinition> old = model.getRouteTemplateDefinitions().stream()
                .filter(t -> among(resources, t.getResource())).toList();
        try {
            model.removeRouteTemplateDefinitions(old);
            super.onRouteReload(resources, false);
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e);
        } finally {
            for (RouteTemplateDefinition template : old) {
                if (model.getRouteTemplateDefinition(template.getId()) == null) {
                    try {
                        model.addRouteTemplateDefinition(template);
                    } catch (Exception e) {
                        LOG.warn("Route template {} could not be restored: {}", template.getId(), e.getMessage());
                    }
                }
            }
        }
    }

    private void remakeTemplatedRoutes(Model model, Collection<Resource> resources, boolean all) {
        CamelContext context = getCamelContext();
        for (RouteTemplateParameterSource source : context.getRegistry().findByType(RouteTemplateParameterSource.class)) {
            for (String routeId : source.routeIds()) {
                Map<String, Object> parameters = new HashMap<>(source.parameters(routeId));
                String templateId = String.valueOf(parameters.remove(RouteTemplateParameterSource.TEMPLATE_ID));
                RouteTemplateDefinition template = model.getRouteTemplateDefinition(templateId);
                if (template == null || !(all || among(resources, template.getResource()))) {
                    continue;
                }
                try {
                    if (context.getRoute(routeId) != null) {
                        context.getRouteController().stopRoute(routeId);
                        context.removeRoute(routeId);
                    }
                    context.addRouteFromTemplate(routeId, templateId, parameters);
                    LOG.info("Route {} made again from the reloaded route template {}", routeId, templateId);
                } catch (Exception e) {
                    LOG.warn("Route {} could not be made again from route template {}: {}", routeId, templateId,
                            e.getMessage());
                }
            }
        }
    }

    private static boolean among(Collection<Resource> resources, Resource resource) {
        if (resource == null) {
            return false;
        }
        String path = path(resource);
        return resources.stream().anyMatch(r -> path(r).equals(path));
    }

    /** The absolute file path of a file: resource (routes are loaded by a relative path, watched by an absolute one). */
    private static String path(Resource resource) {
        String location = resource.getLocation();
        if (location.startsWith("file:")) {
            return Path.of(location.substring("file:".length())).toAbsolutePath().normalize().toString();
        }
        return location;
    }

    private static List<String> names(Collection<Resource> resources) {
        return resources.stream().map(r -> Path.of(path(r)).getFileName().toString()).toList();
    }
}
