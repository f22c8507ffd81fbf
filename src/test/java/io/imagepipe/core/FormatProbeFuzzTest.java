package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the format probe (bounded: a few thousand tries, seconds, per run in CI): a valid image of every
 * format with bytes flipped, cut, duplicated or replaced is measured or refused with an
 * {@link ImageException} (corrupt, unsupported, too large), never another exception or an Error.
 */
class FormatProbeFuzzTest {
    private static final List<byte[]> SEEDS = seeds();
    private final ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);

    private static List<byte[]> seeds() {
        BufferedImage image = TestImages.quadrants(48, 32);
        return List.of(TestImages.jpeg(image), TestImages.progressiveJpeg(image), TestImages.png(image),
                TestImages.interlacedPng(image), TestImages.imageIo(image, "gif"), TestImages.imageIo(image, "bmp"),
                TestImages.imageIo(image, "tiff"), LosslessWebp.encode(image));
    }

    @Property(tries = 3000)
    void anyMutationOfAValidImageIsMeasuredOrRefusedWithAReason(@ForAll("mutated") byte[] bytes) {
        try {
            SourceInfo info = processor.probe(bytes);
            assertThat(info.width()).isPositive();
            assertThat(info.height()).isPositive();
        } catch (ImageException refused) {
            assertThat(refused.reason()).isIn("corrupt", "unsupported", "too_large");
        }
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        return Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.integers().between(0, 4),
                Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(1, 64),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16))
                .as(FormatProbeFuzzTest::mutate);
    }

    static byte[] mutate(byte[] seed, int op, double where, int span, byte[] junk) {
        int at = Math.min(seed.length - 1, (int) (where * seed.length));
        int to = Math.min(seed.length, at + span);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(seed.length + 64);
        switch (op) {
            case 0 -> out.write(seed, 0, at); // truncated
            case 1 -> { // bytes flipped
                byte[] copy = seed.clone();
                for (int i = 0; i < junk.length && at + i < copy.length; i++) {
                    copy[at + i] ^= junk[i] == 0 ? 1 : junk[i];
                }
                out.writeBytes(copy);
            }
            case 2 -> { // a range deleted
                out.write(seed, 0, at);
                out.write(seed, to, seed.length - to);
            }
            case 3 -> { // junk inserted
                out.write(seed, 0, at);
                out.writeBytes(junk);
                out.write(seed, at, seed.length - at);
            }
            default -> { // a range repeated
                out.write(seed, 0, to);
                out.write(seed, at, to - at);
                out.write(seed, at, seed.length - at);
            }
        }
        return out.toByteArray();
    }
}
