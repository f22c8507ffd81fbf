package io.imagepipe.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhotoGeneratorTest {

    @Test
    void sizesAreFourByThreeAndWithinTwoPercentOfTheMegapixels() {
        for (int mp : List.of(1, 4, 12)) {
            int[] d = PhotoGenerator.dimensions(mp);
            assertThat(d[0] * d[1] / 1e6).isCloseTo(mp, org.assertj.core.data.Percentage.withPercentage(2));
            assertThat((double) d[0] / d[1]).isCloseTo(4.0 / 3, org.assertj.core.data.Offset.offset(0.02));
            assertThat(d[0] % 16).isZero();
        }
    }

    @Test
    void jpegsDecodeAtTheirSizeAndWeighLikePhotosNotFlatColour() throws Exception {
        byte[] jpeg = new PhotoGenerator(90).jpeg(1152, 864, 1);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(decoded.getWidth()).isEqualTo(1152);
        assertThat(decoded.getHeight()).isEqualTo(864);
        // a phone's JPEG carries about 0.2-0.5 bytes per pixel; a flat picture compresses to ~0.01
        assertThat(jpeg.length / (1152.0 * 864)).isBetween(0.2, 0.6);
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherPicture() {
        PhotoGenerator generator = new PhotoGenerator(90);
        assertThat(generator.jpeg(320, 240, 7)).isEqualTo(generator.jpeg(320, 240, 7));
        assertThat(generator.jpeg(320, 240, 7)).isNotEqualTo(generator.jpeg(320, 240, 8));
    }

    @Test
    void libraryCachesImagesAndFeedsSizesRoundRobinWithFreshKeys(@TempDir Path dir) {
        ImageLibrary library = ImageLibrary.prepare(dir, List.of(1), 2);
        assertThat(library.images()).hasSize(2);
        assertThat(dir.resolve("photo-1mp-1-q90.jpg")).exists();
        assertThat(ImageLibrary.prepare(dir, List.of(1), 2).get(1).content()).isEqualTo(library.get(1).content());

        var feeder = library.feeder("run/");
        var first = feeder.next();
        var second = feeder.next();
        assertThat(first.get(SessionKeys.IMAGE)).isEqualTo(0);
        assertThat(second.get(SessionKeys.IMAGE)).isEqualTo(1);
        assertThat(first.get(SessionKeys.SOURCE_KEY)).isEqualTo("run/000000-photo-1mp-1-q90.jpg");
        assertThat(second.get(SessionKeys.SOURCE_KEY)).isEqualTo("run/000001-photo-1mp-2-q90.jpg");
        assertThat(first.get(SessionKeys.SIZE)).isEqualTo("1MP");
    }
}
