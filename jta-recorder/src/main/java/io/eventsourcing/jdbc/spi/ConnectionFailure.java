package io.eventsourcing.jdbc.spi;

import java.sql.SQLException;

/**
 * Why the library's own connections to a database could not be made, as a {@link Dialect} tells it from the
 * driver's error ({@link Dialect#connectionFailure}): the message says that the connection failed, names the keys
 * and values to check (never a password's value) and keeps the driver's text.
 *
 * @param key     the key to fix first (as set: an application's own key if it set one)
 * @param message the message, naming the keys
 * @param setting whether only a setting can fix it (an unknown host, database or user, a wrong password, a file that
 *                cannot be opened), else the server may just be down or unreachable (refused, timed out)
 */
public record ConnectionFailure(String key, String message, boolean setting) {

    /**
     * @return the driver's text, with that of the first cause whose text it does not include (such as an
     *         {@link java.net.UnknownHostException} behind "The connection attempt failed.")
     */
    public static String driverText(SQLException e) {
        String text = String.valueOf(e.getMessage());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String more = cause.getMessage();
            if (more != null && !text.contains(more)) {
                return text + " (" + cause.getClass().getName() + ": " + more + ")";
            }
        }
        return text;
    }

    /** @return the error or one of its causes of that type, or {@code null} */
    public static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** @return the first SQLState in the error and its causes, or {@code null} */
    public static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }
}
