package io.eventsourcing.cdi;

import io.eventsourcing.application.SubjectForgotten;
import io.eventsourcing.config.Settings;
import io.eventsourcing.persistence.Notification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Personal data in Weld SE, in memory: the deployment holds {@link Owner}, whose events have {@code @PersonalData},
 * so that every application of it needs a master key (set here as system properties, which MicroProfile Config
 * reads).
 */
class PersonalDataTest {

    private final Map<String, String> properties = new HashMap<>();

    @AfterEach
    void clear() {
        properties.keySet().forEach(System::clearProperty);
        releaseConfig();
    }

    @Test
    void personal_data_is_sealed_read_back_and_forgotten_and_a_projection_deletes_what_it_derived() throws Exception {
        set(Settings.CIPHER_KEY, newKey());
        set(Settings.CIPHER_ENCRYPT_STATES, "false");      // the plain fields stay readable, to see what is sealed
        try (WeldContainer container = WeldInitiator.createWeld()
                .addBeanClasses(Owner.class, OwnerRegistry.class, OwnerNames.class).initialize()) {
            OwnerRegistry registry = container.select(OwnerRegistry.class).get();
            OwnerNames view = container.select(OwnerNames.class).get();
            UUID alice = registry.register("Alice", "555-0100", "Rex");
            UUID bob = registry.register("Bob", "555-0199", "Fido");
            view.waitFor("OwnerRegistry", registry.notificationLog().maxNotificationId(), Duration.ofSeconds(30));

            assertThat(registry.owner(alice).name()).isEqualTo("Alice");
            assertThat(registry.owner(alice).phone()).isEqualTo("555-0100");
            assertThat(storedText(registry)).contains("\"dogName\":\"Rex\"", "\"$personal\":\"")
                    .doesNotContain("Alice", "555-0100");
            assertThat(view.names()).containsOnly(Map.entry(alice, "Alice"), Map.entry(bob, "Bob"));

            registry.forget(alice);
            view.waitFor("OwnerRegistry", registry.notificationLog().maxNotificationId(), Duration.ofSeconds(30));

            Owner forgotten = registry.owner(alice);
            assertThat(forgotten.name()).isNull();
            assertThat(forgotten.phone()).as("the replacement the component names").isEqualTo("(forgotten)");
            assertThat(forgotten.dogName()).isEqualTo("Rex");
            assertThat(registry.owner(bob).name()).isEqualTo("Bob");
            assertThat(registry.notificationLog().select(1, 10)).last()
                    .extracting(Notification::topic).isEqualTo(SubjectForgotten.class.getName());
            assertThat(view.names()).containsOnly(Map.entry(bob, "Bob"));
        }
    }

    @Test
    void a_deployment_with_personal_data_and_no_master_key_fails_to_start_naming_the_key_and_the_events() {
        assertThatThrownBy(() -> WeldInitiator.createWeld().addBeanClasses(Owner.class, OwnerRegistry.class)
                .initialize())
                .hasStackTraceContaining("Cannot start @EventSourced application " + OwnerRegistry.class.getName()
                        + ": Missing configuration value for eventsourcing.cipher.key (or"
                        + " eventsourcing.OwnerRegistry.cipher.key): the deployment's aggregates have @PersonalData"
                        + " components (in " + Owner.class.getName() + " (" + Owner.Registered.class.getName() + "))")
                .hasStackTraceContaining("set eventsourcing.cipher.key to a base64 AES key of 16, 24 or 32 bytes")
                .hasStackTraceContaining("for all applications (or eventsourcing.OwnerRegistry.cipher.key for"
                        + " OwnerRegistry only); with eventsourcing.cipher.encrypt-states=false it only wraps those"
                        + " keys, and states stay readable");
    }

    /** The container cannot tell which application saves {@link Owner}: {@link DogSchool} (in the index) may. */
    @Test
    void every_application_of_a_deployment_with_personal_data_needs_a_master_key() {
        set("eventsourcing.OwnerRegistry.cipher.key", newKey());

        assertThatThrownBy(() -> WeldInitiator.createWeld().addBeanClasses(Owner.class, OwnerRegistry.class)
                .initialize())
                .hasStackTraceContaining("Cannot start @EventSourced application " + DogSchool.class.getName()
                        + ": Missing configuration value for eventsourcing.cipher.key (or"
                        + " eventsourcing.DogSchool.cipher.key)")
                .satisfies(failure -> assertThat(stackTrace(failure))
                        .doesNotContain("Cannot start @EventSourced application " + OwnerRegistry.class.getName()));
    }

    private void set(String key, String value) {
        properties.put(key, value);
        System.setProperty(key, value);
        releaseConfig();
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String storedText(OwnerRegistry registry) {
        StringBuilder text = new StringBuilder();
        for (Notification n : registry.notificationLog().select(1, 100)) {
            text.append(new String(n.state(), StandardCharsets.UTF_8)).append('\n');
        }
        return text.toString();
    }

    private static String stackTrace(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    private static void releaseConfig() {
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
    }
}
