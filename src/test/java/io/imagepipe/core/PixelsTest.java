package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PixelsTest {

    @Test
    void keepsAWorkingLayoutImageAsItIs() {
        BufferedImage bgr = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage abgr = new BufferedImage(3, 2, BufferedImage.TYPE_4BYTE_ABGR);
        assertThat(Pixels.working(bgr)).isSameAs(bgr);
        assertThat(Pixels.working(abgr)).isSameAs(abgr);
    }

    @Test
    void convertsOtherLayoutsKeepingTheColours() {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0x123456);
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 0, 0x80ff0000);
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 200);

        assertThat(Pixels.working(rgb).getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        assertThat(Pixels.working(rgb).getRGB(0, 0)).isEqualTo(0xff123456);
        assertThat(Pixels.working(argb).getType()).isEqualTo(BufferedImage.TYPE_4BYTE_ABGR);
        assertThat(Pixels.working(argb).getRGB(1, 0)).isEqualTo(0x80ff0000);
        assertThat(Pixels.working(grey).getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        assertThat(Pixels.working(grey).getRGB(0, 0)).isEqualTo(0xffc8c8c8);
    }

    @Test
    void aSubimageIsCopiedIntoItsOwnArray() {
        BufferedImage parent = new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR);
        parent.setRGB(1, 1, 0xabcdef);
        BufferedImage working = Pixels.working(parent.getSubimage(1, 1, 2, 2));
        assertThat(Pixels.bytes(working)).hasSize(2 * 2 * 3);
        assertThat(working.getRGB(0, 0)).isEqualTo(0xffabcdef);
    }

    @Test
    void wrapsAnArrayAsAStandardImageType() {
        byte[] bgr = {1, 2, 3, 4, 5, 6};
        BufferedImage image = Pixels.wrap(bgr, 2, 1, false);
        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        assertThat(image.getRGB(0, 0)).isEqualTo(0xff030201);
        assertThat(Pixels.bytes(image)).isSameAs(bgr);
        assertThat(Pixels.wrap(new byte[8], 2, 1, true).getType()).isEqualTo(BufferedImage.TYPE_4BYTE_ABGR);
    }

    @Test
    void flattensOntoWhite() {
        BufferedImage image = Pixels.create(3, 1, true);
        image.setRGB(0, 0, 0x00000000); // transparent: white
        image.setRGB(1, 0, 0xff102030); // opaque: itself
        image.setRGB(2, 0, 0x80000000); // half black: mid grey
        BufferedImage flat = Pixels.flattenOntoWhite(image);
        assertThat(flat.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        assertThat(flat.getRGB(0, 0)).isEqualTo(0xffffffff);
        assertThat(flat.getRGB(1, 0)).isEqualTo(0xff102030);
        assertThat(flat.getRGB(2, 0)).isEqualTo(0xff7f7f7f);
        BufferedImage opaque = Pixels.create(1, 1, false);
        assertThat(Pixels.flattenOntoWhite(opaque)).isSameAs(opaque);
    }

    @Test
    void premultiplyingAndBackKeepsOpaqueAndCloseToOpaqueColours() {
        byte[] abgr = {(byte) 255, 10, 20, 30, (byte) 200, 100, (byte) 150, (byte) 250, 0, 9, 9, 9};
        Pixels.premultiply(abgr);
        assertThat(abgr).containsExactly((byte) 255, 10, 20, 30, (byte) 200, 78, 118, (byte) 196, 0, 0, 0, 0);
        Pixels.unpremultiply(abgr);
        assertThat(abgr[1]).isEqualTo((byte) 10);
        assertThat(abgr[5] & 0xff).isBetween(99, 101);
        assertThat(abgr[7] & 0xff).isBetween(249, 251);
        assertThat(abgr[8]).isZero();
    }

    @Test
    void cropsARectangleIntoACompactCopy() {
        BufferedImage image = Pixels.create(4, 3, false);
        image.setRGB(2, 1, 0x010203);
        BufferedImage crop = Pixels.crop(image, 1, 1, 2, 2);
        assertThat(crop.getWidth()).isEqualTo(2);
        assertThat(crop.getRGB(1, 0)).isEqualTo(0xff010203);
        assertThat(Pixels.bytes(crop)).hasSize(2 * 2 * 3);
    }
}
