package io.eventsourcing.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Work to do on a connection inside a transaction that someone else begins and ends. */
@FunctionalInterface
interface InTransaction {

    void run(Connection connection) throws SQLException;
}
