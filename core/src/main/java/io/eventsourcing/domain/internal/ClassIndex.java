package io.eventsourcing.domain.internal;

import io.eventsourcing.processor.ClassIndexFormat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The index of aggregate, application and projection classes that the annotation processor of
 * {@code eventsourcing-processor} writes at compile time, in the {@link ClassIndexFormat format} that artifact defines.
 * It exists because a container may show its extensions only the classes that are beans (Weld in annotated discovery
 * mode), and aggregates are not beans: the index lets the CDI extension find and check them at deployment all the same.
 */
public final class ClassIndex {

    /** {@link ClassIndexFormat#AGGREGATES}. */
    public static final String AGGREGATES = ClassIndexFormat.AGGREGATES;

    /** {@link ClassIndexFormat#APPLICATIONS}. */
    public static final String APPLICATIONS = ClassIndexFormat.APPLICATIONS;

    /** {@link ClassIndexFormat#PROJECTIONS}. */
    public static final String PROJECTIONS = ClassIndexFormat.PROJECTIONS;

    private ClassIndex() {
    }

    /**
     * @param loader   where to look for every copy of the index
     * @param resource {@link #AGGREGATES}, {@link #APPLICATIONS} or {@link #PROJECTIONS}
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
                for (String name : ClassIndexFormat.parse(in)) {
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
}
