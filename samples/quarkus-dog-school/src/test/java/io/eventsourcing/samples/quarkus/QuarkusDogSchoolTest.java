package io.eventsourcing.samples.quarkus;

import io.eventsourcing.samples.rest.Dog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.containsString;

/**
 * The dog school over HTTP on Quarkus, events in a real PostgreSQL server through Quarkus's Agroal DataSource: the
 * scenario of PayaraDogSchoolIT, then a rolled-back transaction. One Quarkus boot for both.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuarkusDogSchoolTest {

    @Test
    @Order(1)
    void registersADogTeachesItTricksAndShowsTheLog() {
        ExtractableResponse<Response> created = given().contentType(ContentType.JSON).body("{\"name\":\"Fido\"}")
                .when().post("/dogs")
                .then().statusCode(201).extract();
        String id = created.path("id");
        assertThat(UUID.fromString(id)).hasToString(id);
        assertThat(created.header("Location")).endsWith("/dogs/" + id);

        given().contentType(ContentType.JSON).body("{\"trick\":\"roll over\"}")
                .when().post("/dogs/" + id + "/tricks").then().statusCode(204);
        given().contentType(ContentType.JSON).body("{\"trick\":\"play dead\"}")
                .when().post("/dogs/" + id + "/tricks").then().statusCode(204);

        // jsonPath(), not as(): rest-assured's JSON-B mapper wants javax.json.bind; core brings Yasson 3 (jakarta).
        JsonPath fido = given().when().get("/dogs/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(fido.getString("id")).isEqualTo(id);
        assertThat(fido.getString("name")).isEqualTo("Fido");
        assertThat(fido.getList("tricks", String.class)).containsExactly("roll over", "play dead");

        List<Map<String, Object>> log = given().queryParam("start", 1).queryParam("limit", 10)
                .when().get("/log").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(log)
                .extracting(n -> ((Number) n.get("id")).longValue(), n -> n.get("originatorId"),
                        n -> n.get("originatorVersion"), n -> n.get("topic"))
                .containsExactly(
                        tuple(1L, id, 1, Dog.Registered.class.getName()),
                        tuple(2L, id, 2, Dog.TrickAdded.class.getName()),
                        tuple(3L, id, 3, Dog.TrickAdded.class.getName()));

        given().when().get("/dogs/" + UUID.randomUUID()).then().statusCode(404);
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/dogs").then().statusCode(400).body(containsString("\"name\" is required"));
    }

    @Test
    @Order(2)
    void aTransactionThatRollsBackStoresNothing() {
        int before = logSize();

        given().when().post("/test/failing-dogs/Rex").then().statusCode(500);

        assertThat(logSize()).isEqualTo(before);
    }

    private static int logSize() {
        return given().queryParam("start", 1).queryParam("limit", 1000)
                .when().get("/log").then().statusCode(200).extract().jsonPath().getList("$").size();
    }
}
