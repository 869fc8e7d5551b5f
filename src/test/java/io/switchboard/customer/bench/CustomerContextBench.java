package io.switchboard.customer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.switchboard.customer.CustomerContextTopic;
import io.switchboard.customer.CustomerResolver;
import io.switchboard.customer.CustomerSettings;
import io.switchboard.customer.CustomerStore;
import io.switchboard.customer.IdentityKeys;
import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import io.switchboard.kafka.EmbeddedKafkaBroker;
import io.switchboard.kafka.RawMessageJournal;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;

/**
 * Customer-context bench: loads N customers (3 identities and 1 contact each) into a real PostgreSQL,
 * then measures single-identity lookup latency and the resolution stage's throughput on batches of
 * 500 records (70% known people on a random identity, 30% new people), with contexts published to a
 * real Kafka broker and acknowledged before each commit, as in the pipeline.
 *
 * <pre>mvn -B -o test-compile && java -cp "target/classes:target/test-classes:$(cat target/bench.cp)" \
 *   io.switchboard.customer.bench.CustomerContextBench 1000000 2 40</pre>
 * (args: customers, threads, batches per thread; see bench/context/README.md).
 */
public final class CustomerContextBench {

    private static final int BATCH = 500;

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int batches = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        Path root = Files.createDirectories(Path.of("target/bench-context"));
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(root.resolve("pg")).setCleanDataDirectory(true)
                .setServerConfig("shared_buffers", "256MB").setServerConfig("synchronous_commit", "on").start()) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startOrAttach(new EmbeddedKafkaBroker.Settings(root.resolve("kafka"),
                    19092, 19093, Path.of("target/kafka-broker/lib"), "512m", Duration.ofSeconds(90)));
            try (AgroalDataSource ds = pool(pg.getJdbcUrl("postgres", "postgres"), threads + 2)) {
                Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
                long t0 = System.nanoTime();
                load(ds, customers);
                System.out.printf("loaded %,d customers (%,d identities, %,d contacts) in %.1f s%n", customers, 3L * customers,
                        customers, (System.nanoTime() - t0) / 1e9);
                lookups(ds, customers, 20_000);
                try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                        Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                    if (!admin.listTopics().names().get().contains("switchboard.customer-context")) {
                        admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("switchboard.customer-context", 6,
                                (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
                    }
                }
                Map<String, Object> producerSettings = new HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers()));
                ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
                CustomerContextTopic topic = new CustomerContextTopic(new KafkaProducer<>(
                        RawMessageJournal.producerSettings(producerSettings, 5, Duration.ofSeconds(30)),
                        new StringSerializer(), new ByteArraySerializer()), "switchboard.customer-context", json);
                CustomerSettings settings = new CustomerSettings(new IdentityKeys(
                        List.of("phone", "email", "wechat-openid", "wechat-unionid", "chat-visitor", "crm"), "CN"),
                        Duration.ofHours(72), 5, 5, List.of());
                CustomerResolver resolver = new CustomerResolver(ds, topic, settings);
                stage(resolver, customers, 1, 5, "warm-up");
                stage(resolver, customers, 1, batches, "1 thread");
                stage(resolver, customers, threads, batches, threads + " threads");
                lookups(ds, customers, 20_000);
            } finally {
                broker.close();
            }
        }
    }

    private static void load(AgroalDataSource ds, int n) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO customer (id, contact_count, created_at, last_contact_at)"
                    + " SELECT md5('c' || g)::uuid, 1, now() - interval '30 days', now() - interval '10 days'"
                    + " FROM generate_series(1, " + n + ") g");
            s.execute("INSERT INTO customer_identity (type, value, customer_id, linked_by)"
                    + " SELECT 'phone', '+86139' || lpad(g::text, 8, '0'), md5('c' || g)::uuid, 'bench' FROM generate_series(1, " + n + ") g"
                    + " UNION ALL SELECT 'email', 'u' || g || '@bench.example', md5('c' || g)::uuid, 'bench' FROM generate_series(1, " + n + ") g"
                    + " UNION ALL SELECT 'chat-visitor', 'v' || g, md5('c' || g)::uuid, 'bench' FROM generate_series(1, " + n + ") g");
            s.execute("INSERT INTO contact_history (record_id, customer_id, channel, received_at, summary)"
                    + " SELECT gen_random_uuid(), md5('c' || g)::uuid, 'email', now() - interval '10 days', 'earlier question'"
                    + " FROM generate_series(1, " + n + ") g");
            s.execute("INSERT INTO customer_channel_count (customer_id, channel, contacts)"
                    + " SELECT md5('c' || g)::uuid, 'email', 1 FROM generate_series(1, " + n + ") g");
            s.execute("ANALYZE");
        }
    }

    private static void lookups(AgroalDataSource ds, int n, int count) throws Exception {
        long[] nanos = new long[count];
        try (Connection c = ds.getConnection()) {
            for (int i = 0; i < count; i++) {
                long g = 1 + ThreadLocalRandom.current().nextInt(n);
                Identity identity = switch (i % 3) {
                    case 0 -> new Identity("phone", "+86139" + String.format("%08d", g));
                    case 1 -> new Identity("email", "u" + g + "@bench.example");
                    default -> new Identity("chat-visitor", "v" + g);
                };
                long t = System.nanoTime();
                Map<Identity, UUID> owner = CustomerStore.owners(c, List.of(identity));
                nanos[i] = System.nanoTime() - t;
                if (owner.size() != 1) {
                    throw new IllegalStateException("lookup missed " + identity);
                }
            }
        }
        Arrays.sort(nanos);
        System.out.printf("identity lookup over %,d customers (%,d lookups): p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", n, count,
                nanos[count / 2] / 1e6, nanos[(int) (count * 0.99)] / 1e6, nanos[count - 1] / 1e6);
    }

    private static void stage(CustomerResolver resolver, int n, int threads, int batchesPerThread, String label) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> results = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                long[] batchNanos = new long[batchesPerThread];
                for (int b = 0; b < batchesPerThread; b++) {
                    List<ContactRecord> batch = batch(n);
                    long s = System.nanoTime();
                    resolver.resolve(batch);
                    batchNanos[b] = System.nanoTime() - s;
                }
                return batchNanos;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : results) {
            for (long v : f.get()) {
                all.add(v);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        all.sort(null);
        long records = (long) threads * batchesPerThread * BATCH;
        System.out.printf("stage %-10s %,d records in %.1f s = %,.0f records/s (batch of %d: p50 %.0f ms, p99 %.0f ms)%n",
                label, records, seconds, records / seconds, BATCH, all.get(all.size() / 2) / 1e6,
                all.get((int) (all.size() * 0.99)) / 1e6);
    }

    private static List<ContactRecord> batch(int n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<ContactRecord> batch = new ArrayList<>(BATCH);
        Instant now = Instant.now();
        for (int i = 0; i < BATCH; i++) {
            ContactRecord.Builder r = ContactRecord.builder().id(UUID.randomUUID().toString()).receivedAt(now)
                    .channelMessageId(UUID.randomUUID().toString()).text("Where is my order SO-" + random.nextInt(100000) + "?");
            if (random.nextInt(10) < 7) {
                long g = 1 + random.nextInt(n);
                switch (random.nextInt(3)) {
                    case 0 -> r.channel(Channel.PHONE).from(new Identity("phone", "+86139" + String.format("%08d", g)));
                    case 1 -> r.channel(Channel.EMAIL).from(new Identity("email", "u" + g + "@bench.example"))
                            .threadKey("email:<" + g + "@bench.example>");
                    default -> r.channel(Channel.CHAT).from(new Identity("chat-visitor", "v" + g)).threadKey("chat:s" + g);
                }
            } else {
                String id = UUID.randomUUID().toString();
                Identity visitor = new Identity("chat-visitor", "new-" + id);
                r.channel(Channel.CHAT).from(visitor).identities(List.of(visitor, new Identity("email", id + "@new.example")))
                        .threadKey("chat:" + id);
            }
            batch.add(r.build());
        }
        return batch;
    }

    private static AgroalDataSource pool(String url, int size) throws Exception {
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier();
        config.connectionPoolConfiguration().maxSize(size).acquisitionTimeout(Duration.ofSeconds(10))
                .connectionFactoryConfiguration().jdbcUrl(url).principal(new NamePrincipal("postgres"));
        return AgroalDataSource.from(config);
    }

    private CustomerContextBench() {}
}
