package io.imagepipe.core;

/**
 * A JPEG's picture as libjpeg-turbo stores it: full-resolution luma and two chroma planes sampled
 * {@code chromaX x chromaY} luma pixels apart (2x2 for 4:2:0, 1x1 for 4:4:4, 2x1 for 4:2:2, 1x2
 * for 4:4:0, 4x1 for 4:1:1), or luma alone for a greyscale JPEG. Resizing and turning it costs a
 * half (4:2:0) of what interleaved BGR does, and no colour conversion is made between the decode
 * and the encode.
 *
 * <p>Chroma siting: JFIF centres each chroma sample on the luma pixels it covers, so an odd-sized
 * picture's last chroma sample covers half a block. Mirrored, that half block would land at the
 * start and every chroma sample would move by one luma pixel. So the picture carries the EXIF
 * orientation it will be shown with, and a resized picture that will be mirrored along an odd side
 * has its chroma centred half a sample earlier along it ({@code shiftX}, {@code shiftY}, in chroma
 * samples), which plain mirroring turns into the JFIF siting of the upright rendition.
 */
final class PlanarPicture implements Picture {
    private final Plane luma;
    private final Plane cb;
    private final Plane cr;
    private final int chromaX;
    private final int chromaY;
    private final int orientation;
    private final double shiftX;
    private final double shiftY;

    PlanarPicture(Plane luma, Plane cb, Plane cr, int chromaX, int chromaY, int orientation, double shiftX,
                  double shiftY) {
        if ((cb == null) != (cr == null)) {
            throw new IllegalArgumentException("Cb and Cr come together");
        }
        if (cb != null && (cb.width() != ceilDiv(luma.width(), chromaX) || cb.height() != ceilDiv(luma.height(), chromaY)
                || cr.width() != cb.width() || cr.height() != cb.height())) {
            throw new IllegalArgumentException("chroma planes " + cb.width() + "x" + cb.height() + " do not fit luma "
                    + luma.width() + "x" + luma.height() + " sampled " + chromaX + "x" + chromaY);
        }
        this.luma = luma;
        this.cb = cb;
        this.cr = cr;
        this.chromaX = chromaX;
        this.chromaY = chromaY;
        this.orientation = orientation < 1 || orientation > 8 ? 1 : orientation;
        this.shiftX = shiftX;
        this.shiftY = shiftY;
    }

    /** A decoded JPEG: JFIF siting, shown upright as it is stored. */
    static PlanarPicture decoded(Plane luma, Plane cb, Plane cr, int chromaX, int chromaY) {
        return new PlanarPicture(luma, cb, cr, chromaX, chromaY, 1, 0, 0);
    }

    /** A greyscale picture: luma only. */
    static PlanarPicture grey(Plane luma, int orientation) {
        return new PlanarPicture(luma, null, null, 1, 1, orientation, 0, 0);
    }

    /** The same planes, to be shown with EXIF {@code orientation}. */
    PlanarPicture shownWith(int orientation) {
        return new PlanarPicture(luma, cb, cr, chromaX, chromaY, orientation, shiftX, shiftY);
    }

    Plane luma() {
        return luma;
    }

    Plane cb() {
        return cb;
    }

    Plane cr() {
        return cr;
    }

    boolean grey() {
        return cb == null;
    }

    int chromaX() {
        return chromaX;
    }

    int chromaY() {
        return chromaY;
    }

    int orientation() {
        return orientation;
    }

    double shiftX() {
        return shiftX;
    }

    double shiftY() {
        return shiftY;
    }

    /** The chroma shift along the stored x axis that a {@code width}-wide picture shown with this orientation needs. */
    double shiftXFor(int width) {
        boolean mirrored = orientation == 2 || orientation == 3 || orientation == 7 || orientation == 8;
        return mirrored && width % 2 == 1 ? -0.5 : 0;
    }

    /** The same along the stored y axis. */
    double shiftYFor(int height) {
        boolean mirrored = orientation == 3 || orientation == 4 || orientation == 6 || orientation == 7;
        return mirrored && height % 2 == 1 ? -0.5 : 0;
    }

    /** Greyscale, or chroma at 4:2:0 sited for its orientation: what is turned and encoded. */
    boolean finished() {
        return grey() || chromaX == 2 && chromaY == 2 && shiftX == shiftXFor(width()) && shiftY == shiftYFor(height());
    }

    @Override
    public int width() {
        return luma.width();
    }

    @Override
    public int height() {
        return luma.height();
    }

    @Override
    public boolean transparent() {
        return false;
    }

    @Override
    public Picture resized(Resizer resizer, Size target) {
        if (target.equals(size()) && finished()) {
            return this;
        }
        return resizer.resizePlanar(this, 0, 0, width(), height(), target);
    }

    @Override
    public Picture cropCentreAndResized(Resizer resizer, Size part, Size target) {
        return resizer.resizePlanar(this, (width() - part.width()) / 2, (height() - part.height()) / 2,
                part.width(), part.height(), target);
    }

    @Override
    public Picture upright(int orientation) {
        if (orientation != this.orientation) {
            throw new IllegalArgumentException("this picture is to be shown with orientation " + this.orientation
                    + ", not " + orientation);
        }
        if (orientation == 1) {
            return this;
        }
        if (!finished()) {
            throw new IllegalStateException("turn only resized pictures (4:2:0, sited for their orientation)");
        }
        Plane y = Orientation.upright(luma, orientation);
        if (grey()) {
            return grey(y, 1);
        }
        return decoded(y, Orientation.upright(cb, orientation), Orientation.upright(cr, orientation), 2, 2);
    }

    @Override
    public byte[] encode(ImageEncoder encoder, ImageFormat format, int quality) {
        return encoder.encode(this, format, quality);
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
