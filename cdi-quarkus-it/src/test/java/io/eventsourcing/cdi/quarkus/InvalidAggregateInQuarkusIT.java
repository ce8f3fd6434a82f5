package io.eventsourcing.cdi.quarkus;

import io.quarkus.test.QuarkusUnitTest;
import org.jboss.shrinkwrap.api.asset.FileAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * ArC runs the extension's validation at build time: an invalid aggregate fails the build, naming it. The aggregate
 * is compiled here, not with the test sources, so that the @QuarkusTest application of this module stays valid (and
 * so that the annotation processor, which would refuse it, does not run). A Failsafe test: Quarkus runs
 * QuarkusUnitTest and @QuarkusTest tests in separate JVMs only.
 */
class InvalidAggregateInQuarkusIT {

    private static final String NAMELESS_DOG = "shop.NamelessDog";

    @RegisterExtension
    static final QuarkusUnitTest BUILD = new QuarkusUnitTest()
            .withApplicationRoot(jar -> {
                Path classes = compile("""
                        package shop;
                        public class NamelessDog extends io.eventsourcing.domain.Aggregate {
                            public record Registered(String name) {}
                            public NamelessDog(String name) { trigger(new Registered(name)); }
                            @io.eventsourcing.domain.Apply void on(Registered e) {}
                        }
                        """);
                for (Path file : classFiles(classes)) {
                    jar.add(new FileAsset(file.toFile()), classes.relativize(file).toString());
                }
            })
            .assertException(failure -> {
                StringBuilder messages = new StringBuilder();
                for (Throwable t = failure; t != null; t = t.getCause()) {
                    messages.append(t.getMessage()).append('\n');
                }
                assertThat(messages.toString()).contains(NAMELESS_DOG
                        + " has no no-arg constructor: add one of any visibility");
            });

    @Test
    void the_build_fails() {
        fail("The build of an application with an invalid aggregate must fail");
    }

    private static Path compile(String source) {
        try {
            Path dir = Files.createTempDirectory("invalid-aggregate");
            Path file = dir.resolve("src/shop/NamelessDog.java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            Path classes = dir.resolve("classes");
            int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-proc:none",
                    "-d", classes.toString(), "-classpath", System.getProperty("java.class.path"), file.toString());
            assertThat(status).isZero();
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> classFiles(Path classes) {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
