package io.eventsourcing.cdi.quarkus;

import io.eventsourcing.domain.Aggregate;
import io.eventsourcing.domain.Apply;
import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** ArC runs the extension's validation at build time: an invalid aggregate fails the build, naming it. */
class InvalidAggregateInQuarkusTest {

    public static class NamelessDog extends Aggregate {
        public record Registered(String name) {}

        public NamelessDog(String name) {
            trigger(new Registered(name));
        }

        @Apply
        void on(Registered e) {
        }
    }

    @RegisterExtension
    static final QuarkusUnitTest BUILD = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(NamelessDog.class, NamelessDog.Registered.class))
            .assertException(failure -> {
                StringBuilder messages = new StringBuilder();
                for (Throwable t = failure; t != null; t = t.getCause()) {
                    messages.append(t.getMessage()).append('\n');
                }
                assertThat(messages.toString()).contains(NamelessDog.class.getName()
                        + " has no no-arg constructor: add one of any visibility");
            });

    @Test
    void the_build_fails() {
        fail("The build of an application with an invalid aggregate must fail");
    }
}
