package io.eventsourcing.cdi;

import com.arjuna.ats.jta.cdi.TransactionExtension;
import io.eventsourcing.cdi.internal.CdiContainer;
import io.eventsourcing.container.Container;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The container SPI in Weld SE: the extension's {@link CdiContainer}, found by ServiceLoader while the container
 * runs, offers its DataSource and transaction synchronization registry beans; once it stops, plain Java again.
 */
class CdiContainerTest {

    @Test
    void while_cdi_runs_the_current_container_offers_its_datasource_bean_by_name_and_as_the_default() {
        try (WeldContainer weld = WeldInitiator.createWeld().addBeanClasses(Kennels.class).initialize()) {
            Container container = Container.current();

            assertThat(container).isInstanceOf(CdiContainer.class);
            assertThat(container.dataSource("jdbc/kennels")).containsSame(Kennels.DATA_SOURCE);
            assertThat(container.dataSource(null)).containsSame(Kennels.DATA_SOURCE);
            assertThat(container.dataSource("jdbc/cats")).isEmpty();
        }
        assertThat(Container.current()).isSameAs(Container.plain());
    }

    @Test
    void its_transactions_are_the_registry_bean() {
        try (WeldContainer weld = WeldInitiator.createWeld().addExtension(new TransactionExtension())
                .addBeanClasses(StoredEventsObserver.class).initialize()) {
            assertThat(Container.current().transactions())
                    .containsSame(weld.select(TransactionSynchronizationRegistry.class).get());
        }
    }

    @Test
    void without_beans_it_offers_what_plain_java_does() {
        try (WeldContainer weld = WeldInitiator.createWeld().addBeanClasses(StoredEventsObserver.class).initialize()) {
            assertThat(Container.current().dataSource(null)).isEmpty();
            assertThat(Container.current().transactions()).isEmpty();
        }
    }

    @Test
    void two_default_datasource_beans_are_refused_saying_so() {
        try (WeldContainer weld = WeldInitiator.createWeld().addBeanClasses(Kennels.class, Catteries.class)
                .initialize()) {
            assertThatThrownBy(() -> Container.current().dataSource(null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("several DataSource beans are @Default: offer only one");
        }
    }

    /** A DataSource bean named, and so also the default one. */
    public static class Kennels {

        static final DataSource DATA_SOURCE = new SQLiteDataSource();

        @Produces
        @Named("jdbc/kennels")
        DataSource dataSource() {
            return DATA_SOURCE;
        }
    }

    /** Another default DataSource bean. */
    public static class Catteries {

        @Produces
        DataSource dataSource() {
            return new SQLiteDataSource();
        }
    }
}
