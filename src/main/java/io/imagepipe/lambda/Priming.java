package io.imagepipe.lambda;

import io.imagepipe.core.ImageException;
import io.imagepipe.event.EventParser;
import io.imagepipe.event.MalformedEventException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart's hooks. Before the snapshot, the core decodes, resizes and encodes a small image made
 * here (JPEG and PNG, through every configured rendition) and the event parser reads each message
 * shape, so their classes are loaded and their hot methods compiled in the snapshot instead of in
 * the first invocation. After a restore, the S3/SQS clients are built anew: their pooled
 * connections and random state must not be shared by every environment restored from one snapshot.
 */
public final class Priming implements Resource {
    private static final int ROUNDS = 12;
    private final Logger log = LoggerFactory.getLogger(Priming.class);
    private final FunctionEnvironment environment;

    Priming(FunctionEnvironment environment, FunctionEnvironment.PrimeWhen when) {
        this.environment = environment;
        if (when == FunctionEnvironment.PrimeWhen.INIT) {
            prime();
        }
        if (when != FunctionEnvironment.PrimeWhen.OFF) {
            // The global context holds its resources weakly: the environment keeps this object alive.
            Core.getGlobalContext().register(this);
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        long start = System.nanoTime();
        environment.rewire();
        log.info("restored from a SnapStart snapshot; clients rebuilt in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    /** Runs the core and the event parser on built-in inputs; never touches the network. Returns the time taken. */
    public long prime() {
        long start = System.nanoTime();
        byte[] jpeg = encode(sample(BufferedImage.TYPE_INT_RGB), "jpeg");
        byte[] png = encode(sample(BufferedImage.TYPE_INT_ARGB), "png");
        EventParser parser = new EventParser();
        for (int i = 0; i < ROUNDS; i++) {
            try {
                environment.processor().process(jpeg, environment.config().renditions());
                environment.processor().process(png, environment.config().renditions());
                for (String body : SAMPLE_BODIES) {
                    parser.parse(body);
                }
            } catch (ImageException | MalformedEventException e) {
                throw new IllegalStateException("priming failed on a built-in input: " + e.getMessage(), e);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        log.info("primed the core and the event parser in {} ms", millis);
        return millis;
    }

    /** A 640x480 picture with gradients and edges, so every resampling path has work to do. */
    private static BufferedImage sample(int type) {
        BufferedImage image = new BufferedImage(640, 480, type);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int alpha = type == BufferedImage.TYPE_INT_ARGB ? 128 + (x % 128) : 255;
                int rgb = ((x * 255 / 640) << 16) | ((y * 255 / 480) << 8) | (((x / 16 + y / 16) % 2) * 255);
                image.setRGB(x, y, (alpha << 24) | rgb);
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String S3_RECORD = "{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
            + "\"eventTime\":\"2024-01-01T00:00:00.000Z\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},"
            + "\"object\":{\"key\":\"photos/a+b%2Bc.jpg\",\"size\":1,\"eTag\":\"0123\",\"sequencer\":\"00\"}}}";
    private static final String[] SAMPLE_BODIES = {
            "{\"Records\":[" + S3_RECORD + "]}",
            "{\"Type\":\"Notification\",\"MessageId\":\"m\",\"TopicArn\":\"arn:aws:sns:us-east-1:1:t\",\"Message\":"
                    + com.fasterxml.jackson.databind.node.TextNode.valueOf("{\"Records\":[" + S3_RECORD + "]}") + "}",
            "{\"version\":\"0\",\"id\":\"i\",\"detail-type\":\"Object Created\",\"source\":\"aws.s3\",\"time\":\"2024-01-01T00:00:00Z\","
                    + "\"region\":\"us-east-1\",\"detail\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"a.jpg\",\"size\":1,\"etag\":\"e\"}}}",
            "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2024-01-01T00:00:00.000Z\",\"Bucket\":\"b\"}"
    };
}
