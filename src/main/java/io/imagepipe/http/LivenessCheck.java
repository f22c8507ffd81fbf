package io.imagepipe.http;

import java.util.function.BooleanSupplier;

/** A local, non-blocking condition {@code /health/live} requires; {@code whenDown} says what is wrong. */
public record LivenessCheck(String name, BooleanSupplier alive, String whenDown) {
}
