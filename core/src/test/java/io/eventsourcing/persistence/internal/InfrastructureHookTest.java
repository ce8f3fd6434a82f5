package io.eventsourcing.persistence.internal;

import io.eventsourcing.application.Application;
import io.eventsourcing.config.Settings;
import io.eventsourcing.persistence.InfrastructureFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InfrastructureHookTest {

    static class Shop extends Application {
    }

    @Test
    void the_hook_makes_the_infrastructure_of_the_application_constructed_during_it() {
        List<Settings> seen = new ArrayList<>();
        InfrastructureFactory[] made = new InfrastructureFactory[1];

        Shop shop = InfrastructureHook.during((settings, byProvider) -> {
            seen.add(settings);
            made[0] = byProvider.apply(settings);
            return made[0];
        }, Shop::new);

        assertThat(seen).singleElement().satisfies(s -> assertThat(s.applicationName()).isEqualTo("Shop"));
        assertThat(shop.eventStore().recorder()).isSameAs(made[0].applicationRecorder());
    }

    @Test
    void the_settings_name_the_application_class_not_an_anonymous_subclass_of_it() {
        List<Settings> seen = new ArrayList<>();
        InfrastructureHook.during((settings, byProvider) -> {
            seen.add(settings);
            return byProvider.apply(settings);
        }, () -> new Shop() {
        });

        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.applicationName()).isEqualTo("Shop");
            assertThat(s.applicationClass()).isEqualTo(Shop.class);
        });
    }

    @Test
    void the_hook_applies_once_and_not_after_it() {
        List<Settings> seen = new ArrayList<>();
        InfrastructureHook.during((settings, byProvider) -> {
            seen.add(settings);
            return byProvider.apply(settings);
        }, () -> {
            new Shop();
            return new Shop();
        });
        new Shop();

        assertThat(seen).hasSize(1);
        assertThat(InfrastructureFactory.create(Map.of())).isNotNull();
        assertThat(seen).hasSize(1);
    }
}
