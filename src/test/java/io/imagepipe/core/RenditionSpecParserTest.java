package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code name=WIDTHxHEIGHT[:mode][:format][:quality]}, as DESIGN.md section 3 writes it; errors quote the bad part. */
class RenditionSpecParserTest {
    private final RenditionSpecParser parser = new RenditionSpecParser();

    @Test
    void designExampleIsTheDefaultSet() {
        List<RenditionSpec> specs = parser.parse("thumb=300x300:fill,medium=800x0:fit,large=1600x1600:fit");

        assertThat(specs).containsExactly(
                new RenditionSpec("thumb", 300, 300, FitMode.FILL, Optional.empty(), 85),
                new RenditionSpec("medium", 800, 0, FitMode.FIT, Optional.empty(), 85),
                new RenditionSpec("large", 1600, 1600, FitMode.FIT, Optional.empty(), 85));
        assertThat(parser.parse(RenditionSpecParser.DEFAULT)).isEqualTo(specs);
    }

    @Test
    void modeFormatAndQualityInAnyOrderAndCase() {
        assertThat(parser.parse("a=100x50:PNG:fill, b = 640x0 : 70 : jpg , c=10x10"))
                .containsExactly(
                        new RenditionSpec("a", 100, 50, FitMode.FILL, Optional.of(ImageFormat.PNG), 85),
                        new RenditionSpec("b", 640, 0, FitMode.FIT, Optional.of(ImageFormat.JPEG), 70),
                        new RenditionSpec("c", 10, 10, FitMode.FIT, Optional.empty(), 85));
    }

    @Test
    void canonicalTextParsesBackToTheSameSpec() {
        for (RenditionSpec spec : parser.parse("thumb=300x300:fill,medium=800x0:fit:png,large=1600x1600:fit:jpeg:92")) {
            assertThat(parser.parse(spec.toString())).containsExactly(spec);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "thumb=300:fill                    | 'thumb=300:fill'          | size '300'",
            "thumb=300x300:crop                | 'thumb=300x300:crop'      | 'crop' is not a mode",
            "thumb=300x300:gif                 | 'thumb=300x300:gif'       | cannot write gif",
            "thumb=300x300:webp                | 'thumb=300x300:webp'      | cannot write webp",
            "thumb=0x0                         | 'thumb=0x0'               | positive width or height",
            "thumb=300x0:fill                  | 'thumb=300x0:fill'        | fill needs both",
            "thumb=300x300:0                   | 'thumb=300x300:0'         | quality 0",
            "thumb=300x300:101                 | 'thumb=300x300:101'       | quality 101",
            "thumb=-3x300                      | 'thumb=-3x300'            | size '-3x300'",
            "=300x300                          | '=300x300'                | expected NAME=",
            "thumb                             | 'thumb'                   | expected NAME=",
            "th/umb=300x300                    | 'th/umb=300x300'          | name 'th/umb'",
            "a=10x10,medium=800x0:fit,a=20x20  | 'a=20x20'                 | used twice",
            "a=10x10,,b=20x20                  | ''                        | expected NAME=",
            "a=10x10:fit:fill:x                | 'a=10x10:fit:fill:x'      | 'x' is not a mode",
    })
    void errorsQuoteTheBadPart(String text, String quoted, String why) {
        assertThatIllegalArgumentException().isThrownBy(() -> parser.parse(text))
                .withMessageContaining(quoted)
                .withMessageContaining(why);
    }

    @Test
    void emptyTextNamesTheExpectedSyntax() {
        for (String text : new String[] {"", "   ", null}) {
            assertThatIllegalArgumentException().isThrownBy(() -> parser.parse(text))
                    .withMessageContaining(RenditionSpecParser.DEFAULT);
        }
    }

    @Test
    void parsedListCannotBeChanged() {
        List<RenditionSpec> specs = parser.parse("a=1x1");

        assertThat(specs).isUnmodifiable();
    }
}
