package io.switchboard.pipeline;

import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.RawMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One poll's worth of raw messages going through the pipeline stages together, so that every stage can
 * work in bulk (one query, one round of broker acknowledgements) and one bad message never holds up
 * the others: a message that fails a stage is set aside for the dead-letter topic with its reason.
 * What the batch publishes is one Kafka transaction with the batch's offsets.
 */
public final class PipelineBatch {

    /** Where a raw message was read from; also the pointer a ContactRecord keeps. */
    public record Source(String topic, int partition, long offset, String key, Map<String, byte[]> headers, byte[] body) {
        /** {@code topic/partition/offset}: names this raw message for good. */
        public String position() {
            return topic + "/" + partition + "/" + offset;
        }
    }

    /** One message's progress through the stages. */
    public static final class Item {
        private final Source source;
        private RawMessage raw;
        private ContactRecord record;
        private boolean duplicate;
        private boolean notAContact;
        private boolean ofErasedCustomer;
        private String failedStage;
        private String failure;

        Item(Source source) {
            this.source = source;
        }

        public Source source() {
            return source;
        }

        public RawMessage raw() {
            return raw;
        }

        public ContactRecord record() {
            return record;
        }

        public boolean duplicate() {
            return duplicate;
        }

        public String failedStage() {
            return failedStage;
        }

        public String failure() {
            return failure;
        }

        /** Still flowing: read, not failed, not a duplicate, a contact of its own, not of an erased customer. */
        public boolean live() {
            return failure == null && !duplicate && !notAContact && !ofErasedCustomer;
        }

        public boolean ofErasedCustomer() {
            return ofErasedCustomer;
        }

        public boolean failed() {
            return failure != null;
        }

        void raw(RawMessage raw) {
            this.raw = raw;
        }

        public void record(ContactRecord record) {
            this.record = record;
        }

        void markNotAContact() {
            this.notAContact = true;
        }

        public void markDuplicate() {
            this.duplicate = true;
        }

        /** Received before its customer was erased: dropped, never published. */
        public void markOfErasedCustomer() {
            this.ofErasedCustomer = true;
        }

        public void fail(String stage, String reason) {
            this.failedStage = stage;
            this.failure = reason == null ? "unknown error" : reason;
        }
    }

    private final List<Item> items = new ArrayList<>();
    private final PipelineTransaction transaction;

    /** @param transaction what the batch publishes goes through; the batch's consumer commits it */
    PipelineBatch(PipelineTransaction transaction) {
        this.transaction = transaction;
    }

    PipelineTransaction transaction() {
        return transaction;
    }

    public Item add(Source source) {
        Item item = new Item(source);
        items.add(item);
        return item;
    }

    public List<Item> items() {
        return Collections.unmodifiableList(items);
    }

    public List<Item> live() {
        return items.stream().filter(Item::live).toList();
    }

    /** Runs {@code stage} on every live item's record; an item whose record fails is dead-lettered. */
    public void eachLive(String stage, UnaryOperator<ContactRecord> step) {
        for (Item item : items) {
            if (!item.live()) {
                continue;
            }
            try {
                item.record(step.apply(item.record()));
            } catch (RuntimeException e) {
                item.fail(stage, describe(e));
            }
        }
    }

    static String describe(RuntimeException e) {
        String message = e.getMessage();
        return e instanceof IllegalArgumentException && message != null
                ? message
                : e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
