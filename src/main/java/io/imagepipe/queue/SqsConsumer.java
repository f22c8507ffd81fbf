package io.imagepipe.queue;

import io.imagepipe.config.Config;
import io.imagepipe.pipeline.ImagePipeline;
import io.imagepipe.pipeline.Outcome;
import io.imagepipe.pipeline.PipelineMetrics;
import io.imagepipe.pipeline.RetryBackoff;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Long-polls SQS and feeds the pipeline. It asks only for as many messages as it has free credits
 * (in-flight limit minus in flight), so a slow worker pool slows receiving instead of piling up
 * messages whose visibility runs out. One receive is outstanding at a time; a finished message
 * gives its credit back and wakes the poller.
 */
public final class SqsConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqsConsumer.class);
    private static final int LONG_POLL_SECONDS = 20;

    private final SqsAsyncClient sqs;
    private final Config config;
    private final ImagePipeline pipeline;
    private final PipelineMetrics metrics;
    private final ScheduledExecutorService timer;
    private final BatchDeleter deleter;
    private volatile MessageActions actions;
    private final VisibilityHeartbeat heartbeat;
    private final Map<String, Delivery> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger inFlightCount = new AtomicInteger();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile boolean running;
    private volatile boolean lastReceiveOk = true;
    private volatile CompletableFuture<ReceiveMessageResponse> receiving;
    private volatile CompletableFuture<Void> drained = new CompletableFuture<>();
    private int receiveFailures;
    /** When a receive last started or ended, or the poller last found every credit taken (nanoTime). */
    private volatile long lastPollActivity = System.nanoTime();
    /** Receive failures back off: until then, finishing messages must not poll again at once. */
    private volatile boolean backingOff;

    public SqsConsumer(SqsAsyncClient sqs, Config config, ImagePipeline pipeline, PipelineMetrics metrics) {
        this.sqs = sqs;
        this.config = config;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "imagepipe-sqs-timer");
            t.setDaemon(true);
            return t;
        });
        this.deleter = new BatchDeleter(sqs, config.queueUrl(), timer);
        this.heartbeat = new VisibilityHeartbeat(sqs, config.queueUrl(), config.visibilityTimeout(),
                config.heartbeat(), timer);
        metrics.gauge("imagepipe.inflight.messages", "Messages received and not yet finished", inFlightCount::get);
    }

    /** Reads the queue's redrive policy (blocking, at most a few seconds), then starts receiving. */
    public void start() {
        RedrivePolicy redrive = RedrivePolicy.read(sqs, config.queueUrl());
        Optional<String> dlq = config.dlqUrl().or(() -> redrive.deadLetterQueueUrl(sqs));
        if (config.dlqUrl().isEmpty() && dlq.isPresent()) {
            log.info("dead-lettering with reasons to {}, the queue's redrive target", dlq.get());
        }
        actions = new MessageActions(sqs, config.queueUrl(), dlq, deleter, new RetryBackoff(config.maxRetryDelay()),
                redrive.maxReceiveCount());
        running = true;
        log.info("consuming {} with up to {} messages in flight", config.queueUrl(), config.maxInflight());
        poll();
    }

    /** Running, and the last receive reached SQS. */
    public boolean healthy() {
        return running && lastReceiveOk;
    }

    /**
     * For liveness: false when the consumer is running, has free credits, and has neither received
     * nor tried to for {@code stalledAfter}: it has stopped for good and a restart is the cure.
     * (Failing receives keep it alive: they are retried with backoff, and readiness reports them.)
     */
    public boolean receiving(Duration stalledAfter) {
        if (!running || inFlightCount.get() >= config.maxInflight()) {
            return true;
        }
        return System.nanoTime() - lastPollActivity < stalledAfter.toNanos();
    }

    public int inFlight() {
        return inFlightCount.get();
    }

    private void poll() {
        if (!running || backingOff || !polling.compareAndSet(false, true)) {
            return;
        }
        try {
            pollOnce();
        } catch (Throwable t) {
            // Never leave the flag taken: nobody would ever poll again, and the consumer would be dead.
            polling.set(false);
            onReceiveFailure(t);
        }
    }

    private void pollOnce() {
        lastPollActivity = System.nanoTime();
        int credits = config.maxInflight() - inFlightCount.get();
        if (credits <= 0) {
            polling.set(false);
            // A message may have finished between the count above and clearing the flag, and its
            // poll() found the flag taken: look again, or nobody would ever poll.
            if (config.maxInflight() - inFlightCount.get() > 0) {
                poll();
            }
            return;
        }
        receiving = sqs.receiveMessage(b -> b.queueUrl(config.queueUrl())
                .maxNumberOfMessages(Math.min(10, credits))
                .waitTimeSeconds(LONG_POLL_SECONDS)
                .visibilityTimeout((int) config.visibilityTimeout().toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                .messageAttributeNames("All"));
        receiving.whenComplete((response, error) -> {
            lastPollActivity = System.nanoTime();
            if (error != null) {
                polling.set(false);
                onReceiveFailure(error);
                return;
            }
            lastReceiveOk = true;
            receiveFailures = 0;
            if (!running) {
                // Arrived while stopping: hand them straight back.
                response.messages().forEach(m -> actions.release(m, Duration.ZERO));
                polling.set(false);
                return;
            }
            try {
                // Dispatch before clearing the flag, so a concurrent poll() counts these messages.
                response.messages().forEach(this::dispatch);
            } finally {
                polling.set(false);
            }
            poll();
        });
    }

    private void onReceiveFailure(Throwable error) {
        if (!running) {
            return;
        }
        lastReceiveOk = false;
        receiveFailures++;
        long delay = Math.min(30_000, 500L << Math.min(6, receiveFailures));
        backingOff = true;
        log.warn("receiving from {} failed ({}); trying again in {} ms", config.queueUrl(), error.toString(), delay);
        timer.schedule(() -> {
            backingOff = false;
            poll();
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** One delivery of a message; SQS may deliver the same message twice, each with its own receipt handle. */
    private record Delivery(Message message, AtomicBoolean released) {
        String handle() {
            return message.receiptHandle();
        }
    }

    private void dispatch(Message message) {
        Delivery delivery = new Delivery(message, new AtomicBoolean());
        inFlight.put(delivery.handle(), delivery);
        inFlightCount.incrementAndGet();
        heartbeat.track(delivery.handle());
        CompletableFuture<Outcome> outcome;
        try {
            outcome = pipeline.handle(message.body());
        } catch (OutOfMemoryError e) {
            outcome = CompletableFuture.completedFuture(new Outcome.Retry("out_of_memory", e));
        } catch (RuntimeException | Error e) {
            outcome = CompletableFuture.completedFuture(new Outcome.Retry(e));
        }
        outcome.thenCompose(o -> act(delivery, o))
                .whenComplete((v, error) -> {
                    if (error != null) {
                        log.warn("acting on message {} failed; it will be received again: {}", message.messageId(),
                                error.toString());
                    }
                    finish(delivery);
                });
    }

    /** Whoever hands a delivery back first (its own Released outcome, or the end of the grace period) does it, once. */
    private CompletableFuture<Void> act(Delivery delivery, Outcome outcome) {
        if (outcome instanceof Outcome.Released) {
            return delivery.released().compareAndSet(false, true) ? releaseNow(delivery)
                    : CompletableFuture.completedFuture(null);
        }
        if (delivery.released().get()) {
            return CompletableFuture.completedFuture(null); // already handed back; another consumer has it
        }
        return actions.apply(delivery.message(), outcome);
    }

    private CompletableFuture<Void> releaseNow(Delivery delivery) {
        heartbeat.untrack(delivery.handle());
        return actions.release(delivery.message(), Duration.ZERO).whenComplete((v, e) -> metrics.outcome("released"));
    }

    private void finish(Delivery delivery) {
        heartbeat.untrack(delivery.handle());
        if (inFlight.remove(delivery.handle()) != null) {
            inFlightCount.decrementAndGet();
        }
        if (running) {
            poll();
        } else if (inFlight.isEmpty()) {
            drained.complete(null);
        }
    }

    /**
     * Stops receiving, hands back at once the messages whose image work has not started, lets the
     * rest finish within {@code grace}, then makes whatever is left visible again so another
     * consumer takes it.
     */
    public void stop(Duration grace) {
        if (!running) {
            return;
        }
        running = false;
        CompletableFuture<ReceiveMessageResponse> pending = receiving;
        if (pending != null) {
            pending.cancel(true);
        }
        int notStarted = pipeline.cancelQueuedWork();
        if (notStarted > 0) {
            log.info("stopping: {} messages whose work had not started go back to the queue", notStarted);
        }
        if (inFlight.isEmpty()) {
            drained.complete(null);
        }
        try {
            drained.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timedOut) {
            List<Delivery> left = List.copyOf(inFlight.values());
            log.warn("shutdown grace of {} s over; releasing {} messages still in flight", grace.toSeconds(),
                    left.size());
            List<CompletableFuture<Void>> releases = new java.util.ArrayList<>();
            for (Delivery d : left) {
                if (d.released().compareAndSet(false, true)) {
                    releases.add(releaseNow(d));
                }
            }
            try {
                CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("releasing messages on shutdown failed: {}", e.toString());
            }
        }
        heartbeat.stop();
        deleter.flush();
    }

    @Override
    public void close() {
        stop(config.shutdownGrace());
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
