package io.eventsourcing.samples.wildfly;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS at the root of the web application. */
@ApplicationPath("/")
public class DogSchoolRest extends Application {
}
