package io.eventsourcing.jdbc.spi;

import io.eventsourcing.jdbc.DatabaseException;
import io.eventsourcing.persistence.DataKey;
import io.eventsourcing.persistence.IntegrityException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The data keys table's statements: one wrapped key per subject of personal data, keyed by {@code subject_id}.
 * Immutable.
 */
final class DataKeyTable {

    /** The table, as SQL refers to it. */
    final String table;
    private final String selectOne;
    private final String insertOne;
    private final String deleteOne;

    DataKeyTable(Tables tables) {
        this.table = tables.qualified(tables.dataKeys());
        this.selectOne = "SELECT wrapped FROM " + table + " WHERE subject_id = ?";
        this.insertOne = "INSERT INTO " + table + " (subject_id, wrapped) VALUES (?, ?)";
        this.deleteOne = "DELETE FROM " + table + " WHERE subject_id = ?";
    }

    /** @return the subject's wrapped key, read on the connection */
    Optional<byte[]> select(Connection connection, Dialect dialect, UUID subjectId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(selectOne)) {
            dialect.setUuid(select, 1, subjectId);
            try (ResultSet results = select.executeQuery()) {
                return results.next() ? Optional.of(results.getBytes(1)) : Optional.empty();
            }
        }
    }

    /**
     * In the connection's current transaction: deletes the forgotten subjects' keys (overwriting them where the
     * database would leave their bytes in its file, see {@link Dialect#secureDelete}), then inserts the new keys.
     *
     * @throws IntegrityException naming the subject of a new key that has one already
     * @throws DatabaseException   naming the table and the subject if the database refuses otherwise
     */
    void write(Connection connection, Dialect dialect, List<DataKey> newKeys, List<UUID> forgotten) {
        String doing = "delete";
        UUID subject = null;
        try {
            if (!forgotten.isEmpty()) {
                dialect.secureDelete(connection);
                try (PreparedStatement delete = connection.prepareStatement(deleteOne)) {
                    for (UUID forgottenSubject : forgotten) {
                        subject = forgottenSubject;
                        dialect.setUuid(delete, 1, subject);
                        delete.executeUpdate();
                    }
                }
            }
            doing = "store";
            if (newKeys.isEmpty()) {
                return;
            }
            try (PreparedStatement insert = connection.prepareStatement(insertOne)) {
                for (DataKey key : newKeys) {
                    subject = key.subjectId();
                    dialect.setUuid(insert, 1, subject);
                    insert.setBytes(2, key.wrapped());
                    try {
                        insert.executeUpdate();
                    } catch (SQLException e) {
                        if (dialect.isUniqueViolation(e)) {
                            throw IntegrityException.keyConflict(subject, e);
                        }
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(table, "Cannot %s the data key of subject %s in table %s: %s"
                    .formatted(doing, subject, table, e.getMessage()), e);
        }
    }
}
