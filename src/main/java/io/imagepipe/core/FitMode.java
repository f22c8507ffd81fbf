package io.imagepipe.core;

/** How a rendition fills its box. */
public enum FitMode {
    /** Inside the box, aspect ratio kept; a 0 side of the box is unbounded. */
    FIT,
    /** Covers the box, aspect ratio kept, centre-cropped to the box. */
    FILL
}
