package io.switchboard.bench.load;

import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * bench/run's tools, one per sub-command; every result goes to a .properties file that
 * {@code report} turns into the summary table. Arguments are {@code --name value} pairs.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: closed|open|create-topic|records|lag|await-drained|histogram|free-port|report --name value …");
        }
        Map<String, String> a = options(args);
        switch (args[0]) {
            case "closed" -> closed(a);
            case "open" -> open(a);
            case "create-topic" -> {
                try (KafkaProbe probe = new KafkaProbe(a.get("bootstrap"))) {
                    probe.createTopic(a.get("topic"), Integer.parseInt(a.get("partitions")));
                }
            }
            case "records" -> {
                try (KafkaProbe probe = new KafkaProbe(a.get("bootstrap"))) {
                    System.out.println(probe.records(a.get("topic")));
                }
            }
            case "lag" -> {
                try (KafkaProbe probe = new KafkaProbe(a.get("bootstrap"))) {
                    System.out.println(probe.lag(a.get("group"), a.get("topic")));
                }
            }
            case "await-drained" -> {
                try (KafkaProbe probe = new KafkaProbe(a.get("bootstrap"))) {
                    long before = probe.lag(a.get("group"), a.get("topic"));
                    double seconds = probe.awaitDrained(a.get("group"), a.get("topic"),
                            Duration.ofSeconds(Long.parseLong(a.get("timeout"))));
                    System.out.printf("%d %.1f%n", before, seconds);
                }
            }
            case "histogram" -> histogram(a);
            case "free-port" -> System.out.println(freePort(Boolean.parseBoolean(a.getOrDefault("pair", "false"))));
            case "report" -> Report.print(Path.of(a.get("dir")));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void closed(Map<String, String> a) throws Exception {
        HttpLoad.Settings settings = new HttpLoad.Settings("127.0.0.1", Integer.parseInt(a.get("port")),
                Integer.parseInt(a.get("connections")), seconds(a.get("warmup")), seconds(a.get("duration")), 0,
                seconds(a.getOrDefault("timeout", "10")));
        Requests requests = Requests.of(a.getOrDefault("channel", "chat"), "127.0.0.1", settings.port(), a.get("path"),
                a.get("run-id"), a.get("secret"));
        long cpu0 = processCpuNanos();
        HttpLoad.Result r = new HttpLoad(settings, requests, null).run();
        long cpu1 = processCpuNanos();
        Properties p = new Properties();
        p.setProperty("cores_client", String.format("%.2f",
                (cpu1 - cpu0) / (double) (settings.warmupNanos() + settings.durationNanos())));
        p.setProperty("target", a.get("target"));
        p.setProperty("connections", a.get("connections"));
        p.setProperty("round", a.getOrDefault("round", "1"));
        p.setProperty("body_bytes", Integer.toString(requests.body(0).length));
        putLatencies(p, "", r.latencies, r.measuredResponses, r.measuredSeconds);
        putCounts(p, r);
        write(p, Path.of(a.get("out")));
        System.out.printf("%-8s c=%-3s %8.0f req/s  p50 %6.2f ms  p99 %7.2f ms  non-2xx %d  errors %d  timeouts %d%n",
                a.get("target"), a.get("connections"), Double.parseDouble(p.getProperty("rps")),
                Double.parseDouble(p.getProperty("p50_ms")), Double.parseDouble(p.getProperty("p99_ms")),
                Long.parseLong(p.getProperty("non2xx")), r.errors, r.timeouts);
    }

    private static void open(Map<String, String> a) throws Exception {
        double rate = Double.parseDouble(a.get("rate"));
        long warmup = seconds(a.get("warmup"));
        long duration = seconds(a.get("duration"));
        HttpLoad.Settings settings = new HttpLoad.Settings("127.0.0.1", Integer.parseInt(a.get("port")),
                Integer.parseInt(a.get("connections")), warmup, duration, rate, seconds(a.getOrDefault("timeout", "10")));
        String runId = a.get("run-id");
        Requests requests = Requests.of(a.getOrDefault("channel", "chat"), "127.0.0.1", settings.port(), a.get("path"), runId,
                a.get("secret"));
        int capacity = (int) (rate * (warmup + duration) / 1e9 * 1.05) + 1000;
        long[] due = new long[capacity];
        int[] status = new int[capacity];
        String bootstrap = a.get("bootstrap");
        String group = a.get("group");
        String raw = a.get("raw-topic");
        Properties p = new Properties();
        try (KafkaProbe probe = new KafkaProbe(bootstrap)) {
            QueueWatcher watcher = new QueueWatcher(bootstrap, a.get("queue-topic"), probe.partitions(a.get("queue-topic")),
                    runId, capacity);
            watcher.start();
            LagSampler lags = new LagSampler(bootstrap, group, raw);
            lags.start();
            HttpLoad.Result r = new HttpLoad(settings, requests, new HttpLoad.Listener() {
                @Override
                public void sent(long seq, long dueNanos) {
                    due[(int) seq] = dueNanos;
                }

                @Override
                public void answered(long seq, int code, long nowNanos) {
                    status[(int) seq] = code;
                }
            }).run();
            List<String> samples = lags.stop();
            long loadEnded = System.nanoTime();
            long drainDeadline = loadEnded + seconds(a.getOrDefault("drain-timeout", "60"));
            int sent = (int) r.totalSent;
            int missing;
            do {
                missing = 0;
                for (int i = 0; i < sent; i++) {
                    if (status[i] / 100 == 2 && watcher.consumedAt(i) == 0) {
                        missing++;
                    }
                }
                if (missing > 0) {
                    Thread.sleep(500);
                }
            } while (missing > 0 && System.nanoTime() < drainDeadline);
            double waitedForQueue = (System.nanoTime() - loadEnded) / 1e9;
            Thread.sleep(1000); // a late duplicate would still show up
            watcher.stop();
            long measureStart = due[0] + warmup;
            Latencies e2e = new Latencies();
            long recordsWithout2xx = 0;
            for (int i = 0; i < sent; i++) {
                long consumed = watcher.consumedAt(i);
                if (consumed != 0 && status[i] / 100 != 2) {
                    recordsWithout2xx++;
                }
                if (consumed != 0 && status[i] / 100 == 2 && due[i] >= measureStart) {
                    e2e.add(consumed - due[i]);
                }
            }
            p.setProperty("target_rate", String.format("%.0f", rate));
            p.setProperty("connections", a.get("connections"));
            p.setProperty("duration_s", String.format("%.0f", duration / 1e9));
            putLatencies(p, "", r.latencies, r.measuredResponses, r.measuredSeconds);
            putLatencies(p, "from_send_", r.latenciesFromSend, r.measuredResponses, r.measuredSeconds);
            putLatencies(p, "e2e_", e2e, e2e.count(), r.measuredSeconds);
            putCounts(p, r);
            p.setProperty("max_backlog", Long.toString(r.maxBacklog));
            p.setProperty("timeline_max_ms", String.join(" ",
                    r.maxPerSecondNanos.stream().map(n -> Long.toString(n / 1_000_000)).toList()));
            p.setProperty("unsent_at_end", Long.toString(r.unsentAtEnd));
            p.setProperty("queue_records_matched", Long.toString(watcher.matched()));
            p.setProperty("queue_duplicates", Long.toString(watcher.duplicates()));
            p.setProperty("queue_foreign_records", Long.toString(watcher.foreign()));
            p.setProperty("twoxx_without_queue_record", Integer.toString(missing));
            p.setProperty("queue_records_without_2xx", Long.toString(recordsWithout2xx));
            p.setProperty("waited_for_queue_s", String.format("%.1f", waitedForQueue));
            p.setProperty("raw_lag_samples", String.join(" ", samples));
            p.setProperty("raw_lag_after_drain", Long.toString(probe.lag(group, raw)));
        }
        write(p, Path.of(a.get("out")));
        System.out.printf("open loop %s req/s for %ss: %s req/s answered, p50 %s ms p99 %s ms; e2e p50 %s ms p99 %s ms;"
                        + " 2xx %s, queue records %s, 2xx without record %s; raw lag %s%n",
                p.get("target_rate"), p.get("duration_s"), p.get("rps"), p.get("p50_ms"), p.get("p99_ms"),
                p.get("e2e_p50_ms"), p.get("e2e_p99_ms"), p.get("total_2xx"), p.get("queue_records_matched"),
                p.get("twoxx_without_queue_record"), p.get("raw_lag_samples"));
    }

    private static void histogram(Map<String, String> a) throws IOException {
        PrometheusHistogram h = PrometheusHistogram.difference(Path.of(a.get("before")), Path.of(a.get("after")),
                a.get("metric"), a.getOrDefault("labels", ""));
        Properties p = new Properties();
        p.setProperty("count", String.format("%.0f", h.count));
        p.setProperty("mean_ms", String.format("%.2f", h.count > 0 ? h.sum / h.count * 1000 : Double.NaN));
        for (double q : new double[] {0.5, 0.99, 0.999}) {
            String name = q == 0.5 ? "p50" : q == 0.99 ? "p99" : "p999";
            p.setProperty(name + "_ms", String.format("%.2f", h.quantile(q) * 1000));
            p.setProperty(name + "_bucket_le_ms", String.format("%.2f", h.quantileBucketUpperBound(q) * 1000));
        }
        write(p, Path.of(a.get("out")));
        System.out.printf("%s: %s observations, p50 %s ms, p99 %s ms (bucket ≤ %s ms)%n", a.get("metric"),
                p.get("count"), p.get("p50_ms"), p.get("p99_ms"), p.get("p99_bucket_le_ms"));
    }

    private static void putLatencies(Properties p, String prefix, Latencies l, long responses, double seconds) {
        double[] q = l.percentilesMillis(50, 90, 99, 99.9, 100);
        p.setProperty(prefix + "responses", Long.toString(responses));
        p.setProperty(prefix + "rps", String.format("%.0f", responses / seconds));
        p.setProperty(prefix + "p50_ms", String.format("%.2f", q[0]));
        p.setProperty(prefix + "p90_ms", String.format("%.2f", q[1]));
        p.setProperty(prefix + "p99_ms", String.format("%.2f", q[2]));
        p.setProperty(prefix + "p999_ms", String.format("%.2f", q[3]));
        p.setProperty(prefix + "max_ms", String.format("%.2f", q[4]));
    }

    private static void putCounts(Properties p, HttpLoad.Result r) {
        long non2xx = r.measuredResponses - r.measured2xx;
        p.setProperty("non2xx", Long.toString(non2xx));
        StringBuilder statuses = new StringBuilder();
        r.statusCounts.forEach((s, n) -> statuses.append(s).append(':').append(n).append(' '));
        p.setProperty("statuses", statuses.toString().trim());
        p.setProperty("errors", Long.toString(r.errors));
        p.setProperty("timeouts", Long.toString(r.timeouts));
        p.setProperty("total_sent", Long.toString(r.totalSent));
        p.setProperty("total_2xx", Long.toString(r.total2xx));
    }

    static void write(Properties p, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            new TreeMap<>(p).forEach((k, v) -> {
                try {
                    w.write(k + "=" + v + "\n");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    private static int freePort(boolean pair) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            if (!pair) {
                return port;
            }
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IOException("no free port pair found");
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long seconds(String value) {
        return (long) (Double.parseDouble(value) * 1e9);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> map = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value at " + args[i]);
            }
            map.put(args[i].substring(2), args[i + 1]);
        }
        return map;
    }

    /** Samples a consumer group's lag every 5 s while the load runs, to show whether it grows. */
    private static final class LagSampler {
        private final String group;
        private final String topic;
        private final KafkaProbe probe;
        private final List<String> samples = new ArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        LagSampler(String bootstrap, String group, String topic) {
            this.group = group;
            this.topic = topic;
            this.probe = new KafkaProbe(bootstrap);
            this.thread = new Thread(this::sample, "lag-sampler");
        }

        void start() {
            thread.start();
        }

        private void sample() {
            long start = System.nanoTime();
            while (running) {
                try {
                    Thread.sleep(5000);
                    long lag = probe.lag(group, topic);
                    synchronized (samples) {
                        samples.add(String.format("%ds:%d", (System.nanoTime() - start) / 1_000_000_000L, lag));
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    synchronized (samples) {
                        samples.add("error:" + e.getClass().getSimpleName());
                    }
                }
            }
        }

        List<String> stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(10_000);
            probe.close();
            synchronized (samples) {
                return List.copyOf(samples);
            }
        }
    }
}
