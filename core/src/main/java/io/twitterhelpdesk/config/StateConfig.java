package io.twitterhelpdesk.config;

import java.nio.file.Path;
import java.util.Optional;

import org.apache.camel.PropertyInject;

/** {@code connector.data-dir} and the {@code state.*} keys: where the connector keeps its files and its state. */
public final class StateConfig {

    @PropertyInject("connector.data-dir")
    private String dataDir;
    @PropertyInject("state.url")
    private Optional<String> url;
    @PropertyInject("state.user")
    private String user;
    @PropertyInject("state.password")
    private String password;
    @PropertyInject("state.pool.max-connections")
    private int poolMaxConnections;

    /** The data directory (H2 state, broker journal, media cache, the sandbox's data), absolute. */
    public Path dataDir() {
        return Path.of(dataDir).toAbsolutePath();
    }

    /** {@code state.url}, else an H2 file under the data directory. */
    public String url() {
        return url.orElseGet(() -> "jdbc:h2:file:" + dataDir().resolve("state"));
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public int poolMaxConnections() {
        return poolMaxConnections;
    }
}
