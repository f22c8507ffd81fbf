package io.imagepipe.core;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small ICC v2 RGB display profiles (matrix/TRC: white point, three colorants, three gamma curves),
 * assembled here from published primaries, and the conversion they define computed by hand, so the
 * tests compare the core's colour management against arithmetic rather than against itself.
 */
final class IccProfiles {
    /** D50, the ICC profile connection space white. */
    static final double[] D50 = {0.9642, 1.0, 0.8249};

    /** Adobe RGB (1998), colorants chromatically adapted to D50 as in Adobe's own profile, gamma 563/256. */
    static final double[][] ADOBE_RGB = {{0.60974, 0.31111, 0.01947}, {0.20528, 0.62567, 0.06087},
            {0.14919, 0.06322, 0.74457}};
    static final double ADOBE_RGB_GAMMA = 563 / 256.0;

    /** sRGB's D50-adapted colorants (IEC 61966-2-1 via Bradford), as rows red, green, blue. */
    static final double[][] SRGB = {{0.4360747, 0.2225045, 0.0139322}, {0.3850649, 0.7168786, 0.0971045},
            {0.1430804, 0.0606169, 0.7141733}};

    /** sRGB's primaries with red and green swapped: a stored red pixel means sRGB green. */
    static final double[][] SWAPPED_RED_GREEN = {SRGB[1], SRGB[0], SRGB[2]};

    private IccProfiles() {
    }

    /** A v2 'mntr' RGB profile with XYZ PCS and the colorants {@code rgb} (rows red, green, blue) at {@code gamma}. */
    static byte[] matrixTrc(String description, double[][] rgb, double gamma) {
        Map<String, byte[]> tags = new LinkedHashMap<>();
        tags.put("desc", desc(description));
        tags.put("wtpt", xyz(D50));
        tags.put("rXYZ", xyz(rgb[0]));
        tags.put("gXYZ", xyz(rgb[1]));
        tags.put("bXYZ", xyz(rgb[2]));
        byte[] curve = curve(gamma);
        tags.put("rTRC", curve);
        tags.put("gTRC", curve);
        tags.put("bTRC", curve);
        tags.put("cprt", text("No copyright, test profile"));

        int tableSize = 4 + 12 * tags.size();
        int offset = 128 + tableSize;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteBuffer table = ByteBuffer.allocate(tableSize).order(ByteOrder.BIG_ENDIAN);
        table.putInt(tags.size());
        for (Map.Entry<String, byte[]> tag : tags.entrySet()) {
            byte[] value = tag.getValue();
            table.put(ascii(tag.getKey())).putInt(offset + data.size()).putInt(value.length);
            data.writeBytes(value);
            while (data.size() % 4 != 0) {
                data.write(0);
            }
        }
        int size = 128 + tableSize + data.size();
        ByteBuffer header = ByteBuffer.allocate(128).order(ByteOrder.BIG_ENDIAN);
        header.putInt(size).putInt(0).putInt(0x02100000).put(ascii("mntr")).put(ascii("RGB ")).put(ascii("XYZ "));
        header.putShort((short) 2024).putShort((short) 1).putShort((short) 1).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0);
        header.put(ascii("acsp")).putInt(0).putInt(0).putInt(0).putInt(0).putLong(0).putInt(0);
        header.putInt(s15(D50[0])).putInt(s15(D50[1])).putInt(s15(D50[2]));
        // creator, ID and reserved bytes stay zero
        ByteArrayOutputStream profile = new ByteArrayOutputStream(size);
        profile.writeBytes(header.array());
        profile.writeBytes(table.array());
        profile.writeBytes(data.toByteArray());
        return profile.toByteArray();
    }

    /**
     * What an 8-bit value {@code rgb} (0xRRGGBB) in a matrix/TRC space becomes in sRGB: decode the
     * gamma, to D50 XYZ through the colorants, back through the inverse of sRGB's colorant matrix, then
     * sRGB's piecewise curve. Colours outside sRGB are clipped.
     */
    static int toSrgb(int rgb, double[][] colorants, double gamma) {
        double[] linear = new double[3];
        for (int c = 0; c < 3; c++) {
            linear[c] = Math.pow(((rgb >> (16 - 8 * c)) & 0xFF) / 255.0, gamma);
        }
        double[] xyz = new double[3];
        for (int row = 0; row < 3; row++) {
            for (int c = 0; c < 3; c++) {
                xyz[row] += colorants[c][row] * linear[c];
            }
        }
        double[] srgbLinear = solve(transposed(SRGB), xyz);
        int out = 0;
        for (int c = 0; c < 3; c++) {
            double v = Math.max(0, Math.min(1, srgbLinear[c]));
            double encoded = v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
            out = out << 8 | (int) Math.round(encoded * 255);
        }
        return out;
    }

    private static double[][] transposed(double[][] m) {
        double[][] t = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                t[i][j] = m[j][i];
            }
        }
        return t;
    }

    /** Cramer's rule for the 3x3 system m x = v. */
    private static double[] solve(double[][] m, double[] v) {
        double det = det(m);
        double[] x = new double[3];
        for (int c = 0; c < 3; c++) {
            double[][] mc = new double[3][];
            for (int r = 0; r < 3; r++) {
                mc[r] = m[r].clone();
                mc[r][c] = v[r];
            }
            x[c] = det(mc) / det;
        }
        return x;
    }

    private static double det(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    private static byte[] xyz(double[] v) {
        return ByteBuffer.allocate(20).order(ByteOrder.BIG_ENDIAN).put(ascii("XYZ ")).putInt(0)
                .putInt(s15(v[0])).putInt(s15(v[1])).putInt(s15(v[2])).array();
    }

    /** curveType with one entry: a pure gamma in u8Fixed8Number. */
    private static byte[] curve(double gamma) {
        return ByteBuffer.allocate(14).order(ByteOrder.BIG_ENDIAN).put(ascii("curv")).putInt(0).putInt(1)
                .putShort((short) Math.round(gamma * 256)).array();
    }

    /** textDescriptionType (ICC v2): ASCII, then empty Unicode and ScriptCode parts. */
    private static byte[] desc(String text) {
        byte[] ascii = (text + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(12 + ascii.length + 8 + 3 + 67).order(ByteOrder.BIG_ENDIAN);
        b.put(ascii("desc")).putInt(0).putInt(ascii.length).put(ascii).putInt(0).putInt(0).putShort((short) 0)
                .put((byte) 0);
        return b.array();
    }

    private static byte[] text(String text) {
        byte[] ascii = (text + "\0").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(8 + ascii.length).order(ByteOrder.BIG_ENDIAN).put(ascii("text")).putInt(0)
                .put(ascii).array();
    }

    private static int s15(double v) {
        return (int) Math.round(v * 65536);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
