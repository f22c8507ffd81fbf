package io.imagepipe.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.util.NowProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import scala.Option;
import scala.collection.immutable.List$;

/**
 * ElasticMQ's queues and messages kept in an H2 database file: every send, receive (its receive count and
 * visibility), delete and move to the DLQ is written before SQS answers, and the next start restores them.
 * The actors are the ones ElasticMQ's own server wires for its {@code messages-storage} setting.
 */
final class QueueStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueueStore.class);
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);

    private final ActorSystem actorSystem;
    private final ActorRef listener;
    private final ActorRef queueManager;

    private QueueStore(ActorSystem actorSystem, ActorRef listener, ActorRef queueManager) {
        this.actorSystem = actorSystem;
        this.listener = listener;
        this.queueManager = queueManager;
    }

    /** Opens (or creates) the database in {@code dir} and restores the queues and messages it holds. */
    static QueueStore open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the queue directory " + dir, e);
        }
        // DB_CLOSE_ON_EXIT=FALSE: H2 would close itself in its own shutdown hook, before ours drains the service
        // and deletes its last messages. WRITE_DELAY=0: H2 writes each commit to the file at once instead of up to 500 ms later, so a kill -9
        // loses no message that SQS already acknowledged (the OS keeps written pages; only power loss could).
        String uri = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("queues") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", uri, "", "", false);
        pointConnectionPoolAt(uri);
        // Pekko would terminate the actors from its own JVM shutdown hook, while ours is still draining the
        // service: the last deletes would then not reach the database. Local mode closes the queue itself.
        ActorSystem system = ActorSystem.create("imagepipe-sqs", com.typesafe.config.ConfigFactory
                .parseString("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off")
                .withFallback(com.typesafe.config.ConfigFactory.load()));
        try {
            ActorRef listener = system.actorOf(Props.create(SqlQueuePersistenceActor.class, config,
                    List$.MODULE$.empty()));
            ActorRef manager = system.actorOf(Props.create(QueueManagerActor.class, new NowProvider(),
                    StrictSQSLimits$.MODULE$, Option.apply(listener)));
            Object restored = Patterns.ask(listener, new QueueEvent.Restore(manager), RESTORE_TIMEOUT)
                    .toCompletableFuture().get(RESTORE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (restored instanceof scala.util.Left<?, ?> errors) {
                throw new IllegalStateException("restoring the queues from " + dir + " failed: " + errors.value());
            }
            log.info("Local SQS queues and messages restored from {}", dir.toAbsolutePath());
            return new QueueStore(system, listener, manager);
        } catch (Exception e) {
            system.terminate();
            throw new IllegalStateException("cannot open the queue store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * ElasticMQ's SQL store reads from scalikejdbc's process-wide default pool and sets it up only once per JVM;
     * setting it here each time lets a restart in the same JVM (tests) open the database again after close().
     */
    private static void pointConnectionPoolAt(String uri) {
        try {
            Class.forName("org.h2.Driver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the H2 driver is missing from the classpath", e);
        }
        var pools = scalikejdbc.ConnectionPool$.MODULE$;
        var settings = pools.singleton$default$4();
        pools.singleton(uri, "", "", settings, pools.singleton$default$5(uri, "", "", settings));
    }

    ActorSystem actorSystem() {
        return actorSystem;
    }

    ActorRef listener() {
        return listener;
    }

    ActorRef queueManager() {
        return queueManager;
    }

    /** Closes the database so another start in this JVM opens it afresh. */
    @Override
    public void close() {
        try {
            scala.concurrent.Await.result(actorSystem.terminate(),
                    scala.concurrent.duration.FiniteDuration.create(5, TimeUnit.SECONDS));
        } catch (Exception e) {
            log.debug("stopping the queue store's actors: {}", e.toString());
        }
        try {
            scalikejdbc.ConnectionPool$.MODULE$.closeAll();
        } catch (RuntimeException e) {
            log.warn("closing the queue database: {}", e.toString());
        }
    }
}
