package io.imagepipe.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FileNamesTest {
    @Test
    void plainNamesStayAsTheyAre() {
        assertThat(FileNames.sanitize("cat.jpg")).isEqualTo("cat.jpg");
        assertThat(FileNames.sanitize("IMG_2024-05.JPEG")).isEqualTo("IMG_2024-05.jpeg");
        assertThat(FileNames.sanitize("été à Paris.png")).isEqualTo("été-à-Paris.png");
    }

    @Test
    void pathsKeepOnlyTheirLastSegment() {
        assertThat(FileNames.sanitize("../../etc/passwd.jpg")).isEqualTo("passwd.jpg");
        assertThat(FileNames.sanitize("photos/2024/cat.jpg")).isEqualTo("cat.jpg");
        assertThat(FileNames.sanitize("C:\\Users\\me\\cat.jpg")).isEqualTo("cat.jpg");
        assertThat(FileNames.sanitize("..")).isEqualTo("image");
        assertThat(FileNames.sanitize("a/..")).isEqualTo("image");
        assertThat(FileNames.sanitize("...jpg")).isEqualTo("image.jpg");
    }

    @Test
    void controlCharactersAndEmptyNamesAreRefused() {
        assertThatThrownBy(() -> FileNames.sanitize("cat\u0000.jpg")).isInstanceOf(ApiException.class)
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> FileNames.sanitize("cat\n.jpg")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> FileNames.sanitize("  ")).isInstanceOf(ApiException.class).hasMessageContaining("empty");
    }

    @Test
    void emojiAndPunctuationBecomeDashes() {
        assertThat(FileNames.sanitize("🐱 my cat 🐶.jpg")).isEqualTo("my-cat.jpg");
        assertThat(FileNames.sanitize("🐱.jpg")).isEqualTo("image.jpg");
        assertThat(FileNames.sanitize("a?b#c%d&e.png")).isEqualTo("a-b-c-d-e.png");
        assertThat(FileNames.sanitize(".hidden.jpg")).isEqualTo("hidden.jpg");
    }

    @Test
    void longNamesAreCutKeepingTheExtension() {
        String name = FileNames.sanitize("x".repeat(300) + ".jpeg");
        assertThat(name).endsWith(".jpeg");
        assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(FileNames.MAX_BYTES);
        String wide = FileNames.sanitize("é".repeat(300) + ".jpg");
        assertThat(wide.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(FileNames.MAX_BYTES);
        assertThat(wide).endsWith("é.jpg");
    }

    @Test
    void oddExtensionsAreTreatedAsPartOfTheName() {
        assertThat(FileNames.sanitize("archive.tar.gz")).isEqualTo("archive.tar.gz");
        assertThat(FileNames.sanitize("photo.j p g")).isEqualTo("photo.j-p-g");
    }
}
