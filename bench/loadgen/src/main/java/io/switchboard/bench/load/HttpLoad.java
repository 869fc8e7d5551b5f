package io.switchboard.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One selector thread driving keep-alive HTTP/1.1 connections, like wrk. Closed loop: every connection
 * sends its next request as soon as the previous answer arrived. Open loop: requests are due at a fixed
 * rate whatever the server does; a due request waits for a free connection and its latency is counted
 * from when it was due, so a slow server cannot hide its queueing (no coordinated omission).
 */
final class HttpLoad {

    record Settings(String host, int port, int connections, long warmupNanos, long durationNanos, double rate,
            long timeoutNanos) {
        boolean openLoop() {
            return rate > 0;
        }
    }

    /** Per-request callbacks, on the load thread; seq numbers start at 0 and include the warm-up. */
    interface Listener {
        void sent(long seq, long dueNanos);

        void answered(long seq, int status, long nowNanos);
    }

    static final class Result {
        final Latencies latencies = new Latencies();
        final Latencies latenciesFromSend = new Latencies();
        final Map<Integer, Long> statusCounts = new TreeMap<>();
        long measuredResponses;
        long measured2xx;
        long errors;
        long timeouts;
        long total2xx;
        long totalSent;
        long maxBacklog;
        long unsentAtEnd;
        /** Open loop: the worst latency of requests due in each second of the run. */
        final List<Long> maxPerSecondNanos = new ArrayList<>();
        double measuredSeconds;
    }

    private static final class Conn {
        SocketChannel channel;
        SelectionKey key;
        ByteBuffer out;
        byte[] in = new byte[16 * 1024];
        int inLength;
        boolean busy;
        long seq;
        long dueNanos;
        long sentNanos;
    }

    private final Settings settings;
    private final Requests requests;
    private final Listener listener;
    private final Result result = new Result();
    private final ArrayDeque<Long> backlog = new ArrayDeque<>();
    private final ArrayDeque<Conn> idle = new ArrayDeque<>();
    private Selector selector;
    private long nextSeq;
    private long measureStart;
    private long end;
    private boolean stopping;

    HttpLoad(Settings settings, Requests requests, Listener listener) {
        this.settings = settings;
        this.requests = requests;
        this.listener = listener;
    }

