package io.eventsourcing.serialization.internal;

/**
 * What the JSON transcoder needs of an event record class, resolved once per class and found with one lookup per
 * event: its upcasters (and so its class version), its personal components, and its codec ({@code null} if JSON-B
 * writes it).
 */
public record PayloadType(Upcasters upcasters, PersonalFields personal, RecordJson codec) {

    private static final ClassValue<PayloadType> CACHE = new ClassValue<>() {
        @Override
        protected PayloadType computeValue(Class<?> type) {
            return new PayloadType(Upcasters.of(type), PersonalFields.of(type), RecordJson.of(type));
        }
    };

    /**
     * @throws IllegalStateException naming the class if its upcasters or personal components are misplaced
     */
    public static PayloadType of(Class<?> recordType) {
        return CACHE.get(recordType);
    }
}
