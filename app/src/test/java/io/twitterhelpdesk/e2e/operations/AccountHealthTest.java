package io.twitterhelpdesk.e2e.operations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.twitterhelpdesk.health.AccountHealth;
import io.twitterhelpdesk.api.ContractDocuments;
import io.twitterhelpdesk.e2e.support.ManagementCalls.Health;
import io.twitterhelpdesk.e2e.support.QueueReader.Received;
import io.twitterhelpdesk.sandbox.DirectMessageRef;
import io.twitterhelpdesk.sandbox.TwitterSandbox;
import io.twitterhelpdesk.e2e.support.ApiFlavour;
import io.twitterhelpdesk.e2e.support.CapturedLog;
import io.twitterhelpdesk.e2e.support.ConnectorHarness;
import io.twitterhelpdesk.e2e.support.ConnectorJvm;
import io.twitterhelpdesk.e2e.support.ManagementCalls;
import io.twitterhelpdesk.e2e.support.QueueReader;
import io.twitterhelpdesk.e2e.support.ReplyApi;
import io.twitterhelpdesk.e2e.support.RunningConnector;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Account health end to end: checked at start and every {@code health.account-check-interval} (here 300 ms), shown
 * in /observe/health and GET /api/v1/accounts; revoked credentials (the sandbox answers 401) make the account
 * unhealthy with one alert while the other account keeps polling and sending, and it recovers once they work again;
 * two accounts with one Twitter id refuse to start. {@link AccountHealthV2Test} runs the same over X API v2.
 */
class AccountHealthTest {

    private static final String ALERTS = "twitter.alerts";
    private static final String INBOUND = "twitter.inbound";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private final ObjectMapper json = new ObjectMapper();
    private ConnectorHarness harness;
    private TwitterSandbox sandbox;
    private ReplyApi api;
    private ManagementCalls management;
    private CapturedLog log;

    ApiFlavour api() {
        return ApiFlavour.V1_1;
    }

    @BeforeEach
    void prepare() {
        harness = new ConnectorHarness(dataDir, api());
        harness.properties.put("api.keys", ReplyApi.API_KEY);
        harness.properties.put("health.account-check-interval", "300ms");
        harness.properties.put("outbound.retry-delay", "100");
        sandbox = harness.sandbox;
        log = CapturedLog.of(AccountHealth.class);
    }

    private void start() throws Exception {
        harness.start();
        api = new ReplyApi(harness.apiBaseUrl());
        management = new ManagementCalls(harness.managementBaseUrl());
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        log.close();
    }

