package io.twitterhelpdesk.state;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import javax.sql.DataSource;

/**
 * The customers looked up on X with the UTC day of their look-up (V15): what spares a second instance, or this one
 * after a restart, a look-up X would bill again.
 */
public final class LookedUpUsers {

    /** One user as X described them on {@code day}. */
    public record User(String id, String screenName, String name, LocalDate day) {
    }

    private static final int IN_LIST = 100;
    private static final String UPDATE = "UPDATE looked_up_user SET screen_name = ?, display_name = ?, looked_up_on = ? "
            + "WHERE user_id = ?";
    private static final String INSERT = "INSERT INTO looked_up_user (user_id, screen_name, display_name, looked_up_on) "
            + "VALUES (?, ?, ?, ?)";

    private final SqlStatements sql;

    public LookedUpUsers(DataSource dataSource) {
        this.sql = new SqlStatements(dataSource, "Looked-up users");
    }

    /** Those of these users looked up on {@code day}. */
    public List<User> lookedUpOn(LocalDate day, Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        List<User> found = new java.util.ArrayList<>();
        for (int from = 0; from < all.size(); from += IN_LIST) {
            List<String> part = all.subList(from, Math.min(all.size(), from + IN_LIST));
            Object[] args = new Object[part.size() + 1];
            args[0] = day;
            for (int i = 0; i < part.size(); i++) {
                args[i + 1] = part.get(i);
            }
            found.addAll(sql.query("SELECT user_id, screen_name, display_name, looked_up_on FROM looked_up_user "
                    + "WHERE looked_up_on = ? AND user_id IN (" + String.join(",", Collections.nCopies(part.size(), "?"))
                    + ")", rs -> new User(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, LocalDate.class)), args));
        }
        return found;
    }

    /** Keeps the users of one look-up, in one commit (grouped with the other writes of the moment). */
    public void remember(Collection<User> users) {
        if (users.isEmpty()) {
            return;
        }
        sql.writeGrouped(c -> {
            for (User user : users) {
                SqlStatements.upsert(c, UPDATE, new Object[] {user.screenName(), user.name(), user.day(), user.id()},
                        INSERT, new Object[] {user.id(), user.screenName(), user.name(), user.day()});
            }
            return users.size();
        });
    }
}
