/**
 * The container SPI: what the library's infrastructure asks of the container it runs in (a DataSource, the JTA
 * transactions, threads for background work) through {@link io.eventsourcing.container.Container}, which a container
 * integration registers with {@link java.util.ServiceLoader}. Without one, plain Java: JNDI where there is JNDI,
 * daemon threads.
 */
package io.eventsourcing.container;
