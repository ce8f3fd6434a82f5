package io.eventsourcing.serialization.internal;

/**
 * What the JSON transcoder needs of an event record class, resolved once per class and found with one lookup per
 * event: its upcasters (and so its class version), its personal components, its codec ({@code null} if JSON-B
 * writes it), and which of the codec's properties are personal ({@code null} without a codec or personal data).
 */
public record PayloadType(Upcasters upcasters, PersonalFields personal, RecordJson codec, boolean[] personalMarks) {

    private static final ClassValue<PayloadType> CACHE = new ClassValue<>() {
        @Override
        protected PayloadType computeValue(Class<?> type) {
            PersonalFields personal = PersonalFields.of(type);
            RecordJson codec = RecordJson.of(type);
            return new PayloadType(Upcasters.of(type), personal, codec,
                    codec == null || personal.isEmpty() ? null : codec.marks(personal.names()));
        }
    };

    /**
     * @throws IllegalStateException naming the class if its upcasters or personal components are misplaced
     */
    public static PayloadType of(Class<?> recordType) {
        return CACHE.get(recordType);
    }
}
