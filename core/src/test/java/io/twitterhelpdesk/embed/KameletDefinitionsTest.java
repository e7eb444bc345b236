package io.twitterhelpdesk.embed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kamelets as a catalog tool or a Kamelet user reads them: every parameter documented (title, description, type),
 * no secret among them (credentials are the application's properties), every parameter handed to the Kamelet's
 * bean; and misconfigurations of the account's keys refused at start with the offending keys named, never their values.
 */
class KameletDefinitionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([A-Za-z0-9]+)}}");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"twitter-helpdesk-source", "twitter-helpdesk-sink"})
    void everyParameterIsDocumentedNoneIsASecretAndAllReachTheBean(String name) throws IOException {
        JsonNode kamelet = kamelet(name);

        assertThat(kamelet.path("apiVersion").asText()).isEqualTo("camel.apache.org/v1");
        assertThat(kamelet.path("kind").asText()).isEqualTo("Kamelet");
        assertThat(kamelet.path("metadata").path("labels").path("camel.apache.org/kamelet.type").asText())
                .isEqualTo(name.endsWith("source") ? "source" : "sink");
        JsonNode definition = kamelet.path("spec").path("definition");
        assertThat(definition.path("title").asText()).isNotBlank();
        assertThat(definition.path("description").asText()).isNotBlank();
        Set<String> declared = new HashSet<>();
        definition.path("properties").properties().forEach(p -> declared.add(p.getKey()));
        for (JsonNode required : definition.path("required")) {
            assertThat(declared).contains(required.asText());
        }
        definition.path("properties").properties().forEach(p -> {
            JsonNode property = p.getValue();
            assertThat(property.path("title").asText()).as(p.getKey()).isNotBlank();
            assertThat(property.path("description").asText()).as(p.getKey()).isNotBlank();
            assertThat(property.path("type").asText()).as(p.getKey()).isEqualTo("string");
            // no secret is a parameter: credentials are the application's properties (or environment)
            assertThat(property.path("format").asText()).as(p.getKey()).isNotEqualTo("password");
        });

        String version = projectVersion();
        assertThat(kamelet.path("spec").path("dependencies").toString()).as("the Kamelet names this jar's version")
                .contains("mvn:io.twitterhelpdesk:twitter-helpdesk-core:" + version);
        assertThat(kamelet.path("metadata").path("annotations").path("camel.apache.org/catalog.version").asText())
                .isEqualTo(version);

        JsonNode bean = kamelet.path("spec").path("template").path("beans").get(0);
        assertThat(bean.path("type").asText()).startsWith("#class:io.twitterhelpdesk.embed.");
        Set<String> handed = new HashSet<>();
        bean.path("properties").properties().forEach(p -> {
            Matcher m = PLACEHOLDER.matcher(p.getValue().asText());
            assertThat(m.matches()).as(p.getKey()).isTrue();
            assertThat(m.group(1)).as("bean property %s", p.getKey()).isEqualTo(p.getKey());
            handed.add(m.group(1));
        });
        assertThat(handed).isEqualTo(declared);
    }

    /** A source and a sink of account acme, configured by the application's properties. */
    private static final String ROUTES = """
            - route:
                id: in
                from:
                  uri: kamelet:twitter-helpdesk-source
                  parameters: {account: acme}
                  steps:
                    - to: log:in
            - route:
                id: out
                from:
                  uri: direct:replies
                  steps:
                    - to:
                        uri: kamelet:twitter-helpdesk-sink
                        parameters: {account: acme}
            """;

    /** The connector's keys of account acme, with these changed. */
    private Properties acme(String... changes) {
        Properties p = new Properties();
        p.put("twitter.account.acme.screen-name", "acme_support");
        p.put("twitter.account.acme.consumer-key", "ck");
        p.put("twitter.account.acme.consumer-secret", "first-secret-value");
        p.put("twitter.account.acme.access-token", "at");
        p.put("twitter.account.acme.access-token-secret", "ats");
        p.put("state.url", "jdbc:h2:file:" + dir.resolve("state"));
        for (int i = 0; i < changes.length; i += 2) {
            p.put(changes[i], changes[i + 1]);
        }
        return p;
    }

    @Test
    void anAccountTheApplicationDoesNotConfigureIsRefusedAtStartNamingTheKey() {
        Properties none = new Properties();
        none.put("state.url", "jdbc:h2:file:" + dir.resolve("state"));

        assertThatThrownBy(() -> start(ROUTES, none)).hasStackTraceContaining("twitter.account.acme.");
    }

    @Test
    void aMalformedAccountIsRefusedAtStartNamingTheKeyNeverASecret() {
        assertThatThrownBy(() -> start(ROUTES, acme("twitter.account.acme.screen-name", "not a handle")))
                .hasStackTraceContaining("twitter.account.acme.screen-name")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("first-secret-value"));
    }

    @Test
    void aStateDatabaseOtherThanH2OrPostgresqlIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> start(ROUTES, acme("state.url", "jdbc:hsqldb:mem:x")))
                .hasStackTraceContaining("state.url must be an H2 (jdbc:h2:...) or PostgreSQL");
    }

    @Test
    void aSourceAndASinkOfOneAccountStartOnTheApplicationsProperties() throws Exception {
        start(ROUTES, acme());
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    private void start(String routes, Properties properties) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        try {
            camel.getPropertiesComponent().setInitialProperties(properties);
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("routes.camel.yaml", routes));
            camel.start();
        } finally {
            camel.stop();
        }
    }

    /** The version in core/pom.xml, its parent's (the tests run in the module's folder). */
    private static String projectVersion() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher version = Pattern.compile(
                "<artifactId>twitter-helpdesk-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(version.find()).isTrue();
        return version.group(1);
    }

    private static JsonNode kamelet(String name) throws IOException {
        try (InputStream in = KameletDefinitionsTest.class.getResourceAsStream("/kamelets/" + name + ".kamelet.yaml")) {
            assertThat(in).as(name).isNotNull();
            Object yaml = new Load(LoadSettings.builder().build())
                    .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return JSON.valueToTree(yaml);
        }
    }
}
