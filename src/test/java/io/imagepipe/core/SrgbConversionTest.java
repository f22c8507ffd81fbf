package io.imagepipe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Which embedded profiles are converted, which are recognised as sRGB already, and which cannot be applied. */
class SrgbConversionTest {
    private final SrgbConversion conversion = new SrgbConversion();

    @Test
    void theJdksOwnSrgbProfileNeedsNoConversion() {
        byte[] srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        assertThat(conversion.plan(srgb)).isInstanceOf(SrgbConversion.AlreadySrgb.class);
    }

    @Test
    void aMatrixProfileWithSrgbPrimariesAndCurveIsNotRecognisedAsSrgbWhenTheCurveDiffers() {
        // Same primaries as sRGB but a pure 2.2 gamma: dark tones differ by more than a level.
        byte[] gamma22 = IccProfiles.matrixTrc("sRGB primaries, gamma 2.2", IccProfiles.SRGB, 2.2);
        assertThat(conversion.plan(gamma22)).isInstanceOf(SrgbConversion.Convert.class);
    }

    @Test
    void adobeRgbIsConvertedAndTheConversionMovesAMidRed() {
        byte[] adobe = IccProfiles.matrixTrc("Adobe RGB test", IccProfiles.ADOBE_RGB, IccProfiles.ADOBE_RGB_GAMMA);
        SrgbConversion.Plan plan = conversion.plan(adobe);
        assertThat(plan).isInstanceOf(SrgbConversion.Convert.class);

        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, 0xC8503C);
            }
        }
        SrgbConversion.apply((SrgbConversion.Convert) plan, image);

        int expected = IccProfiles.toSrgb(0xC8503C, IccProfiles.ADOBE_RGB, IccProfiles.ADOBE_RGB_GAMMA);
        TestImages.assertColour(image.getRGB(2, 2), expected, 6, "Adobe RGB mid red in sRGB");
    }

    @Test
    void greyAndDamagedProfilesAreNotApplicableAndSayWhetherTheyAreDamaged() {
        SrgbConversion.Plan grey = conversion.plan(ICC_Profile.getInstance(ColorSpace.CS_GRAY).getData());
        assertThat(grey).isInstanceOf(SrgbConversion.NotApplicable.class);
        assertThat(((SrgbConversion.NotApplicable) grey).damaged()).isFalse();

        byte[] garbage = new byte[300];
        Arrays.fill(garbage, (byte) 7);
        SrgbConversion.Plan damaged = conversion.plan(garbage);
        assertThat(damaged).isInstanceOf(SrgbConversion.NotApplicable.class);
        assertThat(((SrgbConversion.NotApplicable) damaged).damaged()).isTrue();
    }

    @Test
    void theSameProfileContentIsExaminedOnce() {
        byte[] adobe = IccProfiles.matrixTrc("Adobe RGB test", IccProfiles.ADOBE_RGB, IccProfiles.ADOBE_RGB_GAMMA);
        SrgbConversion.Plan first = conversion.plan(adobe);
        SrgbConversion.Plan again = conversion.plan(adobe.clone());
        assertThat(again).isSameAs(first);
    }
}
