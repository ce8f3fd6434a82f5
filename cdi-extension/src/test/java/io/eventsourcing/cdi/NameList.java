package io.eventsourcing.cdi;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** A view as a resource sees it: what {@link DogNames} implements, so that it is injected by this type too. */
public interface NameList {

    List<String> names();

    void waitFor(String leaderName, long notificationId, Duration timeout) throws TimeoutException, InterruptedException;
}