    @Test
    void startCheckShowsCredentialsIdAndDirectMessageSettingAndWarnsWhenAnAccountDoesNotAcceptEveryone()
            throws Exception {
        sandbox.setAcceptsDirectMessages("acme_sales", false);
        start();

        JsonNode accounts = api.get("/accounts");
        JsonNode support = accounts.get(0).path("health");
        JsonNode sales = accounts.get(1).path("health");
        assertThat(support.path("status").asText()).isEqualTo("UP");
        assertThat(support.path("credentials").asText()).isEqualTo("valid");
        assertThat(support.path("twitterId").asText()).isEqualTo("42");
        assertThat(sales.path("twitterId").asText()).isEqualTo("43");
        assertThat(support.path("checkedAt").asText()).matches("20\\d\\d-.*Z");
        Health health = management.awaitHealth("", 200, WAIT);
        if (api() == ApiFlavour.V1_1) {
            assertThat(support.path("dmSetting").asText()).isEqualTo("all");
            assertThat(support.path("acceptsDirectMessagesFromAnyone").asBoolean()).isTrue();
            assertThat(sales.path("dmSetting").asText()).isEqualTo("following");
            assertThat(sales.path("acceptsDirectMessagesFromAnyone").isBoolean()).isTrue();
            assertThat(sales.path("acceptsDirectMessagesFromAnyone").asBoolean()).isFalse();
            assertThat(log.lines()).filteredOn(l -> l.level() == Level.WARN).anySatisfy(l -> assertThat(l.message())
                    .contains("acme_sales", "does not accept Direct Messages from anyone", "allow_dms_from=following"));
            assertThat(log.lines()).filteredOn(l -> l.level() == Level.WARN)
                    .noneSatisfy(l -> assertThat(l.message()).contains("acme_support"));
            assertThat(health.check("account-acme_sales")).hasValueSatisfying(c -> {
                assertThat(c.path("data").path("dmSetting").asText()).isEqualTo("following");
                assertThat(c.path("data").path("acceptsDirectMessagesFromAnyone").asText()).isEqualTo("false");
            });
        } else {
            // X API v2 has no endpoint for the account's own DM setting: said, not guessed
            assertThat(sales.path("dmSetting").asText()).isEqualTo("not_exposed_by_api_v2");
            assertThat(sales.path("acceptsDirectMessagesFromAnyone").isNull()).isTrue();
            assertThat(health.check("account-acme_sales")).hasValueSatisfying(c -> assertThat(
                    c.path("data").path("dmSetting").asText()).isEqualTo("not_exposed_by_api_v2"));
        }
        assertThat(health.check("account-acme_support")).hasValueSatisfying(c -> {
            assertThat(c.path("status").asText()).isEqualTo("UP");
            assertThat(c.path("data").path("credentials").asText()).isEqualTo("valid");
            assertThat(c.path("data").path("twitterId").asText()).isEqualTo("42");
        });
        assertThat(log.lines()).noneSatisfy(l -> assertThat(l.message()).contains("cs-test", "ats-42", "ats-43"));
    }

    @Test
    void revokedCredentialsMakeTheAccountUnhealthyWithAnAlertWhileTheOtherAccountWorksUntilTheyAreRestored()
            throws Exception {
        start();
        QueueReader jms = harness.jms();
        assertThat(management.awaitHealth("", 200, WAIT).status()).isEqualTo(200);

        sandbox.revokeCredentials("acme_support");
        List<Received> raised = jms.receive(ALERTS, 1, WAIT);

        assertThat(raised).hasSize(1);
        assertThat(raised.get(0).properties()).containsEntry("AlertType", "account_unhealthy");
        JsonNode alert = json.readTree(raised.get(0).body());
        assertThat(alert.path("type").asText()).isEqualTo("account_unhealthy");
        assertThat(alert.path("account").asText()).isEqualTo("acme_support");
        assertThat(alert.path("accountId").asText()).isEqualTo("42");
        assertThat(alert.path("reason").asText()).isEqualTo("credentials_refused");
        assertThat(alert.path("message").asText()).contains("401");
        assertThat(accountAlertSchema().validate(alert)).as("the documented schema").isEmpty();
        Health down = management.awaitHealth("", 503, WAIT);
        assertThat(down.check("account-acme_support")).hasValueSatisfying(c -> {
            assertThat(c.path("status").asText()).isEqualTo("DOWN");
            assertThat(c.path("data").path("credentials").asText()).isEqualTo("refused");
        });
        assertThat(down.check("account-acme_sales").map(c -> c.path("status").asText())).hasValue("UP");
        assertThat(down.check("broker").map(c -> c.path("status").asText())).hasValue("UP");
        assertThat(api.get("/accounts").get(0).path("health").path("status").asText()).isEqualTo("DOWN");
        assertThat(log.lines()).anySatisfy(l -> assertThat(l.message()).contains("acme_support", "unhealthy"));

        // the other account still polls and answers
        DirectMessageRef dm = sandbox.injectDirectMessage("uma", "acme_sales", "still there?", List.of());
        assertThat(jms.receive(INBOUND, 1, WAIT)).hasSize(1);
        api.post("h-1", "twitter:dm:43:" + dm.senderId(), "Yes we are", null, WAIT);
        assertThat(api.finalStatus("h-1", WAIT).path("status").asText()).isEqualTo("sent");
        assertThat(jms.drain(ALERTS, Duration.ofMillis(800))).as("one alert per change").isEmpty();

        sandbox.restoreCredentials("acme_support");
        List<Received> recovered = jms.receive(ALERTS, 1, WAIT);

        assertThat(recovered).hasSize(1);
        assertThat(recovered.get(0).properties()).containsEntry("AlertType", "account_recovered");
        assertThat(json.readTree(recovered.get(0).body()).path("account").asText()).isEqualTo("acme_support");
        assertThat(accountAlertSchema().validate(json.readTree(recovered.get(0).body()))).isEmpty();
        Health up = management.awaitHealth("", 200, WAIT);
        assertThat(up.check("account-acme_support").map(c -> c.path("status").asText())).hasValue("UP");
        assertThat(api.get("/accounts").get(0).path("health").path("credentials").asText()).isEqualTo("valid");
    }

