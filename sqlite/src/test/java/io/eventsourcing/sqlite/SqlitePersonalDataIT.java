package io.eventsourcing.sqlite;

import io.eventsourcing.persistence.tck.PersonalDataConformance;

import java.util.Map;

class SqlitePersonalDataIT extends PersonalDataConformance {

    @Override
    protected Map<String, String> settings() {
        return TestSqlite.settings();
    }
}
