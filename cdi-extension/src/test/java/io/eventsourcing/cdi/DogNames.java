package io.eventsourcing.cdi;

import io.eventsourcing.system.Policy;
import io.eventsourcing.system.Projection;
import io.eventsourcing.system.ProjectionContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A projection the container runs, in memory: the names of the registered dogs, read through an interface. */
@EventSourced
@Follows(DogSchool.class)
public class DogNames extends Projection implements NameList {

    private final List<String> names = new CopyOnWriteArrayList<>();

    @Policy
    void on(Dog.Registered e, ProjectionContext context) {
        names.add(e.name());
    }

    @Override
    public List<String> names() {
        return query(connection -> List.copyOf(names));
    }
}
