package io.imagepipe.loadtest;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.Simulation;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What the three simulations share: settings, the generated images, the flows, the assertions, and
 * the run's own summary printed and written after the run ({@code target/loadtest-summary/<name>.json}).
 */
public abstract class ImagepipeSimulation extends Simulation {
    protected final Settings settings = Settings.fromSystemProperties();
    protected final ImageLibrary images = ImageLibrary.prepare(Path.of(settings.imageDir()), settings.megapixels(),
            settings.imagesPerSize());
    protected final ReadyLog readyLog = new ReadyLog();
    protected final Flows flows = new Flows(settings, images, SigV4Signer.from(settings), readyLog);
    /** Every key of this run sits under {@code <keyPrefix><simulation>-<UTC time>/}. */
    protected final String runPrefix = settings.keyPrefix() + name() + "-"
            + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")) + "/";

    /** Short name of the simulation, used in keys and in the summary file's name. */
    protected abstract String name();

    /**
     * The success ratio of every request (uploads, polls, and the upload-to-ready records, which are
     * KO for a failed, rejected or late image) and, per size class, the upload-to-ready p95.
     */
    protected List<Assertion> assertions() {
        List<Assertion> assertions = new ArrayList<>();
        assertions.add(global().successfulRequests().percent().gte(settings.minSuccessPercent()));
        for (String size : images.sizeLabels()) {
            assertions.add(details(RecordUploadToReady.requestName(size)).responseTime().percentile(95.0)
                    .lt((int) settings.p95Limit().toMillis()));
        }
        return assertions;
    }

    @Override
    public void before() {
        System.out.println("imagepipe load test " + name() + ": " + settings.describe());
        System.out.println("images: " + images.images().stream()
                .map(i -> i.fileName() + " " + i.width() + "x" + i.height() + " " + i.content().length / 1024 + " KiB")
                .toList());
        System.out.println("keys under " + runPrefix);
    }

    @Override
    public void after() {
        ReadyLog.Summary summary = readyLog.summary();
        Path file = Path.of("target", "loadtest-summary", name() + ".json");
        readyLog.write(file);
        System.out.println("imagepipe load test " + name() + " (upload-to-ready, wall clock from session timestamps):");
        System.out.print(summary.toText());
        System.out.println("summary written to " + file.toAbsolutePath());
    }
}
