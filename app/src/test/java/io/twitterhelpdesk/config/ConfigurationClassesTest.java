package io.twitterhelpdesk.config;

import io.twitterhelpdesk.broker.BrokerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The configuration classes: their defaults are application.properties' (no class states its own), a bad value of
 * each is refused naming its key, and a key is overridden the way Camel's properties component overrides it.
 */
class ConfigurationClassesTest {

    /** The connector's application.properties, as the jar has it. */
    private static Properties applicationProperties() throws IOException {
        Properties file = new Properties();
        try (InputStream in = ConfigurationClassesTest.class.getClassLoader()
                .getResourceAsStream(Settings.DEFAULTS_RESOURCE)) {
            assertThat(in).as(Settings.DEFAULTS_RESOURCE).isNotNull();
            file.load(in);
        }
        return file;
    }

    /** application.properties with these keys changed. */
    private static Settings fileWith(Map<String, String> changes) throws IOException {
        Properties file = applicationProperties();
        Map<String, String> keys = new HashMap<>();
        file.stringPropertyNames().forEach(k -> keys.put(k, file.getProperty(k)));
        keys.putAll(changes);
        // camel.server.port is a placeholder for CAMEL_SERVER_PORT; Camel resolves it (see overriddenLikeAnyKey)
        keys.computeIfPresent("camel.server.port", (k, v) -> v.startsWith("{{") ? "8080" : v);
        return new Settings(k -> Optional.ofNullable(keys.get(k)));
    }

    static List<Supplier<Object>> classes() {
        return List.of(ApiServerConfig::new, BrokerConfig::new, ClusterConfig::new, ConversationConfig::new,
                HealthConfig::new, HttpHelpdesksConfig::new, InboundConfig::new, MediaConfig::new, OutboundConfig::new, SandboxConfig::new,
                StateConfig::new, TwitterApiConfig::new, XActivityConfig::new, CostConfig::new);
    }

