package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * A small PNG whose zTXt, iTXt or iCCP chunk inflates to 64 MB (gigabytes in the wild) (issue: metadata
 * readers inflate text chunks, unbounded, outside the pixel budget). The probe must read its
 * header without inflating anything, and processing must allocate about what the pixels need.
 */
class CompressedChunkBombTest {
    private static final long INFLATED_BYTES = 64L << 20;
    private final ImageProcessor processor = new ImageProcessor(Limits.DEFAULT);

    @Test
    void aZtxtChunkInflatingTo64MegabytesIsNeverInflatedByTheProbe() throws Exception {
        assertProbeAllocatesLittle(bombWith("zTXt", textHeader("Comment", false)));
    }

    @Test
    void anItxtChunkInflatingTo64MegabytesIsNeverInflatedByTheProbe() throws Exception {
        assertProbeAllocatesLittle(bombWith("iTXt", textHeader("XML:com.adobe.xmp", true)));
    }

    @Test
    void anIccpChunkInflatingTo64MegabytesIsNeverInflatedByTheProbe() throws Exception {
        byte[] bomb = bombWith("iCCP", textHeader("icc", false));
        SourceInfo info = assertProbeAllocatesLittle(bomb);
        assertThat(info.iccProfile()).as("the profile is seen without being inflated").isTrue();
    }

    private SourceInfo assertProbeAllocatesLittle(byte[] bomb) throws Exception {
        assertThat(bomb.length).as("the bomb itself is small").isLessThan(2 << 20);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);

        SourceInfo info = processor.probe(bomb);

        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(info.width()).isEqualTo(64);
        assertThat(allocated).as("bytes allocated by the probe").isLessThan(16L << 20);
        return info;
    }

    /** keyword NUL compression-flag(iTXt) method, [language NUL translated NUL], then the zlib stream. */
    private static byte[] textHeader(String keyword, boolean international) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(keyword.getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
        if (international) {
            out.write(1); // compressed
        }
        out.write(0); // deflate
        if (international) {
            out.write(0); // no language tag
            out.write(0); // no translated keyword
        }
        return out.toByteArray();
    }

    private static byte[] bombWith(String type, byte[] header) {
        byte[] valid = TestImages.png(TestImages.quadrants(64, 48));
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(header);
        data.writeBytes(zerosDeflated(INFLATED_BYTES));
        return PngFiles.withChunkAfterIhdr(valid, new PngFiles.Chunk(type, data.toByteArray()));
    }

    private static byte[] zerosDeflated(long count) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            byte[] zeros = new byte[1 << 20];
            byte[] buffer = new byte[64 << 10];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (long fed = 0; fed < count; fed += zeros.length) {
                deflater.setInput(zeros);
                while (!deflater.needsInput()) {
                    out.write(buffer, 0, deflater.deflate(buffer));
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
