package io.eventsourcing.postgres;

import io.eventsourcing.persistence.tck.PersonalDataConformance;

import java.util.Map;

class PostgresPersonalDataIT extends PersonalDataConformance {

    @Override
    protected Map<String, String> settings() {
        return TestPostgres.settings();
    }
}
