package dev.assistgraph.neo4jlocal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Starts an embedded Neo4j Community DBMS with a Bolt connector on loopback, for
 * assistgraph's tests. Usage:
 *
 * <pre>java ... dev.assistgraph.neo4jlocal.Launcher HOME_DIR PORT [PLUGIN_DIR]</pre>
 *
 * HOME_DIR holds data/ and logs/ (created if missing). Auth is enabled. PLUGIN_DIR,
 * given only by the Graph Data Science flavour (gds/pom.xml), becomes
 * {@code server.directories.plugins} and {@code gds.*} procedures are allowed
 * unrestricted access; without it the DBMS keeps Neo4j's defaults. When the
 * environment variable NEO4J_LOCAL_PASSWORD is set, the user {@code neo4j} gets that
 * password (change not required) before the launcher reports ready; otherwise the
 * stock neo4j/neo4j with a forced change stays in place. The password is taken from
 * the environment, not argv, so it never shows in {@code ps}.
 *
 * SIGTERM (or SIGINT) shuts the DBMS down cleanly through a shutdown hook.
 */
public final class Launcher {
    private static final String TAG = "neo4j-local-launcher: ";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2 && args.length != 3) {
            System.err.println(TAG + "usage: Launcher HOME_DIR PORT [PLUGIN_DIR]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        Path pluginDir = args.length == 3 ? Path.of(args[2]).toAbsolutePath() : null;
        Files.createDirectories(home);

        AtomicReference<DatabaseManagementService> dbms = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DatabaseManagementService service = dbms.getAndSet(null);
            if (service != null) {
                log("shutting down");
                try {
                    service.shutdown();
                    log("stopped");
                } catch (Throwable t) {
                    log("shutdown failed: " + t);
                }
            }
            stopped.countDown();
        }, "neo4j-local-shutdown"));

        try {
            run(home, port, pluginDir, dbms);
        } catch (Throwable t) {
            // Neo4j's non-daemon threads could keep a half-started JVM alive: exit hard.
            log("startup failed: " + t);
            t.printStackTrace();
            System.out.flush();
            System.exit(1);
        }
        stopped.await();
    }

    private static void run(Path home, int port, Path pluginDir,
            AtomicReference<DatabaseManagementService> dbms) {
        long t0 = System.nanoTime();
        log("starting Neo4j " + neo4jVersion() + " home=" + home + " bolt=127.0.0.1:" + port
                + (pluginDir == null ? "" : " plugins=" + pluginDir)
                + " java=" + System.getProperty("java.version"));
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // A test password such as "test" is fine here (default minimum: 8).
                .setConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                // dbms.usage_report.enabled: no phoning home from tests and CI.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                // Internal settings, as Neo4j's own test setup uses them: the default Netty
                // quiet period (5 s, waited twice) makes every SIGTERM take over 10 s.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(3));
        if (pluginDir != null) {
            // GDS: its jars are on the classpath (so ServiceLoader finds its kernel
            // extension) AND in plugin_dir (the procedure loader scans only that);
            // its procedures need unrestricted access to the kernel.
            builder.setConfig(GraphDatabaseSettings.plugin_dir, pluginDir)
                    .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"));
        }
        DatabaseManagementService service = builder.build();
        dbms.set(service);

        String password = System.getenv("NEO4J_LOCAL_PASSWORD");
        if (password != null && !password.isEmpty()) {
            // In-process transactions run with auth disabled, so the system database
            // accepts the change without the neo4j/neo4j "credentials expired" dance.
            try {
                service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                        Map.of("password", password));
                log("password of user neo4j set");
            } catch (RuntimeException e) {
                // A restart on existing data (NEO4J_LOCAL_KEEP_DATA=1) with the same password.
                if (String.valueOf(e.getMessage()).contains("cannot be the same")) {
                    log("password of user neo4j unchanged (existing data)");
                } else {
                    throw e;
                }
            }
        } else {
            log("NEO4J_LOCAL_PASSWORD not set: user neo4j keeps neo4j/neo4j (change required)");
        }
        // Touch the default database so the first client query does not pay for it.
        service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        log(String.format("ready in %.1f s", (System.nanoTime() - t0) / 1e9));
    }

    private static String neo4jVersion() {
        Package p = DatabaseManagementService.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "(version unknown)" : v;
    }

    private static void log(String message) {
        System.out.println(java.time.Instant.now() + " " + TAG + message);
        System.out.flush();
    }
}
