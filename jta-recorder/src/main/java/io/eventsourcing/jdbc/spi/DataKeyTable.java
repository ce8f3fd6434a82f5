package io.eventsourcing.jdbc.spi;

import io.eventsourcing.jdbc.DatabaseException;
import io.eventsourcing.persistence.DataKey;
import io.eventsourcing.persistence.DataKeyRecorder;
import io.eventsourcing.persistence.IntegrityException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
    private final String selectFirst;
    private final String selectAfter;
    private final String replaceOne;

    DataKeyTable(Tables tables) {
        this.table = tables.qualified(tables.dataKeys());
        this.selectOne = "SELECT wrapped FROM " + table + " WHERE subject_id = ?";
        this.insertOne = "INSERT INTO " + table + " (subject_id, wrapped) VALUES (?, ?)";
        this.deleteOne = "DELETE FROM " + table + " WHERE subject_id = ?";
        this.selectFirst = "SELECT subject_id, wrapped FROM " + table + " ORDER BY subject_id LIMIT ?";
        this.selectAfter = "SELECT subject_id, wrapped FROM " + table + " WHERE subject_id > ? ORDER BY subject_id"
                + " LIMIT ?";
        this.replaceOne = "UPDATE " + table + " SET wrapped = ? WHERE subject_id = ? AND wrapped = ?";
    }

    /** @return the changes of one save, which {@link #write} them when run */
    DataKeyChanges changes(Dialect dialect, List<DataKey> newKeys, List<UUID> forgotten) {
        return new DataKeyChanges() {
            @Override
            public List<DataKey> newKeys() {
                return newKeys;
            }

            @Override
            public List<UUID> forgotten() {
                return forgotten;
            }

            @Override
            public void run(Connection connection) {
                write(connection, dialect, newKeys, forgotten);
            }
        };
    }

    /** @return up to {@code limit} keys in the order of their subjects, after {@code after} unless {@code null} */
    List<DataKey> select(Connection connection, Dialect dialect, UUID after, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(after == null ? selectFirst : selectAfter)) {
            int index = 1;
            if (after != null) {
                dialect.setUuid(select, index++, after);
            }
            select.setInt(index, limit);
            List<DataKey> keys = new ArrayList<>(Math.min(limit, 1000));
            try (ResultSet results = select.executeQuery()) {
                while (results.next()) {
                    keys.add(new DataKey(dialect.getUuid(results, 1), results.getBytes(2)));
                }
            }
            return keys;
        }
    }

    /**
     * In the connection's current transaction: replaces each key where it is still the one that was wrapped anew.
     *
     * @return how many were replaced
     * @throws DatabaseException naming the table if the database refuses
     */
    int rewrap(Connection connection, Dialect dialect, List<DataKeyRecorder.Rewrapped> keys) {
        try (PreparedStatement replace = connection.prepareStatement(replaceOne)) {
            for (DataKeyRecorder.Rewrapped key : keys) {
                replace.setBytes(1, key.rewrapped());
                dialect.setUuid(replace, 2, key.subjectId());
                replace.setBytes(3, key.stored());
                replace.addBatch();
            }
            int replaced = 0;
            for (int count : replace.executeBatch()) {
                replaced += count == PreparedStatement.SUCCESS_NO_INFO ? 1 : count;
            }
            return replaced;
        } catch (SQLException e) {
            throw new DatabaseException(table, "Cannot replace %d data keys wrapped anew in table %s: %s"
                    .formatted(keys.size(), table, e.getMessage()), e);
        }
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
