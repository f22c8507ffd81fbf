package io.imagepipe.cli;

import io.imagepipe.core.ImageException;
import io.imagepipe.core.ImageProcessor;
import io.imagepipe.core.KeyTemplate;
import io.imagepipe.core.Limits;
import io.imagepipe.core.ProcessedImage;
import io.imagepipe.core.Rendition;
import io.imagepipe.core.RenditionSpec;
import io.imagepipe.core.RenditionSpecParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code imagepipe resize [--renditions SPEC] [--out DIR] [--key-template T] [--workers N] FILE...}:
 * the service's core on local files. One JSON line per file on stdout; a bad file is reported
 * with its reason and the rest go on; the exit status is 1 if any file failed.
 */
public final class ResizeCommand {
    static final String USAGE = "usage: imagepipe resize [--renditions SPEC] [--out DIR] [--key-template TEMPLATE]"
            + " [--workers N] [--max-pixels N] [--max-bytes N] FILE...";

    private static final int MAX = Integer.MAX_VALUE;

    private final PrintStream out;
    private final PrintStream err;

    public ResizeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    record Options(List<RenditionSpec> renditions, Path outDir, KeyTemplate template, int workers, Limits limits,
                   List<Path> files) {
    }

    public int run(List<String> args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("imagepipe resize: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        ImageProcessor processor;
        try {
            processor = new ImageProcessor(options.limits());
        } catch (IllegalArgumentException e) {
            err.println("imagepipe resize: " + e.getMessage());
            return 2;
        }
        err.println("imagepipe resize: JPEG codec " + processor.jpegCodec());
        ExecutorService pool = Executors.newFixedThreadPool(options.workers());
        try {
            List<Future<JsonLine>> results = new ArrayList<>();
            for (Path file : options.files()) {
                results.add(pool.submit(() -> processOne(processor, options, file)));
            }
            int failed = 0;
            for (int i = 0; i < results.size(); i++) {
                JsonLine line = outcome(results.get(i), options.files().get(i));
                failed += line.has("error") ? 1 : 0;
                out.println(line);
            }
            if (failed > 0) {
                err.println("imagepipe resize: " + failed + " of " + options.files().size() + " files failed");
            }
            return failed > 0 ? 1 : 0;
        } catch (Exception e) {
            err.println("imagepipe resize: " + e);
            return 1;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The file's line; a failure outside the image work (it cannot happen, but must not stop the rest) is that file's error. */
    private JsonLine outcome(Future<JsonLine> result, Path file) throws InterruptedException {
        try {
            return result.get();
        } catch (java.util.concurrent.ExecutionException e) {
            return new JsonLine().put("file", file.toString()).put("error", "internal")
                    .put("message", String.valueOf(e.getCause()));
        }
    }

    private JsonLine processOne(ImageProcessor processor, Options options, Path file) {
        JsonLine line = new JsonLine().put("file", file.toString());
        try {
            byte[] bytes = Files.readAllBytes(file);
            ProcessedImage result = processor.process(bytes, options.renditions());
            line.put("format", result.source().format().id())
                    .put("width", result.source().displayWidth())
                    .put("height", result.source().displayHeight())
                    .put("orientation", result.source().orientation())
                    .put("bytes", bytes.length);
            List<JsonLine> renditions = new ArrayList<>();
            String fileName = file.getFileName().toString();
            for (Rendition r : result.renditions()) {
                Path target = options.outDir().resolve(options.template().apply(fileName, r.name(), r.extension()));
                Files.createDirectories(target.toAbsolutePath().getParent());
                Files.write(target, r.bytes());
                renditions.add(new JsonLine().put("name", r.name()).put("width", r.width()).put("height", r.height())
                        .put("bytes", r.bytes().length).put("contentType", r.contentType())
                        .put("path", target.toString()));
            }
            line.putArray("renditions", renditions);
            line.put("decodeMs", result.timings().decodeNanos() / 1e6)
                    .put("resizeMs", result.timings().resizeNanos() / 1e6)
                    .put("encodeMs", result.timings().encodeNanos() / 1e6);
        } catch (ImageException e) {
            line.put("error", e.reason()).put("message", e.getMessage());
        } catch (OutOfMemoryError e) {
            // This file's arrays are garbage once we are here, so the files after it can still be done.
            line = new JsonLine().put("file", file.toString());
            line.put("error", "out_of_memory").put("message", "decoding and resizing this file needs more heap than"
                    + " the " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB there is: run java with a"
                    + " larger -Xmx, fewer --workers, or refuse such files with --max-pixels");
        } catch (IOException e) {
            line.put("error", "io").put("message", e.toString());
        }
        return line;
    }

    private static Options parse(List<String> args) {
        String spec = RenditionSpecParser.DEFAULT;
        Path outDir = Path.of("out");
        String template = KeyTemplate.DEFAULT;
        int workers = Runtime.getRuntime().availableProcessors();
        long maxPixels = Limits.DEFAULT.maxSourcePixels();
        long maxBytes = Limits.DEFAULT.maxSourceBytes();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--renditions" -> spec = Arguments.value(args, ++i, a);
                case "--out" -> outDir = Path.of(Arguments.value(args, ++i, a));
                case "--key-template" -> template = Arguments.value(args, ++i, a);
                case "--workers" -> workers = Arguments.integer(args, ++i, a, 1, MAX);
                case "--max-pixels" -> maxPixels = Arguments.integer(args, ++i, a, 1, MAX);
                case "--max-bytes" -> maxBytes = Arguments.integer(args, ++i, a, 1, MAX);
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    files.add(Path.of(a));
                }
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files given");
        }
        return new Options(new RenditionSpecParser().parse(spec), outDir, KeyTemplate.parse(template), workers,
                new Limits(maxBytes, maxPixels), List.copyOf(files));
    }
}
