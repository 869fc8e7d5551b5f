package io.switchboard.bench.load;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Wall-clock stage shares of a running gateway's pipeline: every few milliseconds the stacks of its
 * {@code contact-pipeline-*} threads are read over JMX (attached to the process) and each thread is counted in the
 * route stage whose bean method is on its stack, whatever it is doing there (computing, waiting for PostgreSQL's
 * answer, for a broker ack). CPU profilers miss exactly that waiting, which is where a durable commit costs.
 * The stages are the route's own {@code bean: ref/method} steps, read from its YAML file; a bean named
 * {@code erasureFilter} is found as a frame of class {@code ErasureFilter}.
 */
final class StageSampler implements AutoCloseable {

    static final String POLL = "outside-the-route.kafka-poll";
    static final String COMMIT = "outside-the-route.kafka-transaction-commit";
    static final String OTHER = "outside-the-route.other";

    record Stage(String label, String simpleClassName, String method) {}

    private static final Pattern REF = Pattern.compile("^\\s*ref:\\s*(\\S+)\\s*$");
    private static final Pattern METHOD = Pattern.compile("^\\s*method:\\s*(\\S+)\\s*$");

    private final List<Stage> stages;
    private final String threadPrefix;
    private final long intervalMillis;
    private final JMXConnector connector;
    private final ThreadMXBean threads;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Thread sampler = new Thread(this::sample, "stage-sampler");
    private volatile boolean running = true;
    private int threadCount;
    private long samples;
    private long rounds;
    private long sampleNanos;

    StageSampler(long pid, String threadPrefix, List<Stage> stages, long intervalMillis) throws Exception {
        this.stages = stages;
        this.threadPrefix = threadPrefix;
        this.intervalMillis = intervalMillis;
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        threads = ManagementFactory.newPlatformMXBeanProxy(connector.getMBeanServerConnection(),
                ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
        stages.forEach(s -> counts.put(s.label(), 0L));
        counts.put(POLL, 0L);
        counts.put(COMMIT, 0L);
        counts.put(OTHER, 0L);
    }

    /** The {@code bean:} steps of a Camel YAML route file, in route order. */
    static List<Stage> stagesOf(Path routeFile) throws IOException {
        List<Stage> stages = new ArrayList<>();
        String ref = null;
        for (String line : Files.readAllLines(routeFile)) {
            Matcher r = REF.matcher(line);
            Matcher m = METHOD.matcher(line);
            if (r.matches()) {
                ref = r.group(1);
            } else if (m.matches() && ref != null) {
                String bean = ref;
                stages.add(new Stage(bean + "." + m.group(1), Character.toUpperCase(bean.charAt(0)) + bean.substring(1),
                        m.group(1)));
                ref = null;
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("no bean steps (ref:/method:) in " + routeFile);
        }
        return stages;
    }

    void start() {
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        long[] ids = pipelineThreads();
        threadCount = ids.length;
        while (running) {
            long t0 = System.nanoTime();
            ThreadInfo[] infos = threads.getThreadInfo(ids, Integer.MAX_VALUE);
            sampleNanos += System.nanoTime() - t0;
            rounds++;
            for (ThreadInfo info : infos) {
                if (info != null) {
                    counts.merge(classify(info.getStackTrace()), 1L, Long::sum);
                    samples++;
                }
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long[] pipelineThreads() {
        long[] all = threads.getAllThreadIds();
        return Arrays.stream(threads.getThreadInfo(all, 0))
                .filter(i -> i != null && i.getThreadName().startsWith(threadPrefix))
                .mapToLong(ThreadInfo::getThreadId).toArray();
    }

    private String classify(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String className = frame.getClassName();
            String simple = className.substring(className.lastIndexOf('.') + 1);
            for (Stage stage : stages) {
                if (simple.equals(stage.simpleClassName()) && frame.getMethodName().equals(stage.method())) {
                    return stage.label();
                }
            }
        }
        for (StackTraceElement frame : stack) {
            String method = frame.getMethodName();
            if (method.equals("commitTransaction") || method.equals("sendOffsetsToTransaction")) {
                return COMMIT;
            }
            if (method.equals("poll") && frame.getClassName().contains("KafkaConsumer")) {
                return POLL;
            }
        }
        return OTHER;
    }

    /** Stops sampling; the shares as {@code stage.NN.<label>=<samples>} plus totals. */
    Properties stop() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join(10_000);
        Properties p = new Properties();
        p.setProperty("samples", Long.toString(samples));
        p.setProperty("interval_ms", Long.toString(intervalMillis));
        p.setProperty("threads", Integer.toString(threadCount));
        p.setProperty("mean_sample_ms", String.format("%.2f", rounds == 0 ? 0 : sampleNanos / 1e6 / rounds));
        int i = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            p.setProperty(String.format("stage.%02d.%s", i++, e.getKey()), Long.toString(e.getValue()));
        }
        return p;
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
