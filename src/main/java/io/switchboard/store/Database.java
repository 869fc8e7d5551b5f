package io.switchboard.store;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.switchboard.config.SwitchboardConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * The gateway's PostgreSQL database: the server named by {@code switchboard.db.url} in production, or
 * else a real PostgreSQL server run embedded with its files under {@code <data-dir>/postgres}. One SQL
 * dialect everywhere; the schema is migrated by Flyway at start.
 */
@Singleton
@Startup
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class);

    private final EmbeddedPostgres embedded;
    private final AgroalDataSource dataSource;
    private final AgroalDataSource operatorDataSource;
    private final String url;

    @Inject
    public Database(SwitchboardConfig config) {
        SwitchboardConfig.Db db = config.db();
        String user;
        String password;
        if (db.url().filter(s -> !s.isBlank()).isPresent()) {
            embedded = null;
            url = db.url().get();
            user = db.user().orElse(null);
            password = db.password().orElse(null);
            LOG.infof("Using PostgreSQL at %s", url);
        } else {
            embedded = startEmbedded(config.dataDir().resolve("postgres"), db.embedded().port());
            url = embedded.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = null;
        }
        dataSource = pool(url, user, password, db.maxPoolSize());
        operatorDataSource = pool(url, user, password, db.operatorPoolSize());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    /** The pipeline's and the agent loop's pool. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The operator API's own pool: look-ups and operator actions wait here, never in the pipeline's. */
    public DataSource operatorDataSource() {
        return operatorDataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    public String url() {
        return url;
    }

    private static EmbeddedPostgres startEmbedded(Path dir, int port) {
        try {
            Files.createDirectories(dir);
            LOG.infof("Starting embedded PostgreSQL on 127.0.0.1:%d (data in %s)", port, dir.toAbsolutePath());
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dir.toAbsolutePath())
                    .setCleanDataDirectory(false)
                    // Stopped by onStop, after the pipeline's last batch: zonky's own JVM hook would
                    // stop the server in parallel with the drain (seen in k8s/drills/sigterm-drain).
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    // The library starts PostgreSQL with -F (fsync off) and synchronous_commit=off, fine for
                    // throw-away test databases but able to lose committed customers and conversations on a
                    // crash. The gateway's data must survive one: both back on (later -c wins over -F).
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL server in " + dir
                    + "; set switchboard.db.url to use an external one", e);
        }
    }

    /** A connection pool to {@code url}; also what benchmarks and multi-instance tests open their own with. */
    public static AgroalDataSource pool(String url, String user, String password, int maxSize) {
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier();
        config.connectionPoolConfiguration()
                .maxSize(maxSize)
                .minSize(0)
                .initialSize(1)
                .acquisitionTimeout(Duration.ofSeconds(5))
                // a restarted or failed-over server leaves the pool holding closed connections: check each
                // one before handing it out, and drop one as soon as it fails with a connection error
                .connectionValidator(ConnectionValidator.defaultValidatorWithTimeout(2))
                .validateOnBorrow(true)
                .exceptionSorter(new PostgreSQLExceptionSorter())
                .validationTimeout(Duration.ofSeconds(30))
                .connectionFactoryConfiguration()
                .jdbcUrl(url)
                .autoCommit(true);
        if (user != null) {
            config.connectionPoolConfiguration().connectionFactoryConfiguration().principal(new NamePrincipal(user));
        }
        if (password != null) {
            config.connectionPoolConfiguration().connectionFactoryConfiguration().credential(new SimplePassword(password));
        }
        try {
            return AgroalDataSource.from(config);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not open a connection pool to " + url, e);
        }
    }

    /** After the pipeline finished its last batch (RawTopicConsumer stops first). */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent event) {
        operatorDataSource.close();
        dataSource.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
