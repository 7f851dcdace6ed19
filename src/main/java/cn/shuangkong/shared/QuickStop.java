package cn.shuangkong.shared;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * An instance stopping after its database has gone must not wait for a connection on every last call (issue 12
 * item 1, ADR 0022): the shutdown's own last statements — the event publication registry's check, a job's final run —
 * would each wait out the pool's 5 s. Right after the web server's graceful shutdown (the requests in flight had
 * their normal time), each pool's database is asked once, with a 1 s limit; a pool whose database does not answer
 * is closed at once, so those calls fail immediately instead. A database that answers keeps its pool to the end.
 */
@Component
class QuickStop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QuickStop.class);

    private final ObjectProvider<DataSource> dataSources;
    private volatile boolean running;

    QuickStop(ObjectProvider<DataSource> dataSources) {
        this.dataSources = dataSources;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        dataSources.orderedStream().flatMap(d -> pools(d).stream()).filter(pool -> !answers(pool)).forEach(pool -> {
            log.warn("Stopping: database of pool {} does not answer; closing the pool now", pool.getPoolName());
            pool.close();
        });
    }

    private static boolean answers(HikariDataSource pool) {
        var props = new Properties();
        if (pool.getUsername() != null) props.setProperty("user", pool.getUsername());
        if (pool.getPassword() != null) props.setProperty("password", pool.getPassword());
        props.setProperty("connectTimeout", "1");
        props.setProperty("loginTimeout", "1");
        props.setProperty("socketTimeout", "1");
        try (var connection = DriverManager.getConnection(pool.getJdbcUrl(), props)) {
            return connection.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private static List<HikariDataSource> pools(DataSource dataSource) {
        if (dataSource instanceof ReadReplica.ReplicaRouting routing) {
            return Stream.concat(pools(routing.getTargetDataSource()).stream(), pools(routing.replica()).stream()).toList();
        }
        return dataSource instanceof HikariDataSource pool && !pool.isClosed() && pool.getJdbcUrl() != null ? List.of(pool) : List.of();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped (highest phase first) right after the web server has finished its requests and stopped. */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
    }
}
