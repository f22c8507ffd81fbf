package io.imagepipe.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the event parser (bounded: a few thousand tries, seconds, per run in CI): whatever a queue message
 * holds, the parser answers a parsed message or {@link MalformedEventException}, never another
 * exception or an Error, and never an event with a null bucket or key.
 */
class EventParserFuzzTest {
    private static final List<String> SEEDS = List.of(
            Messages.created("photos/2024/my+cat%C3%A9.jpg"),
            Messages.notification(Messages.record("ObjectCreated:Put", "uploads", "a.jpg"),
                    Messages.removedRecord("ObjectRemoved:Delete", "uploads", "b.jpg")),
            Messages.snsEnvelope(Messages.created("cat.jpg")),
            Messages.eventBridge("Object Created", "{\"key\":\"cat.jpg\",\"size\":10,\"etag\":\"abc\"}", ""),
            Messages.TEST_EVENT);

    @Property(tries = 3000)
    void anyMutationOfAValidMessageIsParsedOrMalformedNeverACrash(@ForAll("mutated") String body) {
        assertParsedOrMalformed(body);
    }

    @Property(tries = 60)
    void deeplyNestedJsonIsMalformedNotAStackOverflow(@ForAll("nesting") int depth) {
        String body = "[".repeat(depth) + "]".repeat(depth);
        assertParsedOrMalformed(body);
        assertParsedOrMalformed("{\"Records\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
        assertParsedOrMalformed(Messages.snsEnvelope("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
    }

    private static void assertParsedOrMalformed(String body) {
        try {
            ParsedMessage parsed = new EventParser().parse(body);
            assertThat(parsed).isNotNull();
            for (ObjectEvent e : parsed.events()) {
                assertThat(e.bucket()).isNotNull();
                assertThat(e.key()).isNotNull();
            }
        } catch (MalformedEventException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Integer> nesting() {
        return Arbitraries.integers().between(100, 20_000);
    }

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<String> seed = Arbitraries.of(SEEDS);
        Arbitrary<Integer> op = Arbitraries.integers().between(0, 5);
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        Arbitrary<Double> where2 = Arbitraries.doubles().between(0, 1);
        Arbitrary<String> junk = Arbitraries.strings().ofMinLength(1).ofMaxLength(40)
                .withChars("{}[]\":,\\\u0000\n\u2028é😀0123456789-eE.+tfnul%");
        return Combinators.combine(seed, op, where, where2, junk).as(EventParserFuzzTest::mutate);
    }

    static String mutate(String seed, int op, double where, double where2, String junk) {
        byte[] b = seed.getBytes(StandardCharsets.UTF_8);
        int at = (int) (where * b.length);
        int to = Math.min(b.length, at + (int) (where2 * 64));
        String s = seed;
        int i = Math.min(s.length(), (int) (where * s.length()));
        int j = Math.min(s.length(), i + (int) (where2 * 64));
        return switch (op) {
            case 0 -> s.substring(0, i); // truncated
            case 1 -> s.substring(0, i) + junk + s.substring(i); // inserted
            case 2 -> s.substring(0, i) + s.substring(j); // a range deleted
            case 3 -> s.substring(0, i) + junk + s.substring(j); // a range replaced
            case 4 -> {
                if (b.length > 0) {
                    b[Math.min(at, b.length - 1)] ^= (byte) (1 << (int) (where2 * 8)); // a bit flipped
                }
                yield new String(b, StandardCharsets.UTF_8);
            }
            default -> s.substring(0, i) + s.substring(i, j).repeat(1 + (int) (where2 * 50)) + s.substring(j);
        };
    }
}
