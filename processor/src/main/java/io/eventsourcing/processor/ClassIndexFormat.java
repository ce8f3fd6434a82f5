package io.eventsourcing.processor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the class index is and how it lists classes: what {@link AggregateProcessor} writes and
 * {@code io.eventsourcing.domain.internal.ClassIndex} of {@code eventsourcing-core} reads. Not API.
 */
public final class ClassIndexFormat {

    /** Every concrete {@code Aggregate} subclass of a compilation unit set. */
    public static final String AGGREGATES = "META-INF/eventsourcing/aggregates";

    /** Every concrete {@code Application} subclass of a compilation unit set. */
    public static final String APPLICATIONS = "META-INF/eventsourcing/applications";

    /** Every concrete {@code Projection} subclass of a compilation unit set. */
    public static final String PROJECTIONS = "META-INF/eventsourcing/projections";

    private ClassIndexFormat() {
    }

    /** @return the class names in an index file: one a line, blank lines and lines starting with # skipped */
    public static List<String> parse(InputStream in) throws IOException {
        List<String> names = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String name = line.trim();
            if (!name.isEmpty() && name.charAt(0) != '#') {
                names.add(name);
            }
        }
        return names;
    }
}
