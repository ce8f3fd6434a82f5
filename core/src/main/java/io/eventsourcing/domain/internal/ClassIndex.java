package io.eventsourcing.domain.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The index of aggregate and application classes that the annotation processor writes at compile time, one binary
 * class name a line. It exists because a container may show its extensions only the classes that are beans (Weld in
 * annotated discovery mode), and aggregates are not beans: the index lets the CDI extension find and check them at
 * deployment all the same.
 */
public final class ClassIndex {

    /** Every concrete {@code Aggregate} subclass of a compilation unit set. */
    public static final String AGGREGATES = "META-INF/eventsourcing/aggregates";

    /** Every concrete {@code Application} subclass of a compilation unit set. */
    public static final String APPLICATIONS = "META-INF/eventsourcing/applications";

    private ClassIndex() {
    }

    /**
     * @param loader   where to look for every copy of the index
     * @param resource {@link #AGGREGATES} or {@link #APPLICATIONS}
     * @return each listed class name with the index files that list it, in class path order
     * @throws UncheckedIOException naming the index file if one cannot be read
     */
    public static Map<String, List<URL>> read(ClassLoader loader, String resource) {
        Map<String, List<URL>> names = new LinkedHashMap<>();
        Enumeration<URL> urls;
        try {
            urls = loader.getResources(resource);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + resource + ": " + e.getMessage(), e);
        }
        while (urls.hasMoreElements()) {
            URL url = urls.nextElement();
            try (InputStream in = url.openStream()) {
                for (String name : parse(in)) {
                    List<URL> listedIn = names.computeIfAbsent(name, n -> new ArrayList<>(1));
                    if (!listedIn.contains(url)) {
                        listedIn.add(url);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + url + ": " + e.getMessage(), e);
            }
        }
        return names;
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
