package io.eventsourcing.jdbc;

import io.eventsourcing.config.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The factories a test opened, closed after it (a conformance suite asks for recorders, never closes them). */
final class Factories {

    private final List<JdbcInfrastructureFactory> open = new ArrayList<>();

    JdbcInfrastructureFactory create(Map<String, String> settings) {
        JdbcInfrastructureFactory factory = JdbcInfrastructureFactory.create(Settings.of(settings));
        open.add(factory);
        return factory;
    }

    JdbcInfrastructureFactory add(JdbcInfrastructureFactory factory) {
        open.add(factory);
        return factory;
    }

    void closeAll() {
        for (JdbcInfrastructureFactory factory : open) {
            factory.close();
        }
        open.clear();
    }
}
