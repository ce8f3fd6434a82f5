package io.eventsourcing.jdbc.testing;

import io.eventsourcing.persistence.tck.Counters;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Constructs an application as a new user would, with the settings given as {@code key=value} arguments, and prints
 * the exception its construction threw ({@code class: message}), or {@code started}. Run in a JVM of its own by
 * {@link #run}, with a class path of the caller's choice (such as one without the JDBC driver).
 */
public final class FirstUse {

    private FirstUse() {
    }

    public static void main(String[] args) {
        Map<String, String> settings = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        try (Counters counters = new Counters(settings)) {
            System.out.println("started");
        } catch (RuntimeException e) {
            System.out.println(e.getClass().getName() + ": " + e.getMessage());
        }
    }

    /** @return this test JVM's class path, entries for which {@code keep} is false left out */
    public static String classPath(java.util.function.Predicate<String> keep) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classPath.split(File.pathSeparator)).filter(keep)
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** @return what {@link #main} printed, run in a new JVM over the class path */
    public static String run(String classPath, Map<String, String> settings) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                FirstUse.class.getName()));
        settings.forEach((key, value) -> command.add(key + "=" + value));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("The JVM did not end: " + command);
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
