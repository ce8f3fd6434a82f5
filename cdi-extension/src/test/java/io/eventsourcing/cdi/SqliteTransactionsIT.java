package io.eventsourcing.cdi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

class SqliteTransactionsIT extends DogSchoolInTransactionsContract {

    @Override
    protected String[] database() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "sqlite"));
            return new String[]{"jdbc:sqlite:" + Files.createTempFile(dir, "dogs-", ".db"), null, null};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
