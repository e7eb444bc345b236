package io.twitterhelpdesk.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.twitterhelpdesk.app.Settings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HelpdeskAuthTest {

    private static Map<String, Object> headers(Map<String, String> keys) {
        HelpdeskAuth auth = HelpdeskAuth.load(new Settings(k -> Optional.ofNullable(keys.get(k))), "h.");
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
    void aMissingSecretOrUnknownTypeNamesTheKey() {
        assertThatThrownBy(() -> headers(Map.of("h.auth.type", "bearer")))
                .hasMessageContaining("h.auth.token is required").hasMessageContaining("H_AUTH_TOKEN");
        assertThatThrownBy(() -> headers(Map.of("h.auth.type", "oauth")))
                .hasMessageContaining("h.auth.type must be none, bearer, basic or api-key");
    }
}
