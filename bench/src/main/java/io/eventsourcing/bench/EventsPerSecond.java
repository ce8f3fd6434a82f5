package io.eventsourcing.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.util.Collection;

/**
 * Runs JMH benchmarks that have an {@code events} parameter (events per operation) and prints events per second
 * beside operations per second. Arguments are JMH's own.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests exec:exec -Djmh.main=io.eventsourcing.bench.EventsPerSecond \
 *     -Djmh.args="InMemoryBenchmark"
 * </pre>
 */
public final class EventsPerSecond {

    private EventsPerSecond() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        System.out.printf("%n%-45s %8s %-10s %14s %14s%n", "benchmark", "events", "params", "ops/s", "events/s");
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String events = result.getParams().getParam("events");
            double ops = result.getPrimaryResult().getScore();
            double perOp = events == null ? 1 : Double.parseDouble(events);
            StringBuilder others = new StringBuilder();
            for (String key : result.getParams().getParamsKeys()) {
                if (!key.equals("events")) {
                    others.append(others.length() == 0 ? "" : ",").append(result.getParams().getParam(key));
                }
            }
            System.out.printf("%-45s %8s %-10s %14.0f %14.0f%n", benchmark.substring(benchmark.lastIndexOf('.',
                    benchmark.lastIndexOf('.') - 1) + 1), events == null ? "-" : events, others, ops, ops * perOp);
        }
    }
}
