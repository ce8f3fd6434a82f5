package io.eventsourcing.cdi;

import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The keys are those of {@code src/test/resources/META-INF/microprofile-config.properties}. */
@EnableWeld
class ConfigurationTest {

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(DogResource.class, CatSchool.class).build();

    @Inject
    DogSchool dogs;

    @Inject
    CatSchool cats;

    @Test
    void an_application_reads_its_configuration_from_microprofile_config_properties() {
        assertThat(cats.settings().get("eventsourcing.greeting")).contains("hello");
        assertThat(cats.settings().get("eventsourcing.persistence")).contains("memory");
    }

    @Test
    void a_key_with_the_application_name_overrides_the_key_for_that_application_only() {
        assertThat(dogs.settings().get("eventsourcing.greeting")).contains("woof");
        assertThat(cats.settings().get("eventsourcing.greeting")).contains("hello");
    }
}
