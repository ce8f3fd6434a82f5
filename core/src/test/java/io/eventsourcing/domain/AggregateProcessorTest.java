package io.eventsourcing.domain;

import io.eventsourcing.processor.AggregateProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiles small sources with javac, which finds the processor on the class path as a user's build does. It is in
 * core, not in {@code eventsourcing-processor}, because the sources use core's types, and core depends on the
 * processor: a test dependency back would be a cycle in the build.
 */
class AggregateProcessorTest {

    @TempDir
    Path dir;

    private static final String DOG = """
            package shop;
            import io.eventsourcing.domain.Aggregate;
            import io.eventsourcing.domain.Apply;
            public class Dog extends Aggregate {
                public record Registered(String name, Trick firstTrick) {}
                public record Trick(String name) {}
                private Dog() {}
                @Apply void on(Registered e) {}
            }
            """;

    @Test
    void the_aggregates_applications_and_projections_compiled_are_written_to_the_index() throws IOException {
        List<String> errors = compile(DOG, """
                package shop;
                public class DogSchool extends io.eventsourcing.application.Application {}
                """, """
                package shop;
                public class DogList extends io.eventsourcing.system.Projection {}
                """, """
                package shop;
                public abstract class View extends io.eventsourcing.system.Projection {}
                """, """
                package shop;
                public abstract class Animal extends io.eventsourcing.domain.Aggregate {}
                """);

        assertThat(errors).isEmpty();
        assertThat(Files.readAllLines(dir.resolve("out/META-INF/eventsourcing/aggregates"))).containsExactly("shop.Dog");
        assertThat(Files.readAllLines(dir.resolve("out/META-INF/eventsourcing/applications")))
                .containsExactly("shop.DogSchool");
        assertThat(Files.readAllLines(dir.resolve("out/META-INF/eventsourcing/projections")))
                .containsExactly("shop.DogList");
    }

    @Test
    void invalid_upcasters_are_compile_errors() throws IOException {
        List<String> errors = compile("""
                package shop;
                import io.eventsourcing.domain.Upcast;
                import jakarta.json.JsonObject;
                public class Events {
                    public record Registered(String name, int age) {
                        @Upcast(from = 2) static JsonObject fromTwo(JsonObject v2) { return v2; }
                        @Upcast(from = 3) JsonObject fromThree(JsonObject v3) { return v3; }
                    }
                }
                """);

        assertThat(errors).containsExactlyInAnyOrder(
                "@Upcast method shop.Events$Registered.fromThree must be static JsonObject fromThree(JsonObject state)",
                "shop.Events$Registered has no @Upcast method from version 1 (it has one from 2): versions go 1, 2, 3,"
                        + " ...");
    }

    @Test
    void an_invalid_policy_is_a_compile_error_on_the_method() throws IOException {
        List<String> errors = compile(DOG, """
                package shop;
                import io.eventsourcing.system.Policy;
                import io.eventsourcing.system.ProcessApplication;
                import io.eventsourcing.system.ProcessingEvent;
                public class Counters extends ProcessApplication {
                    @Policy void on(Dog.Registered e) {}
                    @Policy void on(Dog.Registered e, ProcessingEvent p) {}
                    @Policy void again(Dog.Registered e, ProcessingEvent p) {}
                    @Policy static void quietly(Dog.Trick e, ProcessingEvent p) {}
                }
                """);

        assertThat(errors).containsExactlyInAnyOrder(
                "@Policy method shop.Counters.on must take two parameters, an event record and a ProcessingEvent",
                "@Policy methods shop.Counters.again and shop.Counters.on both handle shop.Dog.Registered: keep one",
                "@Policy method shop.Counters.quietly must not be static");
    }

    @Test
    void an_invalid_policy_of_a_projection_is_a_compile_error_on_the_method() throws IOException {
        List<String> errors = compile(DOG, """
                package shop;
                import io.eventsourcing.system.Policy;
                import io.eventsourcing.system.ProcessingEvent;
                import io.eventsourcing.system.Projection;
                import io.eventsourcing.system.ProjectionContext;
                public class DogList extends Projection {
                    @Policy void on(Dog.Registered e, ProcessingEvent p) {}
                    @Policy void on(Dog.Trick e, ProjectionContext c) {}
                    @Policy static void quietly(Dog.Registered e, ProjectionContext c) {}
                }
                """);

        assertThat(errors).containsExactlyInAnyOrder(
                "@Policy method shop.DogList.on must take two parameters, an event record and a ProjectionContext",
                "@Policy method shop.DogList.quietly must not be static");
    }

    @Test
    void a_compilation_of_some_sources_keeps_the_index_entries_of_the_others() throws IOException {
        compile(DOG);
        List<String> errors = compile("""
                package shop;
                public class Cat extends io.eventsourcing.domain.Aggregate {
                    private Cat() {}
                }
                """);

        assertThat(errors).isEmpty();
        assertThat(Files.readAllLines(dir.resolve("out/META-INF/eventsourcing/aggregates")))
                .containsExactly("shop.Cat", "shop.Dog");
    }

    @Test
    void an_aggregate_without_a_no_arg_constructor_is_a_compile_error_naming_the_class() throws IOException {
        List<String> errors = compile("""
                package shop;
                public class Dog extends io.eventsourcing.domain.Aggregate {
                    public Dog(String name) {}
                }
                """);

        assertThat(errors).containsExactly("shop.Dog has no no-arg constructor: add one of any visibility, used to"
                + " rebuild it from stored events, for example: private Dog() {}");
    }

