package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Reassembling an ICC profile from a JPEG's APP2 segments (ICC.1 annex B.4), and refusing broken sets. */
class JpegIccSegmentsTest {
    private static final byte[] PROFILE = IccProfiles.matrixTrc("Adobe RGB (1998) primaries, test",
            IccProfiles.ADOBE_RGB, IccProfiles.ADOBE_RGB_GAMMA);
    private static final byte[] PLAIN = TestImages.jpeg(TestImages.solid(16, 16, 0x336699), 0.9f, false);

    @Test
    void aSingleSegmentProfileIsReadBack() {
        assertThat(JpegIccSegments.profile(JpegSegments.withIccProfile(PLAIN, PROFILE))).hasValue(PROFILE);
    }

    @Test
    void aProfileSplitOverSegmentsStoredOutOfOrderIsReassembled() {
        byte[] jpeg = PLAIN;
        int third = PROFILE.length / 3;
        // insertSegment puts each new segment first, so inserting 1, 3, 2 stores them as 2, 3, 1.
        jpeg = JpegSegments.insertSegment(jpeg, 0xE2, piece(1, 3, Arrays.copyOfRange(PROFILE, 0, third)));
        jpeg = JpegSegments.insertSegment(jpeg, 0xE2, piece(3, 3, Arrays.copyOfRange(PROFILE, 2 * third, PROFILE.length)));
        jpeg = JpegSegments.insertSegment(jpeg, 0xE2, piece(2, 3, Arrays.copyOfRange(PROFILE, third, 2 * third)));

        assertThat(JpegIccSegments.profile(jpeg)).hasValue(PROFILE);
    }

    @Test
    void aMissingPieceRepeatedPieceOrDisagreeingCountIsNoProfile() {
        byte[] first = piece(1, 2, Arrays.copyOfRange(PROFILE, 0, 100));
        assertThat(JpegIccSegments.profile(JpegSegments.insertSegment(PLAIN, 0xE2, first))).isEmpty();
        assertThat(JpegIccSegments.profile(
                JpegSegments.insertSegment(JpegSegments.insertSegment(PLAIN, 0xE2, first), 0xE2, first))).isEmpty();
        byte[] otherCount = piece(2, 3, Arrays.copyOfRange(PROFILE, 100, 200));
        assertThat(JpegIccSegments.profile(
                JpegSegments.insertSegment(JpegSegments.insertSegment(PLAIN, 0xE2, first), 0xE2, otherCount))).isEmpty();
        assertThat(JpegIccSegments.profile(JpegSegments.insertSegment(PLAIN, 0xE2, piece(0, 1, PROFILE)))).isEmpty();
    }

    @Test
    void noProfileOtherApp2DataOrAGarbledHeaderIsNoProfile() {
        assertThat(JpegIccSegments.profile(PLAIN)).isEmpty();
        byte[] flashpix = JpegSegments.insertSegment(PLAIN, 0xE2, "FPXR\0something".getBytes(StandardCharsets.US_ASCII));
        assertThat(JpegIccSegments.profile(flashpix)).isEmpty();
        byte[] cut = Arrays.copyOf(JpegSegments.withIccProfile(PLAIN, PROFILE), 40);
        assertThat(JpegIccSegments.profile(cut)).isEmpty();
        assertThat(JpegIccSegments.profile(new byte[] {(byte) 0xFF, (byte) 0xD8, 0, 0, 0, 0})).isEmpty();
    }

    private static byte[] piece(int sequence, int count, byte[] data) {
        byte[] id = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[id.length + 2 + data.length];
        System.arraycopy(id, 0, payload, 0, id.length);
        payload[id.length] = (byte) sequence;
        payload[id.length + 1] = (byte) count;
        System.arraycopy(data, 0, payload, id.length + 2, data.length);
        return payload;
    }
}
