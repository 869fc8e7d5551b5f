package io.switchboard.outbound;

import io.quarkus.arc.Unremovable;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.store.Database;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends due replies, one worker per channel, so a slow or dead channel API holds up only its own replies (and never
 * inbound intake, which shares no thread with it). Each run of a channel's worker claims due replies with a lease,
 * the oldest unsent one of each conversation ({@link ReplyStore#claimDue}), and sends up to
 * {@code switchboard.outbound.concurrency} of them at once, one attempt each with its outcome recorded right after
 * it; a claim whose holder died expires and the reply is attempted again, flagged a possible duplicate where the
 * channel cannot recognise a resend.
 */
@Singleton
@Named("replyDispatcher")
@Unremovable
public class ReplyDispatcher {

    private static final Logger LOG = Logger.getLogger(ReplyDispatcher.class);

    private final Database database;
    private final ReplyIntake intake;
    private final RetryPolicy retries;
    private final Clock clock;
    private final Duration lease;
    private final int batch;
    private final Map<Channel, ExecutorService> workers = new EnumMap<>(Channel.class);
    private final Map<Channel, ExecutorService> senders = new EnumMap<>(Channel.class);
    private final Map<Channel, AtomicBoolean> running = new EnumMap<>(Channel.class);
    /**
     * Outcome writes of all channels at once, bounded below the shared database pool: a send that succeeded and then
     * waited past the pool's timeout for a connection would stay unrecorded and be sent again after its lease.
     */
    private final Semaphore outcomeWrites = new Semaphore(OUTCOME_WRITERS);
    private static final int OUTCOME_WRITERS = 2;

    @Inject
    public ReplyDispatcher(Database database, ReplyIntake intake, RetryPolicy retries, SwitchboardConfig config) {
        this.database = database;
        this.intake = intake;
        this.retries = retries;
        this.clock = Clock.systemUTC();
        this.lease = config.outbound().lease();
        this.batch = config.outbound().dispatchBatch();
        for (Channel channel : Channel.values()) {
            workers.put(channel, Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "outbound-" + channel.wireName());
                t.setDaemon(true);
                return t;
            }));
            senders.put(channel, Executors.newFixedThreadPool(config.outbound().concurrency(), r -> {
                Thread t = new Thread(r, "outbound-" + channel.wireName() + "-sender");
                t.setDaemon(true);
                return t;
            }));
            running.put(channel, new AtomicBoolean());
        }
    }

    /** Starts a run on every channel whose worker is idle; returns at once. */
    public void dispatchDue() {
        for (Channel channel : Channel.values()) {
            AtomicBoolean busy = running.get(channel);
            if (busy.compareAndSet(false, true)) {
                workers.get(channel).execute(() -> {
                    try {
                        sendDue(channel);
                    } catch (Exception e) {
                        LOG.warnf("Outbound %s dispatch failed, next run retries: %s", channel.wireName(), e.toString());
                    } finally {
                        busy.set(false);
                    }
                });
            }
        }
    }

    private void sendDue(Channel channel) throws Exception {
        List<Reply> claimed;
        try (Connection c = database.connection()) {
            claimed = intake.store().claimDue(c, channel, lease, batch);
        }
        ChannelSender sender = intake.sender(channel);
        List<Future<Void>> sends = new ArrayList<>(claimed.size());
        for (Reply reply : claimed) {
            sends.add(senders.get(channel).submit(() -> sendOnce(sender, reply)));
        }
        Exception first = null;
        for (Future<Void> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private Void sendOnce(ChannelSender sender, Reply reply) throws Exception {
        SendOutcome outcome;
        try {
            outcome = sender.send(reply.message());
        } catch (MissingSendingSetting e) {
            outcome = new SendOutcome.Failed("sending_not_configured", e.getMessage());
        } catch (IllegalArgumentException e) {
            outcome = new SendOutcome.Failed("invalid_reply", e.getMessage());
        }
        ReplyStore.Outcome recorded = AttemptOutcomes.after(reply, outcome, sender.recognisesResends(), retries,
                clock.instant());
        outcomeWrites.acquire();
        try (Connection c = database.connection()) {
            intake.store().record(c, reply.replyId(), recorded);
        } finally {
            outcomeWrites.release();
        }
        return null;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        List<ExecutorService> all = new ArrayList<>(workers.values());
        all.addAll(senders.values());
        for (ExecutorService pool : all) {
            pool.shutdown();
        }
        for (ExecutorService pool : all) {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
