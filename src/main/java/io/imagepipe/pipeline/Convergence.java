package io.imagepipe.pipeline;

import io.imagepipe.config.Config;
import io.imagepipe.event.ObjectEvent;
import io.imagepipe.storage.ObjectChangedException;
import io.imagepipe.storage.ObjectMissingException;
import io.imagepipe.storage.ObjectStore;
import io.imagepipe.storage.StoredObject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Makes a key's outputs those of the object in the bucket now, whatever the order and overlap of
 * its events (docs/convergence.md). An event's version is fetched exactly ({@code If-Match} on its
 * ETag); after every commit (a manifest written, outputs removed) the source is looked at again,
 * and when it moved or went, the key is converged to what is there now. A version that is no longer
 * there is {@code superseded}; one that is gone is {@code gone}; in both cases the key is still
 * brought up to date, so a crash after a stale write cannot leave it stale for good.
 */
final class Convergence {
    /** Rounds of "the source moved again while we converged" before giving up for a retry. */
    private static final int MAX_ROUNDS = 4;

    private final Config config;
    private final ObjectStore store;
    private final ManifestStore manifests;
    private final RenditionMaker maker;
    private final RenditionRemover remover;
    private final KeySerializer serial = new KeySerializer();

    Convergence(Config config, ObjectStore store, ManifestStore manifests, RenditionMaker maker,
                RenditionRemover remover) {
        this.config = config;
        this.store = store;
        this.manifests = manifests;
        this.maker = maker;
        this.remover = remover;
    }

    /** What converging a key did: the ETag it now shows (null: the source is gone) and a sentence. */
    record Converged(String eTag, int removed, String detail) {
    }

    CompletableFuture<Outcome> created(ObjectEvent event) {
        return serial.run(serialKey(event), () -> manifests.summary(event.key()).thenCompose(summary -> {
            if (event.eTag() != null && maker.isDone(summary, event.eTag())) {
                // The manifest may be a stale writer's that crashed before its own look at the source.
                return store.currentETag(event.bucket(), event.key()).thenCompose(current ->
                        current.isPresent() && current.get().equals(event.eTag())
                                ? done(new Outcome.Duplicate("renditions exist for ETag " + event.eTag()))
                                : converge(event.bucket(), event.key(), 1).thenApply(c -> new Outcome.Superseded(
                                        "ETag " + event.eTag() + " is no longer in the bucket; " + c.detail())));
            }
            return fetchAndRender(event.bucket(), event.key(), event.eTag(), event.size(), summary)
                    .thenCompose(r -> r.getFailure() == null ? checkIfCommitted(event.bucket(), event.key(), r, 0)
                            : afterFailedGet(event.bucket(), event.key(), event.eTag(), event.size(), r.getFailure(), 0)
                                    .thenApply(c -> c.outcome));
        }));
    }

    CompletableFuture<Outcome> removed(ObjectEvent event) {
        return serial.run(serialKey(event), () -> converge(event.bucket(), event.key(), 0).thenApply(c -> {
            if (c.eTag() != null) {
                return new Outcome.Superseded("the key exists again; " + c.detail());
            }
            return c.removed() < 0 ? new Outcome.Skipped("no manifest: nothing to remove")
                    : new Outcome.Removed(c.removed());
        }));
    }

    private static String serialKey(ObjectEvent event) {
        return event.bucket() + '\u0000' + event.key();
    }

    /** What fetching and rendering one version did: its outcome, or why it could not be read. */
    private record Rendered(String eTag, Outcome outcome, Throwable getFailure) {
    }

    /**
     * Fetches a version with its bytes reserved in the memory budget and renders it. The
     * reservation ends with the rendering, before any look at the source afterwards: converging
     * again while holding it could wait for budget that only this holder would give back.
     */
    private CompletableFuture<Rendered> fetchAndRender(String bucket, String key, String eTag, long size,
                                                       Optional<Map<String, String>> summary) {
        long t0 = System.nanoTime();
        return store.getReserved(bucket, key, config.limits().maxSourceBytes(), eTag, size, maker.sourceMemory(),
                (source, failure) -> failure != null ? done(new Rendered(eTag, null, failure))
                        : maker.render(source, summary, System.nanoTime() - t0)
                                .thenApply(o -> new Rendered(source.eTag(), o, null)));
    }

    /** A rendered version that was committed is checked to be still the one in the bucket. */
    private CompletableFuture<Outcome> checkIfCommitted(String bucket, String key, Rendered rendered, int round) {
        return committed(rendered.outcome())
                ? checkAfterCommit(bucket, key, rendered.eTag(), rendered.outcome(), round)
                : done(rendered.outcome());
    }

