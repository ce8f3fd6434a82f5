package io.eventsourcing.bench;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * Versions of the library side by side in one JVM, on a machine others load: each variant ({@code name=classpath},
 * the library's jar, its dependencies and this module's classes) in a class loader of its own runs {@link SaveLoop}
 * for a slice of {@code bench.slice-ms} (50 ms), the variants one after the other in an order rotated every round,
 * for {@code bench.rounds} (400) rounds after {@code bench.warmup-s} (20 s) of the same; {@code bench.loop} names
 * another loop class (given the variant's name if it has a constructor taking a String, such as {@link PersonalLoop}). A change in the machine's load
 * falls on every variant alike, so the median of the per-round ratios to the first variant is steady where a JMH run
 * of each is not (on 2 cores at load average 10, JMH's errors were as large as the scores).
 *
 * <pre>
 * java -Dbench.events=1 -cp bench/target/classes io.eventsourcing.bench.VersionsSideBySide \
 *     before=/tmp/base-core.jar:DEPS after=core/target/classes:DEPS
 * </pre>
 */
public final class VersionsSideBySide {

    private VersionsSideBySide() {
    }

    public static void main(String[] args) throws Exception {
        long slice = Long.getLong("bench.slice-ms", 50) * 1_000_000;
        int rounds = Integer.getInteger("bench.rounds", 400);
        long warmup = Long.getLong("bench.warmup-s", 20) * 1_000_000_000;
        String loopClass = System.getProperty("bench.loop", SaveLoop.class.getName());
        Map<String, LongUnaryOperator> variants = new LinkedHashMap<>();
        Map<String, ClassLoader> loaders = new LinkedHashMap<>();
        for (String arg : args) {
            String[] nameAndPath = arg.split("=", 2);
            ClassLoader loader = new URLClassLoader(nameAndPath[0], urls(nameAndPath[1]),
                    ClassLoader.getPlatformClassLoader());
            loaders.put(nameAndPath[0], loader);
            variants.put(nameAndPath[0], with(loader, () -> loop(loader.loadClass(loopClass), nameAndPath[0])));
        }
        List<String> names = new ArrayList<>(variants.keySet());
        System.out.printf("events %d, slices of %d ms, %d rounds, load average %s%n", Integer.getInteger(
                "bench.events", 1), slice / 1_000_000, rounds, loadAverage());
        long warmEnd = System.nanoTime() + warmup;
        while (System.nanoTime() < warmEnd) {
            for (String name : names) {
                with(loaders.get(name), () -> variants.get(name).applyAsLong(slice));
            }
        }
        double[][] rates = new double[names.size()][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < names.size(); k++) {
                int v = (k + round) % names.size();
                LongUnaryOperator loop = variants.get(names.get(v));
                long start = System.nanoTime();
                long saves = with(loaders.get(names.get(v)), () -> loop.applyAsLong(slice));
                rates[v][round] = saves / ((System.nanoTime() - start) / 1e9);
            }
        }
        System.out.printf("load average %s%n%-12s %14s %14s %22s%n", loadAverage(), "variant", "median ops/s",
                "mean ops/s", "median ratio to " + names.get(0));
        for (int v = 0; v < names.size(); v++) {
            double[] ratios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                ratios[round] = rates[v][round] / rates[0][round];
            }
            System.out.printf("%-12s %,14.0f %,14.0f %22.4f%n", names.get(v), median(rates[v]),
                    Arrays.stream(rates[v]).average().orElse(0), median(ratios));
        }
        if (names.size() > 2) {
            System.out.printf("median of the per-round ratios, row / column%n%-16s", "");
            for (String name : names) {
                System.out.printf(" %16s", name);
            }
            System.out.println();
            for (int v = 0; v < names.size(); v++) {
                System.out.printf("%-16s", names.get(v));
                for (int w = 0; w < names.size(); w++) {
                    double[] ratios = new double[rounds];
                    for (int round = 0; round < rounds; round++) {
                        ratios[round] = rates[v][round] / rates[w][round];
                    }
                    System.out.printf(" %16.4f", median(ratios));
                }
                System.out.println();
            }
        }
    }

    /** The loop: its constructor taking the variant's name if it has one, else its no-argument constructor. */
    private static LongUnaryOperator loop(Class<?> type, String variant) throws Exception {
        try {
            return (LongUnaryOperator) type.getConstructor(String.class).newInstance(variant);
        } catch (NoSuchMethodException e) {
            return (LongUnaryOperator) type.getConstructor().newInstance();
        }
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    /** Runs it with the variant's loader as the context class loader, where the library looks up its services. */
    private static <T> T with(ClassLoader loader, Call<T> call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static URL[] urls(String classpath) throws MalformedURLException {
        String[] paths = classpath.split(File.pathSeparator);
        URL[] urls = new URL[paths.length];
        for (int i = 0; i < paths.length; i++) {
            urls[i] = new File(paths[i]).toURI().toURL();
        }
        return urls;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
