package io.eventsourcing.jdbc;

/**
 * The database failed a recorder's statement for a reason other than a conflict (which is an
 * {@link io.eventsourcing.persistence.IntegrityException}): it is unreachable, a lock timed out, a table is
 * missing. The message names the table and what was being done; the driver's {@link java.sql.SQLException} is the
 * cause. A failed save stored nothing: its own transaction rolled back, or the joined JTA transaction is marked
 * rollback-only.
 */
public class DatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String table;

    public DatabaseException(String table, String message, Throwable cause) {
        super(message, cause);
        this.table = table;
    }

    /** @return the table the failed statement used */
    public String table() {
        return table;
    }
}
