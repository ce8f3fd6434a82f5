package io.eventsourcing.bench.postgres;

/**
 * One strategy's way of saving an aggregate, shared by the writer threads (so thread-safe). In own-transaction
 * scenarios {@link #save} commits; in JTA scenarios the harness has begun a transaction and commits it after.
 */
interface Writer extends AutoCloseable {

    /** Saves a new Dog with {@code events} events (registered, then tricks). */
    void save(int events) throws Exception;

    @Override
    void close() throws Exception;

    /** A strategy: opens a writer over fresh tables in the schema. */
    interface Variant {
        String name();

        /** @return whether it can join JTA transactions (scenario c) */
        default boolean supportsJta() {
            return true;
        }

        /**
         * @param poolSize most connections it may use (one per writer thread)
         * @param jta      whether saves run inside the harness's JTA transaction rather than their own
         */
        Writer open(Server server, String schema, int poolSize, boolean jta) throws Exception;
    }
}
