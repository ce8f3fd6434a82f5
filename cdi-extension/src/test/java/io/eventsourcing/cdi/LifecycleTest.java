package io.eventsourcing.cdi;

import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleTest {

    @BeforeEach
    void reset() {
        ClosingSchool.CREATED.set(0);
        ClosingSchool.CLOSED.set(0);
    }

    @Test
    void an_application_is_created_when_the_container_starts_before_anyone_asks_for_it() {
        try (WeldContainer container = WeldInitiator.createWeld().addBeanClasses(ClosingSchool.class).initialize()) {
            assertThat(ClosingSchool.CREATED).hasValue(1);
            container.select(ClosingSchool.class).get();
            assertThat(ClosingSchool.CREATED).hasValue(1);
        }
    }

    @Test
    void an_application_is_closed_once_when_the_container_shuts_down() {
        WeldContainer container = WeldInitiator.createWeld().addBeanClasses(ClosingSchool.class).initialize();
        container.select(ClosingSchool.class).get();
        assertThat(ClosingSchool.CLOSED).hasValue(0);

        container.shutdown();

        assertThat(ClosingSchool.CLOSED).hasValue(1);
    }

    /** A container whose start fails may never destroy its beans: the applications that did start are closed. */
    @Test
    void a_start_that_fails_closes_the_applications_that_started() {
        assertThatThrownBy(() -> WeldInitiator.createWeld()
                .addBeanClasses(ClosingSchool.class, MisconfiguredSchool.class).initialize())
                .hasStackTraceContaining("Unknown persistence 'carrier-pigeon'");

        assertThat(ClosingSchool.CREATED).hasValue(1);
        assertThat(ClosingSchool.CLOSED).hasValue(1);
    }
}
