package io.imagepipe.event;

import java.util.List;

/**
 * What one queue message body contained.
 *
 * @param events    the created/removed events, in message order; empty when the message only held
 *                  events of no interest (tagging, restore, another event source ...)
 * @param testEvent {@code true} for S3's {@code s3:TestEvent} (sent when a notification
 *                  configuration is saved); {@code events} is then empty
 */
public record ParsedMessage(List<ObjectEvent> events, boolean testEvent) {

    public ParsedMessage {
        events = List.copyOf(events);
        if (testEvent && !events.isEmpty()) {
            throw new IllegalArgumentException("a test event carries no object events");
        }
    }
}
