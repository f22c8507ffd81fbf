package io.imagepipe.queue;

import io.imagepipe.config.Config;
import io.imagepipe.pipeline.ImagePipeline;
import io.imagepipe.pipeline.PipelineMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    private final MessageActions actions;
    private final VisibilityHeartbeat heartbeat;
    private final Map<String, Message> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger inFlightCount = new AtomicInteger();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile boolean running;
    private volatile boolean lastReceiveOk = true;
    private volatile CompletableFuture<ReceiveMessageResponse> receiving;
    private volatile CompletableFuture<Void> drained = new CompletableFuture<>();
    private int receiveFailures;

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
        this.actions = new MessageActions(sqs, config.queueUrl(), config.dlqUrl(), deleter,
                new RetryBackoff(config.maxRetryDelay()));
        this.heartbeat = new VisibilityHeartbeat(sqs, config.queueUrl(), config.visibilityTimeout(),
                config.heartbeat(), timer);
        metrics.gauge("imagepipe.inflight.messages", "Messages received and not yet finished", inFlightCount::get);
    }

    public void start() {
        running = true;
        log.info("consuming {} with up to {} messages in flight", config.queueUrl(), config.maxInflight());
        poll();
    }

    /** Running, and the last receive reached SQS. */
    public boolean healthy() {
        return running && lastReceiveOk;
    }

    public int inFlight() {
        return inFlightCount.get();
    }

    private void poll() {
        if (!running || !polling.compareAndSet(false, true)) {
            return;
        }
        int credits = config.maxInflight() - inFlightCount.get();
        if (credits <= 0) {
            polling.set(false);
            return; // a finishing message calls poll() again
        }
        receiving = sqs.receiveMessage(b -> b.queueUrl(config.queueUrl())
                .maxNumberOfMessages(Math.min(10, credits))
                .waitTimeSeconds(LONG_POLL_SECONDS)
                .visibilityTimeout((int) config.visibilityTimeout().toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                .messageAttributeNames("All"));
        receiving.whenComplete((response, error) -> {
            polling.set(false);
            if (error != null) {
                onReceiveFailure(error);
                return;
            }
            lastReceiveOk = true;
            receiveFailures = 0;
            response.messages().forEach(this::dispatch);
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
        log.warn("receiving from {} failed ({}); trying again in {} ms", config.queueUrl(), error.toString(), delay);
        timer.schedule(this::poll, delay, TimeUnit.MILLISECONDS);
    }

    private void dispatch(Message message) {
        inFlight.put(message.messageId(), message);
        inFlightCount.incrementAndGet();
        heartbeat.track(message.messageId(), message.receiptHandle());
        pipeline.handle(message.body())
                .thenCompose(outcome -> actions.apply(message, outcome))
                .whenComplete((v, error) -> {
                    if (error != null) {
                        log.warn("acting on message {} failed; it will be received again: {}", message.messageId(),
                                error.toString());
                    }
                    finish(message);
                });
    }

    private void finish(Message message) {
        heartbeat.untrack(message.messageId());
        if (inFlight.remove(message.messageId()) != null) {
            inFlightCount.decrementAndGet();
        }
        if (running) {
            poll();
        } else if (inFlight.isEmpty()) {
            drained.complete(null);
        }
    }

    /**
     * Stops receiving, lets what is in flight finish within {@code grace}, then makes whatever is
     * left visible again at once so another consumer takes it.
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
        if (inFlight.isEmpty()) {
            drained.complete(null);
        }
        try {
            drained.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timedOut) {
            List<Message> left = List.copyOf(inFlight.values());
            log.warn("shutdown grace of {} s over; releasing {} messages still in flight", grace.toSeconds(),
                    left.size());
            List<CompletableFuture<Void>> releases = left.stream().map(m -> actions.release(m, Duration.ZERO)
                    .whenComplete((v, e) -> metrics.outcome("released"))).toList();
            try {
                CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("releasing messages on shutdown failed: {}", e.toString());
            }
        }
        deleter.flush();
        heartbeat.stop();
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
