package io.eventsourcing.samples.rest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@link JpaDogList}'s table {@code dog_list}: a dog's id, name and how many tricks it was taught. */
@Entity
@Table(name = "dog_list")
public class DogEntry {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "trick_count", nullable = false)
    private int trickCount;

    protected DogEntry() {
    }

    DogEntry(String id, String name) {
        this.id = id;
        this.name = name;
    }

    void trickAdded() {
        trickCount++;
    }

    DogList.Entry entry() {
        return new DogList.Entry(java.util.UUID.fromString(id), name, trickCount);
    }
}
