package io.switchboard.bench.load;

import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * bench/run's tools, one per sub-command; every result goes to a .properties file that
 * {@code report} turns into the summary table. Arguments are {@code --name value} pairs.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: closed|open|replies|conversations|create-topic|records|lag|await-drained|sample-stages"
                    + "|histogram|free-port|report|report-durability|report-outbound --name value …");
        }
        Map<String, String> a = options(args);
        switch (args[0]) {
            case "closed" -> closed(a);
            case "open" -> open(a);
            case "replies" -> replies(a);
            case "conversations" -> {
                try (KafkaProbe probe = new KafkaProbe(a.get("bootstrap"))) {
                    Files.write(Path.of(a.get("out")), probe.distinctValues(a.get("topic"), "conversationId",
                            Integer.parseInt(a.getOrDefault("max", "500"))));
                }
            }
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
            case "sample-stages" -> sampleStages(a);
            case "histogram" -> histogram(a);
            case "free-port" -> System.out.println(freePort(Boolean.parseBoolean(a.getOrDefault("pair", "false"))));
            case "report" -> Report.print(Path.of(a.get("dir")));
            case "report-durability" -> DurabilityReport.print(Path.of(a.get("dir")));
            case "report-outbound" -> OutboundReport.print(Path.of(a.get("dir")));
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
        String group = a.get("group"); // absent for the bare route: nothing consumes its topic
        String raw = a.get("raw-topic");
        Properties p = new Properties();
        try (KafkaProbe probe = new KafkaProbe(bootstrap)) {
            QueueWatcher watcher = new QueueWatcher(bootstrap, probe.partitions(a.get("queue-topic")), runId, capacity,
                    a.getOrDefault("id-field", QueueWatcher.CONTACT_ID_FIELD), null);
            watcher.start();
            LagSampler lags = group == null ? null : new LagSampler(bootstrap, group, raw);
            if (lags != null) {
                lags.start();
            }
            HttpLoad.Result r = new HttpLoad(settings, requests, recording(due, status)).run();
            List<String> samples = lags == null ? List.of() : lags.stop();
            long loadEnded = System.nanoTime();
            long drainDeadline = loadEnded + seconds(a.getOrDefault("drain-timeout", "60"));
            int sent = (int) r.totalSent;
            int missing;
            do {
                missing = 0;
                for (int i = 0; i < sent; i++) {
                    if (status[i] / 100 == 2 && watcher.arrivals().at(i) == 0) {
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
                long consumed = watcher.arrivals().at(i);
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
            p.setProperty("queue_records_matched", Long.toString(watcher.arrivals().matched()));
            p.setProperty("queue_duplicates", Long.toString(watcher.arrivals().duplicates()));
            p.setProperty("queue_foreign_records", Long.toString(watcher.arrivals().foreign()));
            p.setProperty("twoxx_without_queue_record", Integer.toString(missing));
            p.setProperty("queue_records_without_2xx", Long.toString(recordsWithout2xx));
            p.setProperty("waited_for_queue_s", String.format("%.1f", waitedForQueue));
            p.setProperty("raw_lag_samples", String.join(" ", samples));
            p.setProperty("raw_lag_after_drain", group == null ? "" : Long.toString(probe.lag(group, raw)));
        }
        write(p, Path.of(a.get("out")));
        System.out.printf("open loop %s req/s for %ss: %s req/s answered, p50 %s ms p99 %s ms; e2e p50 %s ms p99 %s ms;"
                        + " 2xx %s, queue records %s, 2xx without record %s; raw lag %s%n",
                p.get("target_rate"), p.get("duration_s"), p.get("rps"), p.get("p50_ms"), p.get("p99_ms"),
                p.get("e2e_p50_ms"), p.get("e2e_p99_ms"), p.get("total_2xx"), p.get("queue_records_matched"),
                p.get("twoxx_without_queue_record"), p.get("raw_lag_samples"));
    }

    /** Samples a gateway's pipeline stages ({@link StageSampler}) for {@code --seconds}. */
    private static void sampleStages(Map<String, String> a) throws Exception {
        try (StageSampler sampler = new StageSampler(Long.parseLong(a.get("pid")), "contact-pipeline-",
                StageSampler.stagesOf(Path.of(a.get("stages"))), Long.parseLong(a.getOrDefault("interval-ms", "20")))) {
            sampler.start();
            double seconds = Double.parseDouble(a.get("seconds"));
            Thread.sleep((long) (seconds * 1000));
            Properties p = sampler.stop();
            p.setProperty("seconds", a.get("seconds"));
            write(p, Path.of(a.get("out")));
        }
    }

    /**
     * Replies at a fixed rate (open loop, like {@link #open}) to conversations the gateway holds, with the chat
     * backend stood in for by {@link ReplyStandIn}, and {@code switchboard.outbound.status} read from its end: per
     * reply, POST answered, reply arrived at the stand-in, {@code sent} published; then waits until every accepted
     * reply is sent or failed (or the drain timeout). Dispatch rate = replies that arrived ÷ first to last arrival.
     * With {@code --via kafka}, rate × duration reply commands go straight onto {@code --command-topic} at once
     * instead (as an agent tool puts them), so the dispatcher is measured without the POST path in front of it.
     */
    private static void replies(Map<String, String> a) throws Exception {
        double rate = Double.parseDouble(a.get("rate"));
        long duration = seconds(a.get("duration"));
        int port = Integer.parseInt(a.get("port"));
        HttpLoad.Settings settings = new HttpLoad.Settings("127.0.0.1", port, Integer.parseInt(a.get("connections")), 0,
                duration, rate, seconds(a.getOrDefault("timeout", "10")));
        String runId = a.get("run-id");
        List<String> conversations = Files.readAllLines(Path.of(a.get("conversations"))).stream()
                .filter(line -> !line.isBlank()).toList();
        ReplyRequests requests = new ReplyRequests("127.0.0.1", port, runId, a.get("key"), conversations);
        boolean viaKafka = "kafka".equals(a.getOrDefault("via", "http"));
        int capacity = (int) (rate * duration / 1e9 * 1.05) + 1000;
        long[] due = new long[capacity];
        int[] status = new int[capacity];
        String bootstrap = a.get("bootstrap");
        Properties p = new Properties();
        try (KafkaProbe probe = new KafkaProbe(bootstrap);
                ReplyStandIn standIn = new ReplyStandIn(Integer.parseInt(a.get("standin-port")), runId, capacity)) {
            List<org.apache.kafka.common.TopicPartition> partitions = probe.partitions(a.get("status-topic"));
            QueueWatcher sent = new QueueWatcher(bootstrap, partitions, runId, capacity, "replyId", "\"status\":\"sent\"");
            QueueWatcher failed = new QueueWatcher(bootstrap, partitions, runId, capacity, "replyId", "\"status\":\"failed\"");
            sent.start();
            failed.start();
            HttpLoad.Result r = viaKafka ? null : new HttpLoad(settings, requests, recording(due, status)).run();
            int total = viaKafka ? produceCommands(bootstrap, a.get("command-topic"), requests,
                    (int) (rate * duration / 1e9), due, status) : (int) r.totalSent;
            long loadEnded = System.nanoTime();
            long drainDeadline = loadEnded + seconds(a.getOrDefault("drain-timeout", "120"));
            int pending;
            do {
                pending = 0;
                for (int i = 0; i < total; i++) {
                    if (status[i] / 100 == 2 && sent.arrivals().at(i) == 0 && failed.arrivals().at(i) == 0) {
                        pending++;
                    }
                }
                if (pending > 0) {
                    Thread.sleep(500);
                }
            } while (pending > 0 && System.nanoTime() < drainDeadline);
            p.setProperty("waited_after_load_s", String.format("%.1f", (System.nanoTime() - loadEnded) / 1e9));
            Thread.sleep(1000); // a late second status would still show up
            sent.stop();
            failed.stop();
            Latencies toStandIn = new Latencies();
            Latencies toSent = new Latencies();
            long[] arrivals = {Long.MAX_VALUE, 0};
            long[] sentSpan = {Long.MAX_VALUE, 0};
            for (int i = 0; i < total; i++) {
                if (status[i] / 100 != 2) {
                    continue;
                }
                long arrived = standIn.arrivals().at(i);
                if (arrived != 0) {
                    toStandIn.add(arrived - due[i]);
                    arrivals[0] = Math.min(arrivals[0], arrived);
                    arrivals[1] = Math.max(arrivals[1], arrived);
                }
                long sentAt = sent.arrivals().at(i);
                if (sentAt != 0) {
                    toSent.add(sentAt - due[i]);
                    sentSpan[0] = Math.min(sentSpan[0], sentAt);
                    sentSpan[1] = Math.max(sentSpan[1], sentAt);
                }
            }
            p.setProperty("target_rate", String.format("%.0f", rate));
            p.setProperty("duration_s", String.format("%.0f", duration / 1e9));
            double window = duration / 1e9;
            putLatencies(p, "to_standin_", toStandIn, toStandIn.count(), window);
            putLatencies(p, "to_sent_", toSent, toSent.count(), window);
            if (r != null) {
                putLatencies(p, "post_", r.latencies, r.measuredResponses, r.measuredSeconds);
                putCounts(p, r);
                p.setProperty("unsent_at_end", Long.toString(r.unsentAtEnd));
            } else {
                long acked = Arrays.stream(status, 0, total).filter(code -> code == 200).count();
                p.setProperty("via", "kafka");
                p.setProperty("total_sent", Integer.toString(total));
                p.setProperty("total_2xx", Long.toString(acked));
                p.setProperty("non2xx", Long.toString(total - acked));
            }
            p.setProperty("arrived", Long.toString(standIn.arrivals().matched()));
            p.setProperty("resends", Long.toString(standIn.arrivals().duplicates()));
            p.setProperty("foreign_arrivals", Long.toString(standIn.arrivals().foreign()));
            p.setProperty("sent_statuses", Long.toString(sent.arrivals().matched()));
            p.setProperty("failed_statuses", Long.toString(failed.arrivals().matched()));
            p.setProperty("pending_at_end", Integer.toString(pending));
            p.setProperty("dispatch_rate", rateOver(toStandIn.count(), arrivals));
            p.setProperty("sent_status_rate", rateOver(toSent.count(), sentSpan));
        }
        write(p, Path.of(a.get("out")));
        System.out.printf("replies %s/s for %ss: %s accepted, %s arrived (%s/s), %s sent statuses (%s/s); POST→sent p50 %s"
                        + " p99 %s ms; pending %s%n", p.get("target_rate"), p.get("duration_s"), p.get("total_2xx"),
                p.get("arrived"), p.get("dispatch_rate"), p.get("sent_statuses"), p.get("sent_status_rate"),
                p.get("to_sent_p50_ms"), p.get("to_sent_p99_ms"), p.get("pending_at_end"));
    }

    /** Puts {@code n} reply commands on the topic at once; due = when each was handed to the producer, 200 once acked. */
    private static int produceCommands(String bootstrap, String topic, ReplyRequests requests, int n, long[] due,
            int[] status) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                int seq = i;
                due[seq] = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, requests.conversation(seq), requests.body(seq)),
                        (metadata, e) -> status[seq] = e == null ? 200 : 500);
            }
            producer.flush();
        }
        return n;
    }

    /** Notes each request's due time and answer status by sequence number. */
    private static HttpLoad.Listener recording(long[] due, int[] status) {
        return new HttpLoad.Listener() {
            @Override
            public void sent(long seq, long dueNanos) {
                due[(int) seq] = dueNanos;
            }

            @Override
            public void answered(long seq, int code, long nowNanos) {
                status[(int) seq] = code;
            }
        };
    }

    /** Events per second between the first and the last of {@code n} events ({@code span} = first, last nanos). */
    private static String rateOver(long n, long[] span) {
        return n < 2 || span[1] <= span[0] ? "" : String.format("%.0f", (n - 1) / ((span[1] - span[0]) / 1e9));
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