    private static boolean committed(Outcome outcome) {
        return outcome instanceof Outcome.Processed || outcome instanceof Outcome.Rejected;
    }

    /**
     * After the commit point: if the source is still {@code eTag}, the outcome stands. If it moved or
     * went meanwhile, what was just written may have overwritten the newer version's outputs, so the
     * key is converged now and this event's version is superseded (a rejection of it then does not
     * reach the DLQ: it is not what is in the bucket).
     */
    private CompletableFuture<Outcome> checkAfterCommit(String bucket, String key, String eTag, Outcome outcome,
                                                        int round) {
        return store.currentETag(bucket, key).thenCompose(current -> {
            if (current.isPresent() && current.get().equals(eTag)) {
                return done(outcome);
            }
            return converge(bucket, key, round + 1).thenApply(c -> new Outcome.Superseded("ETag " + eTag
                    + " changed while it was processed (" + outcome.label() + "); " + c.detail()));
        });
    }

    private record AfterFailure(Outcome outcome) {
    }

    /**
     * The event's version could not be read: it was overwritten (superseded) or deleted (gone), and
     * the key is converged to what is there now; too large or refused for good by S3, it goes
     * through the rejection path; anything else is thrown for a retry.
     */
    private CompletableFuture<AfterFailure> afterFailedGet(String bucket, String key, String eTag, long size,
                                                           Throwable failure, int round) {
        Throwable cause = ObjectStore.unwrap(failure);
        if (cause instanceof ObjectChangedException) {
            return converge(bucket, key, round + 1).thenApply(c -> new AfterFailure(new Outcome.Superseded(
                    "ETag " + eTag + " is no longer in the bucket; " + c.detail())));
        }
        if (cause instanceof ObjectMissingException missing) {
            return converge(bucket, key, round + 1).thenApply(c -> new AfterFailure(c.eTag() == null
                    ? new Outcome.Gone(missing.getMessage() + "; " + c.detail())
                    : new Outcome.Superseded("deleted and created again; " + c.detail())));
        }
        Outcome classified = ImagePipeline.classify(cause);
        if (classified instanceof Outcome.Rejected rejected) {
            return maker.reject(bucket, key, eTag, Math.max(0, size), rejected.reason(), rejected.message())
                    .thenCompose(o -> checkAfterCommit(bucket, key, eTag, o, round))
                    .thenApply(AfterFailure::new);
        }
        return CompletableFuture.failedFuture(failure);
    }

    /** Brings the key's outputs to what is in the bucket now, looking again after each change. */
    private CompletableFuture<Converged> converge(String bucket, String key, int round) {
        if (round > MAX_ROUNDS) {
            return CompletableFuture.failedFuture(new IllegalStateException("s3://" + bucket + "/" + key
                    + " kept changing while its outputs were made (" + MAX_ROUNDS + " rounds); trying again later"));
        }
        return store.currentETag(bucket, key).thenCompose(current -> {
            if (current.isEmpty()) {
                return removeAndCheck(bucket, key, round);
            }
            String eTag = current.get();
            return manifests.summary(key).thenCompose(summary -> {
                if (maker.isSettled(summary, eTag)) {
                    return done(new Converged(eTag, 0, "the outputs are those of ETag " + eTag));
                }
                return fetchAndRender(bucket, key, eTag, -1, summary).thenCompose(r -> r.getFailure() == null
                        ? checkIfCommitted(bucket, key, r, round).thenApply(o -> describe(eTag, o))
                        : afterFailedGet(bucket, key, eTag, -1, r.getFailure(), round)
                                .thenApply(f -> describe(eTag, f.outcome())));
            });
        });
    }

    private CompletableFuture<Converged> removeAndCheck(String bucket, String key, int round) {
        return remover.removeOutputs(key).thenCompose(removed -> store.currentETag(bucket, key).thenCompose(again -> {
            if (again.isPresent()) {
                return converge(bucket, key, round + 1); // created again while we removed
            }
            return done(new Converged(null, removed, removed < 0 ? "the source is gone and had no outputs"
                    : "the source is gone; " + removed + " renditions and the manifest removed"));
        }));
    }

    private static Converged describe(String eTag, Outcome outcome) {
        return new Converged(eTag, 0, "converged to ETag " + eTag + ": " + outcome.label() + " (" + outcome.detail()
                + ")");
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
