package io.eventsourcing.jdbc.testing;

import io.eventsourcing.config.Settings;
import io.eventsourcing.jdbc.JdbcInfrastructureFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The factories a test opened, closed after it (a conformance suite asks for recorders, never closes them). */
public final class Factories {

    private final List<JdbcInfrastructureFactory> open = new ArrayList<>();

    public JdbcInfrastructureFactory create(Map<String, String> settings) {
        JdbcInfrastructureFactory factory = JdbcInfrastructureFactory.create(Settings.of(settings));
        open.add(factory);
        return factory;
    }

    public JdbcInfrastructureFactory add(JdbcInfrastructureFactory factory) {
        open.add(factory);
        return factory;
    }

    public void closeAll() {
        for (JdbcInfrastructureFactory factory : open) {
            factory.close();
        }
        open.clear();
    }
}
