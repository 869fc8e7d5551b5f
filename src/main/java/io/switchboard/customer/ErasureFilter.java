package io.switchboard.customer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import io.switchboard.pipeline.PipelineBatch;
import io.switchboard.store.Database;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Stage: drops messages that were received before their customer was erased, so that a copy still on a
 * topic (a dead letter replayed, a raw message re-read after a crash) cannot bring the customer back. A
 * message received after the erasure is a new contact and goes on: the person wrote again.
 */
@Singleton
@Named("erasureFilter")
public class ErasureFilter {

    private static final Logger LOG = Logger.getLogger(ErasureFilter.class);

    private final DataSource dataSource;
    private final IdentityKeys keys;
    private final Counter dropped;

    @Inject
    public ErasureFilter(Database database, CustomerSettings settings, MeterRegistry registry) {
        this(database.dataSource(), settings.keys(), registry);
    }

    public ErasureFilter(DataSource dataSource, IdentityKeys keys, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.dropped = Counter.builder("switchboard.erasure.dropped")
                .description("messages received before their customer was erased, dropped when processed again")
                .register(registry);
    }

    public void dropErased(PipelineBatch batch) throws SQLException {
        List<PipelineBatch.Item> live = batch.live();
        if (live.isEmpty()) {
            return;
        }
        Set<Identity> all = new LinkedHashSet<>();
        live.forEach(item -> all.addAll(keys.personIdentities(item.record())));
        Map<String, Instant> erased = erasedAt(all);
        if (erased.isEmpty()) {
            return;
        }
        for (PipelineBatch.Item item : live) {
            if (receivedBeforeErasure(item.record(), erased)) {
                item.markOfErasedCustomer();
                dropped.increment();
                LOG.infof("Dropped %s: received before its customer was erased", item.source().position());
            }
        }
    }

    /** Whether {@code record} was received before the erasure of a customer holding one of its identities. */
    public boolean receivedBeforeErasure(ContactRecord record) throws SQLException {
        return receivedBeforeErasure(record, erasedAt(keys.personIdentities(record)));
    }

    private Map<String, Instant> erasedAt(Collection<Identity> identities) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return ErasedIdentities.erasedAt(c, identities);
        }
    }

    private boolean receivedBeforeErasure(ContactRecord record, Map<String, Instant> erased) {
        Instant received = record.receivedAt();
        return keys.personIdentities(record).stream()
                .map(i -> erased.get(ErasedIdentities.hash(i)))
                .anyMatch(at -> at != null && received.isBefore(at));
    }
}
