package io.eventsourcing.samples.quarkus;

import io.eventsourcing.samples.rest.DogSchool;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Test only: registers a dog in a transaction and then fails, so the transaction rolls back. */
@Path("/test/failing-dogs")
public class FailingDogResource {

    @Inject
    DogSchool school;

    @POST
    @Path("{name}")
    @Transactional
    public void registerAndFail(@PathParam("name") String name) {
        school.registerDog(name);
        throw new IllegalStateException("the school is full");
    }
}