    @Test
    void aReplyTwitterRefusesWith401MarksItsAccountUnhealthyAtOnce() throws Exception {
        harness.properties.put("health.account-check-interval", "1h");
        start();
        DirectMessageRef dm = sandbox.injectDirectMessage("xena", "acme_support", "hello", List.of());
        assertThat(harness.jms().receive(INBOUND, 1, WAIT)).hasSize(1);
        assertThat(api.get("/accounts").get(0).path("health").path("status").asText()).isEqualTo("UP");

        sandbox.revokeCredentials("acme_support");
        api.post("h-401", "twitter:dm:42:" + dm.senderId(), "are you there?", null, WAIT);
        JsonNode status = api.finalStatus("h-401", WAIT);

        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("failed");
        JsonNode health = api.get("/accounts").get(0).path("health");
        assertThat(health.path("status").asText()).as("no periodic check ran: the send told it").isEqualTo("DOWN");
        assertThat(health.path("credentials").asText()).isEqualTo("refused");
        assertThat(health.path("problem").asText()).contains("401");
        assertThat(api.get("/accounts").get(1).path("health").path("status").asText()).isEqualTo("UP");
    }

    private JsonSchema accountAlertSchema() throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(json.readTree(
                ContractDocuments.document("twitter-helpdesk-account-alert-v1.schema.json")),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }

    @Test
    void twoAccountsResolvingToOneTwitterIdRefuseToStartNamingBoth() {
        Map<String, String> p = duplicateAccountProperties();

        Throwable failure = catchThrowable(() -> RunningConnector.start(p).close());

        assertThat(failure).isNotNull();
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertThat(root).hasMessageContaining("acme_sales and acme_twice").hasMessageContaining("Twitter id 43");
    }

    @Test
    void theConnectorProcessExitsWithCode1WhenTwoAccountsResolveToOneTwitterId() throws Exception {
        Path log = dataDir.resolve("refused.log");

        int exitCode = ConnectorJvm.runUntilExit(duplicateAccountProperties(), log, Duration.ofSeconds(90));

        assertThat(exitCode).as(java.nio.file.Files.readString(log)).isEqualTo(1);
        assertThat(java.nio.file.Files.readString(log)).contains("The connector could not start",
                "acme_sales and acme_twice", "Twitter id 43");
    }

    /** The test accounts plus acme_twice, configured with acme_sales's credentials. */
    private Map<String, String> duplicateAccountProperties() {
        Map<String, String> p = harness.properties;
        p.put("twitter.accounts", "acme_support,acme_sales,acme_twice");
        String k = "twitter.account.acme_twice.";
        p.put(k + "screen-name", "acme_sales");
        p.put(k + "api", "v1.1");
        p.put(k + "consumer-key", "ck-test");
        p.put(k + "consumer-secret", "cs-test");
        p.put(k + "access-token", "at-43");
        p.put(k + "access-token-secret", "ats-43");
        return p;
    }
}
