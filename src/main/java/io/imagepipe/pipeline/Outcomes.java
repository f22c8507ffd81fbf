package io.imagepipe.pipeline;

import java.util.List;

/** One outcome for a message that carried several object events. */
final class Outcomes {
    private static final List<Class<? extends Outcome>> ORDER = List.of(Outcome.Released.class, Outcome.Retry.class,
            Outcome.Rejected.class, Outcome.Processed.class, Outcome.Removed.class, Outcome.Superseded.class,
            Outcome.Duplicate.class,
            Outcome.Gone.class, Outcome.Skipped.class);
    private Outcomes() {
    }

    /**
     * The most demanding one wins: a retry (so nothing is lost), then a rejection (so it is seen in
     * the DLQ; the events that did succeed are duplicates when redriven), then work done.
     */
    static Outcome combine(List<Outcome> outcomes) {
        Outcome best = outcomes.get(0);
        for (Outcome o : outcomes) {
            if (rank(o) < rank(best)) {
                best = o;
            }
        }
        return best;
    }

    private static int rank(Outcome o) {
        return ORDER.indexOf(o.getClass());
    }
}
