package io.twitterhelpdesk.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import javax.sql.DataSource;


/**
 * The latest OAuth 2.0 tokens of each account, in the state database (table {@code oauth2_token}), so a rotated
 * refresh token survives a restart. Rows are keyed by account and remember which configured refresh token they
 * descend from.
 */
public final class OAuth2TokenStore {

    private final DataSource dataSource;
    private final Clock clock;

    public OAuth2TokenStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Tokens of an account: the access token may be null (never obtained), the refresh token never is. */
    public record Tokens(String accessToken, Instant accessExpiresAt, String refreshToken) {
        @Override
        public String toString() {
            return "Tokens[access expires " + accessExpiresAt + "]";
        }
    }

    /** The stored tokens of the account, if they descend from the configured refresh token with this hash. */
    public Optional<Tokens> load(String account, String seededBy) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT access_token, access_expires_at, refresh_token "
                     + "FROM oauth2_token WHERE account = ? AND seeded_by = ?")) {
            q.setString(1, account);
            q.setString(2, seededBy);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp expires = rs.getTimestamp(2);
                return Optional.of(new Tokens(rs.getString(1),
                        expires == null ? null : expires.toLocalDateTime().toInstant(ZoneOffset.UTC), rs.getString(3)));
            }
        } catch (SQLException e) {
            throw new StateStoreException("Could not read the OAuth 2.0 tokens of account " + account, e);
        }
    }

    /** Replaces the account's tokens. */
    public void save(String account, String seededBy, Tokens tokens) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM oauth2_token WHERE account = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO oauth2_token (account, seeded_by, "
                         + "access_token, access_expires_at, refresh_token, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                delete.setString(1, account);
                delete.executeUpdate();
                insert.setString(1, account);
                insert.setString(2, seededBy);
                insert.setString(3, tokens.accessToken());
                insert.setTimestamp(4, tokens.accessExpiresAt() == null ? null : utc(tokens.accessExpiresAt()));
                insert.setString(5, tokens.refreshToken());
                insert.setTimestamp(6, utc(clock.instant()));
                insert.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StateStoreException("Could not save the OAuth 2.0 tokens of account " + account, e);
        }
    }

    private static Timestamp utc(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
