package io.eventsourcing.serialization.internal;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordJsonTest {

    private static final Jsonb JSONB = JsonbBuilder.create();

    @AfterAll
    static void close() throws Exception {
        JSONB.close();
    }

    public enum Mood { HAPPY, SAD }

    public record Leaf(String name, Integer maybe) {
    }

    public record Everything(String text, int i, long l, short s, byte b, double d, float f, boolean flag,
                             Integer boxed, Long boxedLong, Double boxedDouble, Boolean boxedFlag,
                             BigDecimal decimal, BigInteger integer, UUID id, Instant at, LocalDate day, Mood mood,
                             List<String> strings, Set<Long> longs, Collection<Mood> moods,
                             Map<String, Leaf> leaves, Leaf leaf, List<List<Integer>> nested, String absent) {
    }

    public record Tree(String label, List<Tree> children) {
    }

    public record Annotated(@JsonbProperty("renamed") String name) {
    }

    public record WithOptional(Optional<String> maybe) {
    }

    public record WithChar(char c) {
    }

    public record WithIntKeys(Map<Integer, String> byNumber) {
    }

    private static Everything everything(String text, Instant at) {
        return new Everything(text, -42, Long.MAX_VALUE, (short) 7, (byte) -3, 1.0E-7, 3.25f, true, 12, -9L, 2.5,
                false, new BigDecimal("1234567890.123456789000"), new BigInteger("123456789012345678901234567890"),
                UUID.randomUUID(), at, LocalDate.of(1969, 7, 20), Mood.SAD, List.of("x", "", "z"), Set.of(3L, 1L),
                List.of(Mood.HAPPY), Map.of("a", new Leaf("A", null), "b", new Leaf("B", 2)), new Leaf("leaf", 1),
                List.of(List.of(1, 2), List.of()), null);
    }

    @Test
    void writes_exactly_what_json_b_writes() {
        for (String text : List.of("plain", "quote \" backslash \\ slash / tab \t newline \n bell \u0007",
                "caf\u00e9 \u4e16\u754c \ud83d\ude00", "")) {
            for (Instant at : List.of(Instant.parse("2026-11-25T10:15:30Z"), Instant.parse("1970-01-01T00:00:00.5Z"),
                    Instant.parse("1969-12-31T23:59:59.123456Z"), Instant.parse("2000-02-29T12:00:00.000000001Z"))) {
                Everything value = everything(text, at);

                String ours = new String(RecordJson.of(Everything.class).write(value), StandardCharsets.UTF_8);

                assertThat(ours).isEqualTo(JSONB.toJson(value));
            }
        }
    }

    @Test
    void reads_what_json_b_writes_and_what_it_writes_itself() {
        Everything value = everything("caf\u00e9 \"\\\n \ud83d\ude00", Instant.parse("2026-11-25T10:15:30.123Z"));
        byte[] yasson = JSONB.toJson(value).getBytes(StandardCharsets.UTF_8);
        RecordJson codec = RecordJson.of(Everything.class);

        assertThat(codec.read(yasson, 0, yasson.length)).isEqualTo(value);
        byte[] ours = codec.write(value);
        assertThat(codec.read(ours, 0, ours.length)).isEqualTo(value);
    }

    @Test
    void reads_properties_in_any_order_with_whitespace_escapes_and_unknown_properties() {
        String json = " { \"maybe\" : null , \"extra\" : {\"deep\": [1, \"two\", {\"x\": true}]},"
                + " \"na\\u006de\" : \"L\\u00e9af\\ud83d\\ude00\" } ";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        assertThat(RecordJson.of(Leaf.class).read(bytes, 0, bytes.length)).isEqualTo(new Leaf("L\u00e9af\ud83d\ude00", null));
    }

    @Test
    void absent_primitives_are_zero_and_absent_objects_null() {
        byte[] bytes = "{}".getBytes(StandardCharsets.UTF_8);

        Everything value = (Everything) RecordJson.of(Everything.class).read(bytes, 0, bytes.length);

        assertThat(value.i()).isZero();
        assertThat(value.flag()).isFalse();
        assertThat(value.text()).isNull();
        assertThat(value.strings()).isNull();
    }

    @Test
    void recursive_records_round_trip() {
        Tree tree = new Tree("root", List.of(new Tree("a", List.of()), new Tree("b", List.of(new Tree("c", List.of())))));
        RecordJson codec = RecordJson.of(Tree.class);

        byte[] json = codec.write(tree);

        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(JSONB.toJson(tree));
        assertThat(codec.read(json, 0, json.length)).isEqualTo(tree);
    }

    @Test
    void records_with_json_b_annotations_or_other_kinds_are_left_to_json_b() {
        assertThat(RecordJson.of(Annotated.class)).isNull();
        assertThat(RecordJson.of(WithOptional.class)).isNull();
        assertThat(RecordJson.of(WithChar.class)).isNull();
        assertThat(RecordJson.of(WithIntKeys.class)).isNull();
    }

    @Test
    void malformed_json_is_rejected_naming_the_position() {
        RecordJson codec = RecordJson.of(Leaf.class);
        for (String bad : List.of("{\"name\":\"x\"", "{\"name\" \"x\"}", "[1]", "{\"maybe\":\"one\"}", "{} x",
                "{\"name\":\"unterminated}")) {
            byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> codec.read(bytes, 0, bytes.length))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Invalid JSON at byte");
        }
    }

    @Test
    void instants_are_written_and_parsed_as_the_jdk_does() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L);    // years 0001..9999
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            JsonOut out = new JsonOut(8);
            out.writeInstant(instant);
            byte[] written = out.toByteArray();

            assertThat(new String(written, StandardCharsets.US_ASCII)).isEqualTo(instant.toString());
            assertThat(JsonIn.parseInstant(written, 0, written.length)).isEqualTo(instant);
        }
        byte[] offset = "2026-11-25T10:15:30+01:00".getBytes(StandardCharsets.US_ASCII);
        assertThat(JsonIn.parseInstant(offset, 0, offset.length)).isNull();
        byte[] badDay = "2026-02-30T10:15:30Z".getBytes(StandardCharsets.US_ASCII);
        assertThat(JsonIn.parseInstant(badDay, 0, badDay.length)).isNull();
    }
}
