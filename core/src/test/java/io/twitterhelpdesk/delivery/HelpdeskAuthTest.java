package io.twitterhelpdesk.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.twitterhelpdesk.config.HelpdeskConfig;
import io.twitterhelpdesk.config.Settings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HelpdeskAuthTest {

    private static HelpdeskAuth load(Map<String, String> keys) {
        Settings settings = Settings.overDefaults(k -> Optional.ofNullable(keys.get(k)));
        return HelpdeskAuth.load(settings, "h.",
                settings.bind("h.", HelpdeskConfig.DEFAULTS, new HelpdeskConfig()));
    }

    private static Map<String, Object> headers(Map<String, String> keys) {
        HelpdeskAuth auth = load(keys);
        Map<String, Object> headers = new HashMap<>();
        auth.addTo(headers);
        assertThat(auth.toString()).doesNotContain("s3cret");
        return headers;
    }

    @Test
    void bearerBasicAndApiKeyBecomeOneHeader() {
        assertThat(headers(Map.of("h.auth.type", "bearer", "h.auth.token", "s3cret")))
                .containsExactly(Map.entry("Authorization", "Bearer s3cret"));
        assertThat(headers(Map.of("h.auth.type", "basic", "h.auth.username", "agent", "h.auth.password", "s3cret")))
                .containsExactly(Map.entry("Authorization", "Basic YWdlbnQ6czNjcmV0"));
        assertThat(headers(Map.of("h.auth.type", "api-key", "h.auth.header", "X-Api-Token", "h.auth.token", "s3cret")))
                .containsExactly(Map.entry("X-Api-Token", "s3cret"));
        assertThat(headers(Map.of())).isEmpty();
    }

    @Test
    void aHeaderTemplatePutsTheTokenWhereTheHelpdeskWantsIt() {
        // Request Tracker 5: Authorization: token <auth token>
        assertThat(headers(Map.of("h.auth.type", "header", "h.auth.header-template", "token {token}",
                "h.auth.token", "s3cret"))).containsExactly(Map.entry("Authorization", "token s3cret"));
        assertThat(headers(Map.of("h.auth.type", "header", "h.auth.header", "X-Session",
                "h.auth.header-template", "key={token}; scope=tickets", "h.auth.token", "s3cret")))
                .containsExactly(Map.entry("X-Session", "key=s3cret; scope=tickets"));
    }

    @Test
    void aHeaderTemplateWithoutThePlaceholderIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> headers(Map.of("h.auth.type", "header", "h.auth.header-template", "token s3cret",
                "h.auth.token", "s3cret")))
                .hasMessageContaining("h.auth.header-template must contain {token}")
                .hasMessageContaining("H_AUTH_TOKEN")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> headers(Map.of("h.auth.type", "header", "h.auth.token", "s3cret")))
                .hasMessageContaining("h.auth.header-template is required with auth.type header");
        assertThatThrownBy(() -> headers(Map.of("h.auth.type", "header", "h.auth.header-template", "token {token}")))
                .hasMessageContaining("h.auth.token is required");
    }

    @Test
    void aMissingSecretOrUnknownTypeNamesTheKey() {
        assertThatThrownBy(() -> headers(Map.of("h.auth.type", "bearer")))
                .hasMessageContaining("h.auth.token is required").hasMessageContaining("H_AUTH_TOKEN");
        assertThatThrownBy(() -> headers(Map.of("h.auth.type", "basic")))
                .hasMessageContaining("h.auth.username is required");
        assertThatThrownBy(() -> headers(Map.of("h.auth.type", "oauth")))
                .hasMessageContaining("h.auth.type must be none, bearer, basic, api-key or header");
    }

    @Test
    void credentialsWithoutAnAuthTypeAreRefused() {
        assertThatThrownBy(() -> headers(Map.of("h.auth.token", "s3cret")))
                .hasMessageContaining("h.auth.type is none").hasMessageContaining("h.auth.token is set")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> headers(Map.of("h.auth.header-template", "token {token}")))
                .hasMessageContaining("h.auth.header-template is set");
    }

    @Test
    void aLineBreakInASecretOrABadHeaderNameIsRefused() {
        assertThatThrownBy(() -> headers(Map.of("h.auth.type", "bearer", "h.auth.token", "s3cret\r\nX-Evil: 1")))
                .hasMessageContaining("h.auth.token must not contain line breaks").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> headers(Map.of("h.auth.type", "api-key", "h.auth.header", "X Api Key",
                "h.auth.token", "s3cret"))).hasMessageContaining("h.auth.header must be an HTTP header name");
    }

    @Test
    void secretsAreBlankedOutOfAnswersAndTheKeysToCheckAreNamed() {
        HelpdeskAuth header = load(Map.of("h.auth.type", "header", "h.auth.header-template", "token {token}",
                "h.auth.token", "s3cret-token"));
        assertThat(header.redact("{\"message\":\"token s3cret-token is revoked\"}"))
                .isEqualTo("{\"message\":\"token **** is revoked\"}");
        assertThat(header.credentialKeys()).isEqualTo("h.auth.token");
        HelpdeskAuth basic = load(Map.of("h.auth.type", "basic", "h.auth.username", "api-key-123", "h.auth.password", "X"));
        assertThat(basic.redact("user api-key-123, password X")).isEqualTo("user ****, password X");
        assertThat(basic.credentialKeys()).isEqualTo("h.auth.username and h.auth.password");
    }
}