    @Test
    void misplaced_personal_data_annotations_are_compile_errors_naming_the_component() throws IOException {
        List<String> errors = compile("""
                package shop;
                import io.eventsourcing.domain.Apply;
                import io.eventsourcing.domain.DataSubject;
                import io.eventsourcing.domain.PersonalData;
                import java.util.List;
                import java.util.UUID;
                public class Dog extends io.eventsourcing.domain.Aggregate {
                    public record Registered(@DataSubject UUID ownerId, @PersonalData String ownerName,
                                             @PersonalData(forgotten = "-") String nickname) {}
                    public record Owned(@DataSubject UUID one, @DataSubject String two) {}
                    public record Aged(@PersonalData int age, @PersonalData(forgotten = "0") Integer months) {}
                    public record Whispered(@PersonalData @jakarta.json.bind.annotation.JsonbTransient String secret) {}
                    public record Judged(List<Judge> judges) {}
                    public record Judge(@PersonalData String name) {}
                    public record Named(@PersonalData String name, String $subject) {}
                    private Dog() {}
                    @Apply void on(Registered e) {}
                    @Apply void on(Owned e) {}
                    @Apply void on(Aged e) {}
                    @Apply void on(Whispered e) {}
                    @Apply void on(Judged e) {}
                    @Apply void on(Named e) {}
                }
                """);

        assertThat(errors).containsExactly(
                "shop.Dog$Owned has two @DataSubject components, one and two: it may have one",
                "@DataSubject component shop.Dog$Owned.two must be a UUID",
                "@PersonalData component shop.Dog$Aged.age is a int: make it a Integer, which can be null once"
                        + " forgotten",
                "@PersonalData(forgotten = ...) component shop.Dog$Aged.months must be a String",
                "@PersonalData component shop.Dog$Whispered.secret is @JsonbTransient: JSON-B does not write it, so"
                        + " there is nothing to seal; remove one of the two",
                "shop.Dog$Judge.name is marked in a record that event shop.Dog$Judged holds: only an event's own"
                        + " components are sealed; mark the component of shop.Dog$Judged that holds it @PersonalData",
                "shop.Dog$Named.$subject is named $subject, which a record with @PersonalData cannot use: it holds"
                        + " the sealed personal data");
    }

    @Test
    void a_handler_whose_parameter_is_not_a_record_is_a_compile_error_naming_the_method() throws IOException {
        List<String> errors = compile("""
                package shop;
                public class Dog extends io.eventsourcing.domain.Aggregate {
                    private Dog() {}
                    @io.eventsourcing.domain.Apply void on(String name) {}
                }
                """);

        assertThat(errors).containsExactly("@Apply method shop.Dog.on must take exactly one parameter, an event record");
    }

    @Test
    void a_handler_with_two_parameters_is_a_compile_error_naming_the_method() throws IOException {
        List<String> errors = compile("""
                package shop;
                public class Dog extends io.eventsourcing.domain.Aggregate {
                    public record Registered(String name) {}
                    private Dog() {}
                    @io.eventsourcing.domain.Apply void on(Registered e) {}
                    @io.eventsourcing.domain.Apply void also(Registered e, int n) {}
                }
                """);

        assertThat(errors).containsExactly(
                "@Apply method shop.Dog.also must take exactly one parameter, an event record");
    }

    @Test
    void two_handlers_for_one_event_type_are_a_compile_error_naming_both_methods() throws IOException {
        List<String> errors = compile("""
                package shop;
                public class Dog extends io.eventsourcing.domain.Aggregate {
                    public record Registered(String name) {}
                    private Dog() {}
                    @io.eventsourcing.domain.Apply void on(Registered e) {}
                    @io.eventsourcing.domain.Apply void onAgain(Registered e) {}
                }
                """);

        assertThat(errors).containsExactly(
                "@Apply methods shop.Dog.onAgain and shop.Dog.on both handle shop.Dog$Registered: keep one");
    }

    @Test
    void an_event_record_without_a_handler_is_a_compile_error_naming_the_record() throws IOException {
        List<String> errors = compile("""
                package shop;
                public class Dog extends io.eventsourcing.domain.Aggregate {
                    public record Registered(String name) {}
                    public record Renamed(String name) {}
                    private Dog() {}
                    @io.eventsourcing.domain.Apply void on(Registered e) {}
                }
                """);

        assertThat(errors).containsExactly("Aggregate shop.Dog declares the event record shop.Dog$Renamed but no"
                + " @Apply method for it: add @Apply void on(Renamed e) { ... }");
    }

    @Test
    void an_event_record_that_is_not_public_is_a_compile_error_naming_the_method() throws IOException {
        List<String> errors = compile("""
                package shop;
                public class Dog extends io.eventsourcing.domain.Aggregate {
                    public record Registered(Breed breed) {}
                    enum Breed { POODLE }
                    private Dog() {}
                    @io.eventsourcing.domain.Apply void on(Registered e) {}
                }
                """);

        assertThat(errors).containsExactly("enum shop.Dog$Breed used by @Apply method shop.Dog.on must be public:"
                + " events are written as JSON by JSON-B, which reads public types only");
    }

    private List<String> compile(String... sources) throws IOException {
        Path src = dir.resolve("src");
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        List<Path> files = new ArrayList<>();
        for (String source : sources) {
            String pkg = source.substring(source.indexOf("package ") + 8, source.indexOf(';'));
            String rest = source.substring(source.indexOf(" class ") + 7);
            Path file = src.resolve(pkg.replace('.', '/')).resolve(rest.substring(0, rest.indexOf(' ')) + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            files.add(file);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of("-d", out.toString(), "-classpath",
                    System.getProperty("java.class.path") + java.io.File.pathSeparator + out);
            javac.getTask(null, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromPaths(files)).call();
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d.getMessage(Locale.ROOT));
            }
        }
        return errors;
    }
}