    @Test
    void everyClassIsBoundFromApplicationPropertiesAlone() throws IOException {
        Settings settings = fileWith(Map.of());
        for (Supplier<Object> made : classes()) {
            Object config = made.get();
            settings.bind(config);
        }
        InboundConfig inbound = settings.bind(new InboundConfig());
        assertThat(inbound.errorBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(inbound.mentionPageSize()).isEqualTo(200);
        OutboundConfig outbound = settings.bind(new OutboundConfig());
        assertThat(outbound.mediaMaxBytes()).isEqualTo(16 << 20);
        assertThat(outbound.tweetBudgetWindow()).isEqualTo(Duration.ofHours(3));
        BrokerConfig broker = settings.bind(new BrokerConfig());
        assertThat(broker.embedded()).isTrue();
        assertThat(broker.user()).isNull();
        assertThat(broker.embeddedProtocols()).containsExactly("CORE", "AMQP", "STOMP", "MQTT");
        assertThat(broker.redeliveryMultiplier()).isEqualTo(2.0);
        MediaConfig media = settings.bind(new MediaConfig());
        assertThat(media.baseUrl()).isEmpty();
        assertThat(media.cacheMaxSize()).isEqualTo(1L << 30);
    }

    @Test
    void theDefaultsAreTheFilesNotJavas() throws IOException {
        Settings changed = fileWith(Map.of("inbound.error-backoff", "7s", "cluster.lease-duration", "2m",
                "state.pool.max-connections", "3"));
        assertThat(changed.bind(new InboundConfig()).errorBackoff()).isEqualTo(Duration.ofSeconds(7));
        assertThat(changed.bind(new ClusterConfig()).leaseDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(changed.bind(new StateConfig()).poolMaxConnections()).isEqualTo(3);

        // a key the file no longer has is not made up in Java: the start is refused naming it
        Properties file = applicationProperties();
        file.remove("inbound.error-backoff");
        Settings without = new Settings(k -> Optional.ofNullable(file.getProperty(k)));
        assertThatThrownBy(() -> without.bind(new InboundConfig()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inbound.error-backoff is not set");
    }

    @Test
    void blankOptionalKeysAreAbsentAndBlankTextIsEmpty() throws IOException {
        Settings settings = fileWith(Map.of("state.url", " ", "cluster.node-id", "", "broker.url", ""));
        StateConfig state = settings.bind(new StateConfig());
        assertThat(state.url()).isEqualTo("jdbc:h2:file:" + Path.of("data").toAbsolutePath().resolve("state"));
        assertThat(state.password()).isEmpty();
        assertThat(settings.bind(new ClusterConfig()).nodeId()).isEmpty();
        assertThat(settings.bind(new BrokerConfig()).embedded()).isTrue();
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of((Supplier<Object>) ApiServerConfig::new, "api.max-body-size", "big",
                        "api.max-body-size must be a whole number, not 'big'"),
                Arguments.of((Supplier<Object>) BrokerConfig::new, "broker.redelivery-multiplier", "0.5",
                        "broker.redelivery-multiplier must be a number of at least 1, not '0.5'"),
                Arguments.of((Supplier<Object>) BrokerConfig::new, "broker.embedded.protocols", "AMQP",
                        "broker.embedded.protocols must list CORE"),
                Arguments.of((Supplier<Object>) BrokerConfig::new, "broker.user", "connector",
                        "broker.user and broker.password go together"),
                Arguments.of((Supplier<Object>) ClusterConfig::new, "cluster.lease-duration", "soon",
                        "cluster.lease-duration must be a duration such as 500, 30s or 5m, not 'soon'"),
                Arguments.of((Supplier<Object>) ConversationConfig::new, "conversation.inactivity-timeout", "tomorrow",
                        "conversation.inactivity-timeout must be a duration"),
                Arguments.of((Supplier<Object>) CostConfig::new, "cost.rates-file", "no-such-rates.properties",
                        "cost.rates-file: no rates file at no-such-rates.properties"),
                Arguments.of((Supplier<Object>) CostConfig::new, "cost.currency", "dollars",
                        "cost.currency must be an ISO 4217 code such as USD, not 'dollars'"),
                Arguments.of((Supplier<Object>) CostConfig::new, "cost.daily-cap", "-5",
                        "cost.daily-cap must be more than 0 and at most 1000000 (leave it empty for no cap), not -5"),
                Arguments.of((Supplier<Object>) CostConfig::new, "cost.daily-cap", "1e9",
                        "cost.daily-cap must be more than 0 and at most 1000000"),
                Arguments.of((Supplier<Object>) CostConfig::new, "cost.daily-cap", "ten dollars",
                        "cost.daily-cap must be an amount such as 25 or 2.50, not 'ten dollars'"),
                Arguments.of((Supplier<Object>) CostConfig::new, "cost.cap.check-interval", "0",
                        "cost.cap.check-interval must be positive"),
                Arguments.of((Supplier<Object>) HealthConfig::new, "health.account-check-at-start", "yes",
                        "health.account-check-at-start must be true or false, not 'yes'"),
                Arguments.of((Supplier<Object>) HttpHelpdesksConfig::new, "helpdesk.http.probe-url-interval", "0",
                        "helpdesk.http.probe-url-interval must be longer than 0"),
                Arguments.of((Supplier<Object>) HttpHelpdesksConfig::new, "helpdesk.http.helpdesks", "zendesk,default",
                        "helpdesk.http.helpdesks: 'default' is not a helpdesk name"),
                Arguments.of((Supplier<Object>) InboundConfig::new, "inbound.max-pages-per-poll", "0",
                        "inbound.max-pages-per-poll must be at least 1, not 0"),
                Arguments.of((Supplier<Object>) InboundConfig::new, "inbound.poll-threads", "0",
                        "inbound.poll-threads must be at least 1, not 0"),
                Arguments.of((Supplier<Object>) InboundConfig::new, "inbound.intake-batch", "0",
                        "inbound.intake-batch must be at least 1, not 0"),
                Arguments.of((Supplier<Object>) InboundConfig::new, "inbound.intake-consumers", "0",
                        "inbound.intake-consumers must be at least 1, not 0"),
                Arguments.of((Supplier<Object>) MediaConfig::new, "media.max-bytes", "lots",
                        "media.max-bytes must be a size such as 1048576, 512KB, 16MB or 1GB, not 'lots'"),
                Arguments.of((Supplier<Object>) MediaConfig::new, "media.base-url", "ftp://files.example.com/",
                        "media.base-url must be an http(s) URL such as https://connector.example.com, not "
                                + "'ftp://files.example.com'"),
                Arguments.of((Supplier<Object>) MediaConfig::new, "media.link-ttl", "0",
                        "media.link-ttl must be longer than 0"),
                Arguments.of((Supplier<Object>) OutboundConfig::new, "outbound.media.max-bytes", "2GB",
                        "outbound.media.max-bytes must be more than 0 and less than 2GB"),
                Arguments.of((Supplier<Object>) OutboundConfig::new, "outbound.dm.budget", "1k",
                        "outbound.dm.budget must be a whole number, not '1k'"),
                Arguments.of((Supplier<Object>) SandboxConfig::new, "sandbox.enabled", "maybe",
                        "sandbox.enabled must be true or false, not 'maybe'"),
                Arguments.of((Supplier<Object>) StateConfig::new, "state.pool.max-connections", "many",
                        "state.pool.max-connections must be a whole number, not 'many'"),
                Arguments.of((Supplier<Object>) TwitterApiConfig::new, "twitter.api.read-timeout", "slow",
                        "twitter.api.read-timeout must be a duration such as 500, 30s or 5m, not 'slow'"),
                Arguments.of((Supplier<Object>) XActivityConfig::new, "xaa.stream.stall-timeout", "fast",
                        "xaa.stream.stall-timeout must be a duration"));
    }

    @ParameterizedTest(name = "{1} = {2}")
    @MethodSource("badValues")
    void aBadValueIsRefusedNamingItsKey(Supplier<Object> made, String key, String value, String message)
            throws IOException {
        Settings settings = fileWith(Map.of(key, value));
        assertThatThrownBy(() -> settings.bind(made.get()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void everyClassHasABadValueCase() {
        List<String> covered = badValues().map(a -> ((Supplier<?>) a.get()[0]).get().getClass().getSimpleName())
                .distinct().toList();
        assertThat(covered).containsExactlyInAnyOrderElementsOf(
                classes().stream().map(s -> s.get().getClass().getSimpleName()).toList());
    }

    @Test
    void aHelpdesksKeysFallBackToTheDefaultsInTheFile() throws IOException {
        Settings settings = fileWith(Map.of("helpdesk.http.zd.connect-timeout", "2s",
                "helpdesk.http.zd.create.url", "https://zd.example/tickets",
                "helpdesk.http.default.retry.give-up-after", "4h", "helpdesk.http.zd.retry.multiplier", " "));
        HelpdeskConfig zd = settings.bind("helpdesk.http.zd.", HelpdeskConfig.DEFAULTS, new HelpdeskConfig());
        assertThat(zd.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(zd.createUrl()).contains("https://zd.example/tickets");
        assertThat(zd.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(zd.retryGiveUpAfter()).isEqualTo(Duration.ofHours(4));
        assertThat(zd.retryMultiplier()).as("blank: the default").isEqualTo("2");
        assertThat(zd.authType()).isEqualTo("none");
        assertThat(zd.attachmentsMultipartField()).isEqualTo("attachments[]");
        assertThat(zd.appendUrl()).isEmpty();
        assertThat(zd.queue()).isEmpty();

        assertThatThrownBy(() -> fileWith(Map.of("helpdesk.http.zd.response-timeout", "slow"))
                .bind("helpdesk.http.zd.", HelpdeskConfig.DEFAULTS, new HelpdeskConfig()))
                .hasMessageStartingWith("helpdesk.http.zd.response-timeout must be a duration");
        assertThatThrownBy(() -> fileWith(Map.of("helpdesk.http.default.retry.max-delay", "soon"))
                .bind("helpdesk.http.zd.", HelpdeskConfig.DEFAULTS, new HelpdeskConfig()))
                .hasMessageStartingWith("helpdesk.http.default.retry.max-delay must be a duration");
    }

    @Test
    void durationsAreCamelsAndAnythingElseIsRefused() throws IOException {
        for (Map.Entry<String, Duration> good : Map.of("1500", Duration.ofMillis(1500), "30s", Duration.ofSeconds(30),
                "5m", Duration.ofMinutes(5), "1h30m", Duration.ofMinutes(90), "500ms", Duration.ofMillis(500),
                "7d", Duration.ofDays(7)).entrySet()) {
            assertThat(fileWith(Map.of("inbound.error-backoff", good.getKey())).bind(new InboundConfig())
                    .errorBackoff()).as(good.getKey()).isEqualTo(good.getValue());
        }
        // Camel's TimeUtils reads these as 0 (or fails): refused, naming the key
        for (String bad : List.of("later", "30 s", "m", "5m30", "PT30S", "1.5s")) {
            assertThatThrownBy(() -> fileWith(Map.of("inbound.error-backoff", bad)).bind(new InboundConfig()))
                    .as(bad).hasMessage("inbound.error-backoff must be a duration such as 500, 30s or 5m, not '"
                            + bad + "'");
        }
    }

    @Test
    void aKeyIsOverriddenLikeAnyCamelProperty() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:" + Settings.DEFAULTS_RESOURCE);
            context.getPropertiesComponent().addOverrideProperty("outbound.dm.window", "12h");
            String previous = System.setProperty("xaa.sync-interval", "5m");
            try {
                Settings settings = new Settings(context.getPropertiesComponent()::resolveProperty);
                assertThat(settings.bind(new OutboundConfig()).dmWindow()).isEqualTo(Duration.ofHours(12));
                assertThat(settings.bind(new XActivityConfig()).syncInterval()).isEqualTo(Duration.ofMinutes(5));
                // the placeholder {{env:CAMEL_SERVER_PORT:8080}} resolved by Camel
                assertThat(settings.bind(new ApiServerConfig()).port())
                        .isEqualTo(Integer.parseInt(Optional.ofNullable(System.getenv("CAMEL_SERVER_PORT"))
                                .orElse("8080")));
            } finally {
                if (previous == null) {
                    System.clearProperty("xaa.sync-interval");
                } else {
                    System.setProperty("xaa.sync-interval", previous);
                }
            }
        }
    }

    @Test
    void kameletsTakeTheSameDefaultsButNotTheFilesAccounts() {
        Settings kamelet = Settings.overDefaults(k -> Optional.ofNullable(Map.of(
                "twitter.accounts", "shop", "twitter.api.rest-base-url", "http://localhost:1/1.1/").get(k)));
        TwitterApiConfig api = kamelet.bind(new TwitterApiConfig());
        assertThat(api.restBaseUrl()).isEqualTo("http://localhost:1/1.1/");
        assertThat(api.v2BaseUrl()).isEqualTo("https://api.x.com/2/");
        assertThat(api.readTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(kamelet.bind(new InboundConfig()).dmPageSize()).isEqualTo(50);
        assertThat(kamelet.bind(new OutboundConfig()).dmDailyBudget()).isEqualTo(1000);
        assertThat(kamelet.optional("twitter.accounts")).contains("shop");
        assertThat(kamelet.optional("twitter.account.acme_support.consumer-secret")).isEmpty();
        assertThat(kamelet.optional("camel.main.name")).isEmpty();
    }
}
