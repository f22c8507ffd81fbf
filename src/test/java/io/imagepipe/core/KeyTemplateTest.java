package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Output keys from the template of DESIGN.md section 3. */
class KeyTemplateTest {

    @ParameterizedTest(name = "{0} + {1} -> {4}")
    @CsvSource({
            "'{rendition}/{dir}{name}.{ext}', photos/2024/cat.jpeg, thumb,  jpg, thumb/photos/2024/cat.jpg",
            "'{rendition}/{dir}{name}.{ext}', cat.jpeg,             thumb,  jpg, thumb/cat.jpg",
            "'{rendition}/{dir}{name}.{ext}', a/b.c.d.png,          large,  png, large/a/b.c.d.png",
            "'{rendition}/{dir}{name}.{ext}', docs/README,          medium, jpg, medium/docs/README.jpg",
            "'{rendition}/{dir}{name}.{ext}', .hidden,              thumb,  jpg, thumb/.hidden.jpg",
            "'{rendition}/{dir}{name}.{ext}', 'sp ace/ü.JPG',       thumb,  jpg, 'thumb/sp ace/ü.jpg'",
            "'processed-{name}.{ext}',        photos/2024/cat.jpeg, thumb,  jpg, processed-cat.jpg",
            "'out/{key}/{rendition}.{ext}',   photos/cat.jpeg,      thumb,  png, out/photos/cat.jpeg/thumb.png",
            "'{name}-{rendition}.{ext}',      x/y/z.tiff,           medium, jpg, z-medium.jpg",
    })
    void apply(String template, String sourceKey, String rendition, String ext, String expected) {
        assertThat(KeyTemplate.parse(template).apply(sourceKey, rendition, ext)).isEqualTo(expected);
    }

    @Test
    void defaultIsTheDesignTemplate() {
        KeyTemplate t = KeyTemplate.parse(KeyTemplate.DEFAULT);

        assertThat(KeyTemplate.DEFAULT).isEqualTo("{rendition}/{dir}{name}.{ext}");
        assertThat(t.apply("photos/2024/cat.jpeg", "thumb", "jpg")).isEqualTo("thumb/photos/2024/cat.jpg");
        assertThat(t.toString()).isEqualTo(KeyTemplate.DEFAULT);
        assertThat(t.keyPrefixes(java.util.List.of("thumb", "large"))).containsExactly("thumb/", "large/");
    }

    @Test
    void keyPrefixesAreTheTextBeforeTheFirstPlaceholderOrEachRenditionsFolder() {
        assertThat(KeyTemplate.parse("resized/{rendition}/{key}").keyPrefixes(java.util.List.of("a")))
                .containsExactly("resized/");
        assertThat(KeyTemplate.parse("processed-{name}.{ext}").keyPrefixes(java.util.List.of("a")))
                .containsExactly("processed-");
        assertThat(KeyTemplate.parse("{name}-{rendition}.{ext}").keyPrefixes(java.util.List.of("a")))
                .containsExactly("");
    }

    @Test
    void renditionExtensionComesFromTheRenditionFormat() {
        assertThat(KeyTemplate.parse(KeyTemplate.DEFAULT).apply("a/b.png", "thumb", ImageFormat.JPEG.extension()))
                .isEqualTo("thumb/a/b.jpg");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{rendition}/{dir}{nam}.{ext}   | unknown placeholder '{nam}'",
            "{rendition}/{name}.{ext        | '{' at 19 is never closed",
            "{rendition}/{name}}.{ext}      | '}' at 18 closes nothing",
            "images/{name}                  | must contain {rendition} or {ext}",
            "{rendition}/{dir}.{ext}        | must contain {name} or {key}",
    })
    void errorsQuoteTheTemplateAndSayWhy(String template, String why) {
        assertThatIllegalArgumentException().isThrownBy(() -> KeyTemplate.parse(template))
                .withMessageContaining("'" + template + "'")
                .withMessageContaining(why);
    }

    @Test
    void emptyTemplateNamesTheDefault() {
        assertThatIllegalArgumentException().isThrownBy(() -> KeyTemplate.parse(" "))
                .withMessageContaining(KeyTemplate.DEFAULT);
    }
}
