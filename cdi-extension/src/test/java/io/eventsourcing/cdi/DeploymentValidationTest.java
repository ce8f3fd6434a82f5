package io.eventsourcing.cdi;

import io.eventsourcing.application.Application;
import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.eventsourcing.domain.DataSubject;
import io.eventsourcing.domain.PersonalData;
import io.eventsourcing.domain.Upcast;
import io.eventsourcing.system.Policy;
import io.eventsourcing.system.ProcessApplication;
import io.eventsourcing.system.ProcessingEvent;
import io.eventsourcing.system.Projection;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbTransient;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Each deployment here must fail, naming what is wrong. The invalid classes are nested here; the container shows
 * them to the extension as bean classes (Weld SE's synthetic archive discovers all its classes).
 */
class DeploymentValidationTest {

    static class NamelessDog extends Aggregate {
        public record Registered(String name) {}

        NamelessDog(String name) {
            trigger(new Registered(name));
        }

        @Apply
        void on(Registered e) {
        }
    }

    static class ForgetfulDog extends Aggregate {
        public record Registered(String name) {}

        public record Renamed(String name) {}

        private ForgetfulDog() {
        }

        @Apply
        void on(Registered e) {
        }
    }

    static class GreedyDog extends Aggregate {
        public record Registered(String name) {}

        private GreedyDog() {
        }

        @Apply
        void on(Registered e, String other) {
        }
    }

    static class DoubleDog extends Aggregate {
        public record Registered(String name) {}

        private DoubleDog() {
        }

        @Apply
        void on(Registered e) {
        }

        @Apply
        void onAgain(Registered e) {
        }
    }

    /** {@code eventsourcing.DataSourceLessSchool.persistence=datasource}, and no DataSource anywhere. */
    @EventSourced
    public static class DataSourceLessSchool extends Application {
    }

    /** Its {@code eventsourcing.UnboundSchool.datasource} names nothing in JNDI. */
    @EventSourced
    public static class UnboundSchool extends Application {
    }

    @EventSourced
    static class NoArgsLackingSchool extends Application {
        NoArgsLackingSchool(String name) {
        }
    }

    /** Follows, but cannot: it is not a process application. */
    @EventSourced
    @Follows(DogSchool.class)
    public static class FollowingSchool extends Application {
    }

    /** Follows an application the container does not run. */
    @EventSourced
    @Follows(CatSchool.class)
    public static class CatWatcher extends ProcessApplication {
    }

    /** Its policy lacks the processing event. */
    @EventSourced
    @Follows(DogSchool.class)
    public static class CarelessWatcher extends ProcessApplication {
        @Policy
        void on(Dog.Registered e) {
        }
    }

    /** A projection that follows nothing. */
    @EventSourced
    public static class AimlessView extends Projection {
    }

    /** A projection the container does not run: it is not @EventSourced. */
    @Follows(DogSchool.class)
    public static class UnmarkedView extends Projection {
    }

    /** Its policy takes a processing event, as a process application's does. */
    @EventSourced
    @Follows(DogSchool.class)
    public static class ConfusedView extends Projection {
        @Policy
        void on(Dog.Registered e, ProcessingEvent processing) {
        }
    }

    /** Follows an application the container does not run. */
    @EventSourced
    @Follows(CatSchool.class)
    public static class CatView extends Projection {
    }

    /** Selects an application, as an injection point does. */
    @EventSourced(DogSchool.class)
    @Follows(DogSchool.class)
    public static class QualifiedView extends Projection {
    }

    @Test
    void an_application_that_follows_but_is_not_a_process_application_fails_the_deployment() {
        assertThat(deploymentFailure(FollowingSchool.class)).contains("@Follows on " + FollowingSchool.class.getName()
                + ": only a " + ProcessApplication.class.getName() + " or a " + Projection.class.getName()
                + " follows other applications");
    }

    @Test
    void a_projection_that_follows_nothing_fails_the_deployment_naming_it() {
        assertThat(deploymentFailure(AimlessView.class)).contains("@EventSourced projection "
                + AimlessView.class.getName() + " follows nothing: name the applications it follows");
    }

    @Test
    void a_projection_that_follows_but_is_not_event_sourced_fails_the_deployment_naming_it(@TempDir Path dir)
            throws IOException {
        // Not a bean, and not @EventSourced: only the index shows it to the extension.
        ClassLoader original = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{ProjectionTest.index(dir, UnmarkedView.class)},
                original)) {
            Thread.currentThread().setContextClassLoader(loader);
            assertThat(deploymentFailure(DogResource.class)).contains("@Follows on projection " + UnmarkedView.class.getName()
                    + ", which is not @EventSourced: mark it @EventSourced");
        } finally {
            Thread.currentThread().setContextClassLoader(original);
        }
    }

    @Test
    void an_invalid_policy_of_a_projection_fails_the_deployment_naming_the_method() {
        assertThat(deploymentFailure(ConfusedView.class)).contains("@Policy method "
                + ConfusedView.class.getName() + ".on");
    }

    @Test
    void a_projection_following_an_application_that_is_not_event_sourced_fails_the_deployment_naming_both() {
        assertThat(deploymentFailure(CatView.class)).contains(CatView.class.getName() + " follows "
                + CatSchool.class.getName() + ", which is not an @EventSourced application of this deployment");
    }

    @Test
    void a_projection_with_a_value_in_event_sourced_fails_the_deployment_naming_it() {
        assertThat(deploymentFailure(QualifiedView.class)).contains("@EventSourced(DogSchool.class) on projection "
                + QualifiedView.class.getName() + ": leave the value out on the projection class");
    }

    @Test
    void following_an_application_that_is_not_event_sourced_fails_the_deployment_naming_both() {
        assertThat(deploymentFailure(CatWatcher.class)).contains(CatWatcher.class.getName() + " follows "
                + CatSchool.class.getName() + ", which is not an @EventSourced application of this deployment");
    }

    @Test
    void an_invalid_policy_fails_the_deployment_naming_the_method() {
        assertThat(deploymentFailure(CarelessWatcher.class)).contains("@Policy method "
                + CarelessWatcher.class.getName() + ".on must take two parameters");
    }

    /** Its event's upcasters skip version 1. */
    static class AgelessDog extends Aggregate {
        public record Registered(String name, int age) {
            @Upcast(from = 2)
            static JsonObject fromTwo(JsonObject v2) {
                return v2;
            }
        }

        private AgelessDog() {
        }

        @Apply
        void on(Registered e) {
        }
    }

    /** Each event breaks a rule of personal data that the mapper would enforce at the first save. */
    static class IndiscreetDog extends Aggregate {
        public record Adopted(@DataSubject UUID owner, @DataSubject UUID vet, @PersonalData String ownerName) {}

        public record Owned(@DataSubject String owner, @PersonalData String ownerName) {}

        public record Aged(@PersonalData int age) {}

        public record Weighed(@PersonalData(forgotten = "unknown") Integer kilos) {}

        public record Whispered(@PersonalData @JsonbTransient String secret) {}

        public record Named(@PersonalData String name, String $subject) {}

        public record Judged(Judge judge) {}

        /** A value the event holds: its mark would not be sealed. */
        public record Judge(@PersonalData String name) {}

        private IndiscreetDog() {
        }

        @Apply
        void on(Adopted e) {
        }

        @Apply
        void on(Owned e) {
        }

        @Apply
        void on(Aged e) {
        }

        @Apply
        void on(Weighed e) {
        }

        @Apply
        void on(Whispered e) {
        }

        @Apply
        void on(Named e) {
        }

        @Apply
        void on(Judged e) {
        }
    }

    @Test
    void misplaced_personal_data_fails_the_deployment_naming_each_record_and_component() {
        String dog = IndiscreetDog.class.getName();

        assertThat(deploymentFailure(IndiscreetDog.class)).contains(
                dog + "$Adopted has two @DataSubject components, owner and vet: it may have one",
                "@DataSubject component " + dog + "$Owned.owner must be a UUID",
                "@PersonalData component " + dog + "$Aged.age is a int: make it a Integer, which can be null once"
                        + " forgotten",
                "@PersonalData(forgotten = ...) component " + dog + "$Weighed.kilos must be a String",
                "@PersonalData component " + dog + "$Whispered.secret is @JsonbTransient: JSON-B does not write it",
                dog + "$Named.$subject is named $subject, which a record with @PersonalData cannot use",
                dog + "$Judge.name is marked in a record that event " + dog + "$Judged holds: only an event's own"
                        + " components are sealed");
    }

    @Test
    void upcasters_with_a_gap_fail_the_deployment_naming_the_record() {
        assertThat(deploymentFailure(AgelessDog.class)).contains(AgelessDog.Registered.class.getName()
                + " has no @Upcast method from version 1");
    }

    @Test
    void an_aggregate_without_a_no_arg_constructor_fails_the_deployment_naming_the_class() {
        assertThat(deploymentFailure(NamelessDog.class)).contains(
                NamelessDog.class.getName() + " has no no-arg constructor: add one of any visibility");
    }

    @Test
    void an_event_record_without_an_apply_method_fails_the_deployment_naming_the_record() {
        assertThat(deploymentFailure(ForgetfulDog.class)).contains(("Aggregate %s declares the event record %s but no"
                + " @Apply method for it: add @Apply void on(Renamed e)").formatted(ForgetfulDog.class.getName(),
                ForgetfulDog.Renamed.class.getName()));
    }

    @Test
    void a_handler_with_two_parameters_fails_the_deployment_naming_the_method() {
        assertThat(deploymentFailure(GreedyDog.class)).contains("@Apply method " + GreedyDog.class.getName()
                + ".on must take exactly one parameter, an event record");
    }

    @Test
    void two_handlers_for_one_event_fail_the_deployment_naming_both_methods() {
        assertThat(deploymentFailure(DoubleDog.class))
                .containsPattern("@Apply methods " + DoubleDog.class.getName().replace("$", "\\$")
                        + "\\.(on|onAgain) and " + DoubleDog.class.getName().replace("$", "\\$")
                        + "\\.(on|onAgain) both handle " + DoubleDog.Registered.class.getName().replace("$", "\\$"));
    }

    @Test
    void every_invalid_aggregate_is_reported_in_the_same_failure() {
        assertThat(deploymentFailure(NamelessDog.class, ForgetfulDog.class, GreedyDog.class))
                .contains(NamelessDog.class.getName(), ForgetfulDog.Renamed.class.getName(),
                        GreedyDog.class.getName() + ".on");
    }

    @Test
    void two_aggregates_claiming_the_same_topic_fail_the_deployment_naming_the_topic(@TempDir Path dir)
            throws IOException {
        // Another class named like Dog on the class path, as when two versions of a domain jar are deployed.
        Path source = dir.resolve("src/io/eventsourcing/cdi/Dog.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package io.eventsourcing.cdi;
                public class Dog extends io.eventsourcing.domain.Aggregate {
                    private Dog() {}
                }
                """);
        Path classes = dir.resolve("classes");
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-proc:none", "-d", classes.toString(),
                "-classpath", System.getProperty("java.class.path"), source.toString());
        assertThat(status).isZero();
        ClassLoader original = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()}, original)) {
            Thread.currentThread().setContextClassLoader(loader);
            assertThat(deploymentFailure(DogResource.class))
                    .contains("Two aggregates claim the topic " + Dog.class.getName() + ": the class path holds"
                            + " different classes of that name in")
                    .contains(classes.resolve("io/eventsourcing/cdi/Dog.class").toString());
        } finally {
            Thread.currentThread().setContextClassLoader(original);
        }
    }

    @Test
    void identical_copies_of_an_aggregate_class_claim_its_topic_once(@TempDir Path dir) throws IOException {
        String file = Dog.class.getName().replace('.', '/') + ".class";
        Path copy = dir.resolve(file);
        Files.createDirectories(copy.getParent());
        try (InputStream in = Dog.class.getClassLoader().getResourceAsStream(file)) {
            Files.copy(in, copy);
        }
        ClassLoader original = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, original)) {
            Thread.currentThread().setContextClassLoader(loader);
            try (WeldContainer container = WeldInitiator.createWeld().addBeanClasses(DogResource.class).initialize()) {
                assertThat(container.select(DogSchool.class).get().registerDog("Rex")).isNotNull();
            }
        } finally {
            Thread.currentThread().setContextClassLoader(original);
        }
    }

    @Test
    void an_application_without_a_no_arg_constructor_fails_the_deployment_naming_the_class() {
        assertThat(deploymentFailure(NoArgsLackingSchool.class)).contains("@EventSourced application "
                + NoArgsLackingSchool.class.getName() + " has no no-arg constructor");
    }

    @Test
    void an_invalid_configuration_value_fails_the_start_naming_the_key() {
        assertThat(deploymentFailure(MisconfiguredSchool.class)).contains("Cannot start @EventSourced application "
                + MisconfiguredSchool.class.getName() + ": Unknown persistence 'carrier-pigeon' for"
                + " eventsourcing.MisconfiguredSchool.persistence");
    }

    @Test
    void a_datasource_application_without_a_datasource_fails_the_start_naming_the_key() {
        assertThat(deploymentFailure(DataSourceLessSchool.class)).contains("Cannot start @EventSourced application "
                + DataSourceLessSchool.class.getName() + ": Missing configuration value for eventsourcing.datasource"
                + " (or eventsourcing.DataSourceLessSchool.datasource): name the container's DataSource by its JNDI"
                + " name, or offer a DataSource bean");
    }

    @Test
    void a_datasource_name_bound_to_nothing_fails_the_start_naming_the_key() {
        assertThat(deploymentFailure(UnboundSchool.class)).contains("Cannot start @EventSourced application "
                + UnboundSchool.class.getName() + ": Cannot look up 'java:comp/env/jdbc/dogs'"
                + " (eventsourcing.UnboundSchool.datasource) in JNDI");
    }

    @Test
    void every_application_that_cannot_start_is_reported_in_the_same_failure() {
        assertThat(deploymentFailure(MisconfiguredSchool.class, DataSourceLessSchool.class, UnboundSchool.class))
                .contains(MisconfiguredSchool.class.getName() + ": Unknown persistence 'carrier-pigeon'",
                        DataSourceLessSchool.class.getName() + ": Missing configuration value",
                        UnboundSchool.class.getName() + ": Cannot look up");
    }

    private static String deploymentFailure(Class<?>... beanClasses) {
        Weld weld = WeldInitiator.createWeld().addBeanClasses(beanClasses);
        Throwable failure = catchThrowable(() -> {
            try (WeldContainer container = weld.initialize()) {
                container.isRunning();
            }
        });
        assertThat(failure).as("the deployment of %s fails", (Object) beanClasses).isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
