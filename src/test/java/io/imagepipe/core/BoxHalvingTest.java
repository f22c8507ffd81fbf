package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoxHalvingTest {

    @Test
    void averagesEachTwoByTwoBlockExactlyRoundingToNearest() {
        // one channel, 4x2: blocks {0, 1, 4, 6} -> 11/4 = 2.75 -> 3 and {10, 20, 30, 41} -> 101/4 = 25.25 -> 25
        byte[] src = {0, 1, 10, 20, 4, 6, 30, 41};
        assertThat(BoxHalving.halve(src, 4, 2, 1)).containsExactly(3, 25);
    }

    @Test
    void averagesChannelsSeparately() {
        // two pixels of BGR in each of two rows: every channel has its own block
        byte[] src = {
            10, 20, (byte) 200, 12, 22, (byte) 202,
            14, 24, (byte) 204, 16, 26, (byte) 206};
        byte[] out = BoxHalving.halve(src, 2, 2, 3);
        assertThat(out).containsExactly(13, 23, (byte) 203);
    }

    @Test
    void dropsAnOddLastRowAndColumn() {
        byte[] src = new byte[5 * 3];
        java.util.Arrays.fill(src, (byte) 7);
        src[4] = (byte) 255;  // last column of row 0
        src[14] = (byte) 255; // last row
        byte[] out = BoxHalving.halve(src, 5, 3, 1);
        assertThat(out).hasSize(2).containsOnly(7);
    }

    @Test
    void keepsFullRangeValues() {
        byte[] src = new byte[4 * 4 * 4];
        java.util.Arrays.fill(src, (byte) 255);
        assertThat(BoxHalving.halve(src, 4, 4, 4)).hasSize(2 * 2 * 4).containsOnly((byte) 255);
    }

    @Test
    void refusesWhatCannotBeHalved() {
        assertThatThrownBy(() -> BoxHalving.halve(new byte[3], 1, 1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BoxHalving.halve(new byte[6], 1, 2, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
