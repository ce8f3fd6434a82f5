package io.eventsourcing.postgres.internal;

/** How the tests find the session that listens for a table's notifications: by its {@code application_name}. */
public final class ListeningSessions {

    private ListeningSessions() {
    }

    /** @return the {@code application_name} of the session listening on the table's channel */
    public static String applicationName(String table) {
        return Listener.APPLICATION_NAME + PostgresDialect.channel(table);
    }
}
