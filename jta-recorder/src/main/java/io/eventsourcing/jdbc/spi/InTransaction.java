package io.eventsourcing.jdbc.spi;

import java.sql.Connection;
import java.sql.SQLException;

/** Work to do on a connection inside a transaction that someone else begins and ends. */
@FunctionalInterface
public interface InTransaction {

    /** Does the work. */
    void run(Connection connection) throws SQLException;
}
