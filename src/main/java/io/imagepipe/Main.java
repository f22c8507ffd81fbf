package io.imagepipe;
public final class Main { public static void main(String[] a){} }
