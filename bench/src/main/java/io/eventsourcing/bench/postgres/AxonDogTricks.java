package io.eventsourcing.bench.postgres;

import io.eventsourcing.bench.axon.AxonDog;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.SourceId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The Axon event handler measured by {@link ProjectionThroughput}: the same upsert as {@link DogTricks}, once per
 * event, on the connection of the processor's transaction ({@link AxonJdbcTransactions}).
 */
public class AxonDogTricks {

    private final ConnectionProvider connections;
    private final String upsert;
    /** When the first event was handled (nanoTime), 0 before. */
    private volatile long firstEvent;

    AxonDogTricks(ConnectionProvider connections, String table) {
        this.connections = connections;
        this.upsert = DogTricks.upsert(table);
    }

    @EventHandler
    public void on(AxonDog.Registered e, @SourceId String dogId) throws SQLException {
        upsert(dogId, 0);
    }

    @EventHandler
    public void on(AxonDog.TrickAdded e, @SourceId String dogId) throws SQLException {
        upsert(dogId, 1);
    }

    long firstEvent() {
        return firstEvent;
    }

    private void upsert(String dogId, int tricks) throws SQLException {
        if (firstEvent == 0) {
            firstEvent = System.nanoTime();
        }
        try (Connection connection = connections.getConnection();
             PreparedStatement statement = connection.prepareStatement(upsert)) {
            statement.setObject(1, UUID.fromString(dogId));
            statement.setInt(2, tricks);
            statement.executeUpdate();
        }
    }
}
