package io.eventsourcing.bench.postgres;

import io.agroal.api.AgroalDataSource;
import io.eventsourcing.application.Application;
import io.eventsourcing.jdbc.JdbcSettings;
import io.eventsourcing.postgres.PostgresSettings;

import java.util.HashMap;
import java.util.Map;

/**
 * The library, as users run it: {@code Application.save(dog)}. Own transactions: {@code eventsourcing.persistence
 * =postgres}, its own Agroal pool. JTA: {@code eventsourcing.persistence=datasource}, the DataSource and the
 * transaction synchronization registry found in JNDI as in a container. In both, each save inserts its rows
 * without ids in one round trip, and the application's sequencer numbers them after the commit.
 */
final class LibraryVariant implements Writer.Variant {

    private static final String TSR_NAME = "java:comp/TransactionSynchronizationRegistry";

    @Override
    public String name() {
        return "library";
    }

    @Override
    public Writer open(Server server, String schema, int poolSize, boolean jta) throws Exception {
        if (!jta) {
            // bench.library-pool-extra: connections beyond one per writer, such as one for the sequencer
            Application app = new Application(server.librarySettings(schema,
                    poolSize + Integer.getInteger("bench.library-pool-extra", 0)));
            return new Writer() {
                @Override
                public void save(int events) {
                    app.save(Rows.newDog(events));
                }

                @Override
                public void close() {
                    app.close();
                }
            };
        }
        AgroalDataSource pool = server.pool(schema, poolSize, true, true);
        String name = "java:comp/env/jdbc/" + schema;
        BenchJndi.bind(TSR_NAME, Jta.TSR);
        BenchJndi.bind(name, pool);
        Map<String, String> settings = new HashMap<>();
        settings.put("eventsourcing.persistence", "datasource");
        settings.put(JdbcSettings.DATASOURCE, name);
        settings.put(PostgresSettings.SCHEMA, schema);
        Application app = new Application(settings);
        return new Writer() {
            @Override
            public void save(int events) {
                app.save(Rows.newDog(events));
            }

            @Override
            public void close() {
                app.close();
                BenchJndi.unbind(name);
                pool.close();
            }
        };
    }
}