    Result run() throws IOException {
        selector = Selector.open();
        List<Conn> conns = new ArrayList<>();
        for (int i = 0; i < settings.connections(); i++) {
            Conn c = new Conn();
            connect(c);
            conns.add(c);
        }
        long start = System.nanoTime();
        measureStart = start + settings.warmupNanos();
        end = measureStart + settings.durationNanos();
        long interval = settings.openLoop() ? (long) (1e9 / settings.rate()) : 0;
        long nextDue = start;
        long nextTimeoutScan = start;
        if (!settings.openLoop()) {
            for (Conn c : conns) {
                send(c, start);
            }
        } else {
            idle.addAll(conns);
        }
        long drainDeadline = Long.MAX_VALUE;
        while (true) {
            long now = System.nanoTime();
            if (!stopping && now >= end) {
                stopping = true;
                drainDeadline = now + settings.timeoutNanos();
                result.unsentAtEnd = backlog.size();
                backlog.clear();
            }
            if (stopping && (conns.stream().noneMatch(c -> c.busy) || now >= drainDeadline)) {
                break;
            }
            if (settings.openLoop() && !stopping) {
                while (nextDue <= now && nextDue < end) {
                    backlog.add(nextDue);
                    nextDue += interval;
                }
                result.maxBacklog = Math.max(result.maxBacklog, backlog.size());
                dispatchBacklog(now);
            }
            if (now >= nextTimeoutScan) {
                for (Conn c : conns) {
                    if (c.busy && now - c.sentNanos > settings.timeoutNanos()) {
                        result.timeouts++;
                        reconnect(c, now);
                    }
                }
                nextTimeoutScan = now + 100_000_000L;
            }
            long waitMillis = settings.openLoop() && !stopping ? Math.max(1, (nextDue - now) / 1_000_000) : 50;
            selector.select(waitMillis);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                Conn c = (Conn) key.attachment();
                try {
                    if (key.isValid() && key.isWritable()) {
                        write(c);
                    }
                    if (key.isValid() && key.isReadable()) {
                        read(c);
                    }
                } catch (IOException e) {
                    result.errors++;
                    reconnect(c, System.nanoTime());
                }
            }
        }
        for (Conn c : conns) {
            if (c.busy) {
                result.timeouts++;
            }
            c.channel.close();
        }
        selector.close();
        result.measuredSeconds = settings.durationNanos() / 1e9;
        return result;
    }

    private void connect(Conn c) throws IOException {
        c.channel = SocketChannel.open();
        c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        c.channel.connect(new InetSocketAddress(settings.host(), settings.port()));
        c.channel.configureBlocking(false);
        c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
        c.inLength = 0;
        c.busy = false;
    }

    /** A broken or timed-out connection is replaced; closed loop resumes sending on the new one. */
    private void reconnect(Conn c, long now) {
        idle.remove(c);
        try {
            c.key.cancel();
            c.channel.close();
        } catch (IOException ignored) {
            // closing a broken socket
        }
        try {
            connect(c);
        } catch (IOException e) {
            result.errors++;
            sleepQuietly();
            return;
        }
        if (stopping) {
            return;
        }
        if (settings.openLoop()) {
            idle.add(c);
            dispatchBacklog(now);
        } else {
            send(c, now);
        }
    }

    private void dispatchBacklog(long now) {
        while (!backlog.isEmpty() && !idle.isEmpty()) {
            Conn c = idle.poll();
            if (c.channel.isOpen()) {
                send(c, backlog.poll());
            }
        }
    }

    private void send(Conn c, long dueNanos) {
        long seq = nextSeq++;
        c.seq = seq;
        c.dueNanos = dueNanos;
        c.out = ByteBuffer.wrap(requests.request(seq));
        c.busy = true;
        c.sentNanos = System.nanoTime();
        result.totalSent++;
        if (listener != null) {
            listener.sent(seq, dueNanos);
        }
        try {
            write(c);
        } catch (IOException e) {
            result.errors++;
            reconnect(c, c.sentNanos);
        }
    }

    private void write(Conn c) throws IOException {
        c.channel.write(c.out);
        c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void read(Conn c) throws IOException {
        if (c.inLength == c.in.length) {
            c.in = java.util.Arrays.copyOf(c.in, c.in.length * 2);
        }
        int n = c.channel.read(ByteBuffer.wrap(c.in, c.inLength, c.in.length - c.inLength));
        if (n < 0) {
            throw new IOException("server closed the connection");
        }
        c.inLength += n;
        int length = HttpResponses.completeLength(c.in, c.inLength);
        if (length == HttpResponses.INCOMPLETE) {
            return;
        }
        long now = System.nanoTime();
        int status = HttpResponses.status(c.in);
        boolean closes = HttpResponses.closes(c.in, c.inLength);
        System.arraycopy(c.in, length, c.in, 0, c.inLength - length);
        c.inLength -= length;
        c.busy = false;
        record(c, status, now);
        if (closes) {
            reconnect(c, now);
        } else if (!stopping) {
            if (settings.openLoop()) {
                idle.add(c);
                dispatchBacklog(now);
            } else {
                send(c, now);
            }
        }
    }

    private void record(Conn c, int status, long now) {
        boolean ok = status >= 200 && status < 300;
        if (ok) {
            result.total2xx++;
        }
        if (listener != null) {
            listener.answered(c.seq, status, now);
        }
        // closed loop: what completed inside the window (as wrk counts); open loop: what was due in it
        boolean measured = settings.openLoop() ? c.dueNanos >= measureStart : now >= measureStart && now < end;
        if (!measured) {
            return;
        }
        result.measuredResponses++;
        result.statusCounts.merge(status, 1L, Long::sum);
        if (ok) {
            result.measured2xx++;
        }
        result.latencies.add(now - (settings.openLoop() ? c.dueNanos : c.sentNanos));
        if (settings.openLoop()) {
            int second = (int) ((c.dueNanos - measureStart) / 1_000_000_000L);
            while (result.maxPerSecondNanos.size() <= second) {
                result.maxPerSecondNanos.add(0L);
            }
            result.maxPerSecondNanos.set(second, Math.max(result.maxPerSecondNanos.get(second), now - c.dueNanos));
        }
        result.latenciesFromSend.add(now - c.sentNanos);
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
