package io.switchboard.ingress;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.RawMessage;
import io.switchboard.kafka.RawMessageJournal;
import io.switchboard.ops.IngressMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The one rule every webhook follows: answer the channel only once its raw message is durable in
 * Kafka; if the broker cannot confirm in time, answer 503 with Retry-After and never a 2xx. The
 * event loop only hands the message over and is called back; it never waits.
 */
@Singleton
public class DurableIntake {

    private static final Logger LOG = Logger.getLogger(DurableIntake.class);

    private final RawMessageJournal journal;
    private final IngressMetrics metrics;
    private final long ackTimeoutMillis;
    private final int retryAfterSeconds;

    @Inject
    public DurableIntake(RawMessageJournal journal, IngressMetrics metrics, SwitchboardConfig config) {
        this.journal = journal;
        this.metrics = metrics;
        this.ackTimeoutMillis = config.ingress().ackTimeout().toMillis();
        this.retryAfterSeconds = config.ingress().retryAfterSeconds();
    }

    /** Stores {@code message}, then lets {@code onStored} write the channel's success answer. */
    public void store(RoutingContext ctx, RawMessage message, Consumer<RoutingContext> onStored) {
        store(ctx, message, onStored, () -> { });
    }

    /**
     * As {@link #store(RoutingContext, RawMessage, Consumer)}, and runs {@code onNotStored} once the caller
     * was told to retry (503). A broker acknowledgement that arrives after that answer is not reported: the
     * channel's retry is then stored again and the pipeline's de-duplication keeps one record.
     */
    public void store(RoutingContext ctx, RawMessage message, Consumer<RoutingContext> onStored, Runnable onNotStored) {
        Context context = Vertx.currentContext();
        boolean[] answered = {false};
        long timer = ctx.vertx().setTimer(ackTimeoutMillis, id -> {
            if (!answered[0]) {
                answered[0] = true;
                metrics.rejected(message.channel(), "unavailable");
                onNotStored.run();
                HttpErrors.unavailable(ctx.response(), retryAfterSeconds,
                        "the message broker did not confirm storage in time; retry later");
            }
        });
        journal.append(message).whenComplete((metadata, error) -> context.runOnContext(v -> {
            if (answered[0]) {
                return;
            }
            answered[0] = true;
            ctx.vertx().cancelTimer(timer);
            if (error == null) {
                metrics.accepted(message.channel());
                onStored.accept(ctx);
            } else {
                LOG.warnf("Could not store %s message: %s", message.channel().wireName(), error.toString());
                metrics.rejected(message.channel(), "unavailable");
                onNotStored.run();
                HttpErrors.unavailable(ctx.response(), retryAfterSeconds,
                        error instanceof RawMessageJournal.JournalOverloadedException
                                ? "the gateway is overloaded; retry later"
                                : "the message could not be stored; retry later");
            }
        }));
    }
}
