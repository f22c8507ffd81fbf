package io.imagepipe.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.imagepipe.event.Messages.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** S3 notifications carry keys form-encoded; the parser hands out the key the S3 API expects. */
class KeyDecodingTest {

    private final EventParser parser = new EventParser();

    private String keyOf(String encodedKey) throws MalformedEventException {
        return parser.parse(created(encodedKey)).events().get(0).key();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "photos/2024/cat.jpg                       | photos/2024/cat.jpg",
            "red+flower.jpg                            | red flower.jpg",
            "c%2B%2B+logo.png                          | c++ logo.png",
            "100%25+done.png                           | 100% done.png",
            "caf%C3%A9.jpg                             | café.jpg",
            "%E7%8C%AB/%F0%9F%90%88.webp               | 猫/🐈.webp",
            "a%2Fb.jpg                                 | a/b.jpg",
            "My+Trip+%282024%29/%C3%A9t%C3%A9+%2B+hiver%25.jpg | My Trip (2024)/été + hiver%.jpg",
            "lower%c3%a9case-hex.jpg                   | lowerécase-hex.jpg",
            "'%20leading-space.jpg'                    | ' leading-space.jpg'",
    })
    void formEncodedKeyIsDecoded(String encoded, String decoded) throws Exception {
        assertThat(keyOf(encoded)).isEqualTo(decoded);
    }

    @Test
    void plusIsASpaceNotAPlus() throws Exception {
        assertThat(keyOf("a+b.jpg")).isEqualTo("a b.jpg");
    }

    @Test
    void encodedPlusIsAPlus() throws Exception {
        assertThat(keyOf("a%2Bb.jpg")).isEqualTo("a+b.jpg");
    }

    @Test
    void encodedPercentIsDecodedOnlyOnce() throws Exception {
        assertThat(keyOf("50%2541.jpg")).isEqualTo("50%41.jpg");
    }

    @Test
    void unencodedNonAsciiPassesThrough() throws Exception {
        assertThat(keyOf("été.jpg")).isEqualTo("été.jpg");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "cat%.jpg       | invalid escape '%.j' at index 3",
            "cat.jpg%2      | incomplete escape '%2' at index 7",
            "cat.jpg%       | incomplete escape '%' at index 7",
            "cat%zz.jpg     | invalid escape '%zz' at index 3",
            "caf%C3%28.jpg  | escaped bytes '%C3%28' at index 3 are not valid UTF-8",
            "caf%E9.jpg     | escaped bytes '%E9' at index 3 are not valid UTF-8",
            "x%C3           | escaped bytes '%C3' at index 1 are not valid UTF-8",
    })
    void brokenEncodingIsMalformedAndSaysWhere(String encoded, String reason) {
        assertThatExceptionOfType(MalformedEventException.class)
                .isThrownBy(() -> parser.parse(created(encoded)))
                .withMessage("Records[0].s3.object.key is not valid URL form encoding: " + reason);
    }
}
