package cn.shuangkong.shared;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

/**
 * Reads that may lag go to a PostgreSQL streaming replica; everything else goes to the primary (ADR 0022).
 *
 * <p>The one way onto the replica is {@link ReadsMayLag}: its interceptor opens a read-only transaction and, only while
 * that transaction takes its connection, asks the application's data source for the replica. The transaction keeps
 * that connection to its end, so every statement of the method — whichever module's code runs it — reads the same
 * server, and nothing outside such a method ever does. With {@code SK_READ_REPLICA_URL} unset the data source is the
 * primary alone and the same methods run read-only on it, so the rule is exercised in every run.
 */
@Configuration(proxyBeanMethods = false)
class ReadReplica {

    private static final Logger log = LoggerFactory.getLogger(ReadReplica.class);

    /** Set by the interceptor for the moment its transaction takes a connection; read by {@link ReplicaRouting}. */
    private static final ThreadLocal<Boolean> REPLICA_WANTED = new ThreadLocal<>();

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor readsMayLagAdvisor(ObjectProvider<PlatformTransactionManager> transactions) {
        var advisor = new DefaultPointcutAdvisor(new Annotated(), new LaggingRead(transactions));
        // Outside @Transactional's interceptor (lowest precedence): the read-only transaction is opened here first.
        advisor.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
        return advisor;
    }

    /** With a replica configured, the application's data source becomes the primary plus the replica, routed as above. */
    @Bean
    @Conditional(ReplicaConfigured.class)
    static BeanPostProcessor readReplicaRouting(Environment env) {
        return new DestructionAwareBeanPostProcessor() {
            private volatile HikariDataSource replica;

            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!"dataSource".equals(name) || !(bean instanceof DataSource primary) || bean instanceof ReplicaRouting) {
                    return bean;
                }
                replica = replicaPool(env, primary);
                return new ReplicaRouting(primary, replica);
            }

            /**
             * Spring stops a bean through the object it created, not the one a post-processor put in its place: it
             * closes the primary's pool itself and never reaches the routing, so the replica's pool is closed here (it
             * outlived a stopped instance, retrying the replica for ever: ReadReplicaTest).
             */
            @Override
            public void postProcessBeforeDestruction(Object bean, String name) {
                if ("dataSource".equals(name) && replica != null) replica.close();
            }

            @Override
            public boolean requiresDestruction(Object bean) {
                return bean instanceof DataSource;
            }
        };
    }

    /**
     * Where the migrations connect when a replica is configured: the primary, under Flyway's own user if one is set.
     * Spring Boot would otherwise derive them from the application's data source, which is now the routing one.
     */
    @Bean
    @Conditional(ReplicaConfigured.class)
    FlywayConnectionDetails migrationsOnThePrimary(DataSource dataSource, Environment env) {
        DataSource primary = dataSource instanceof ReplicaRouting r ? r.getTargetDataSource() : dataSource;
        HikariDataSource pool = primary instanceof HikariDataSource h ? h : null;
        String url = env.getProperty("spring.flyway.url", pool != null ? pool.getJdbcUrl() : env.getProperty("spring.datasource.url"));
        String user = env.getProperty("spring.flyway.user", pool != null ? pool.getUsername() : env.getProperty("spring.datasource.username"));
        String password = env.getProperty("spring.flyway.password", pool != null ? pool.getPassword() : env.getProperty("spring.datasource.password"));
        return new FlywayConnectionDetails() {
            @Override
            public String getJdbcUrl() {
                return url;
            }

            @Override
            public String getUsername() {
                return user;
            }

            @Override
            public String getPassword() {
                return password;
            }
        };
    }

    /** Read-only connections to the replica; the credentials are the primary's unless the replica's own are given. */
    static HikariDataSource replicaPool(Environment env, DataSource primary) {
        HikariDataSource primaryPool = primary instanceof HikariDataSource h ? h : null;
        String username = env.getProperty("shuangkong.read-replica.username", "");
        String password = env.getProperty("shuangkong.read-replica.password", "");
        var config = new HikariConfig();
        // The primary's driver settings first: the replica replays the primary's DDL under its pooled connections too.
        DriverProperties.addTo(config, env);
        config.setJdbcUrl(env.getRequiredProperty("shuangkong.read-replica.url"));
        config.setUsername(!username.isBlank() ? username
                : primaryPool != null ? primaryPool.getUsername() : env.getProperty("spring.datasource.username"));
        config.setPassword(!password.isBlank() ? password
                : primaryPool != null ? primaryPool.getPassword() : env.getProperty("spring.datasource.password"));
        config.setPoolName("replica");
        config.setMaximumPoolSize(env.getProperty("shuangkong.read-replica.pool-size", Integer.class, 10));
        config.setReadOnly(true);
        // A replica that is down or slow to answer costs a lagging read 2 s once, then it reads the primary instead;
        // the instance starts without it.
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", "2");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
        return new HikariDataSource(config);
    }

    /** How the replica's sessions name themselves in {@code pg_stat_activity}. */
    static final String APPLICATION_NAME = "shuangkong-reads-may-lag";

    /**
     * The application's data source when a replica is configured: the primary, except for a connection taken while a
     * {@link ReadsMayLag} transaction begins. A replica that cannot be reached sends that read to the primary — it is
     * then only fresher — and says so in the log, at most once a minute. It closes nothing itself: Spring closes the
     * primary's pool it created, and the post-processor that made this routing closes the replica's.
     */
    static final class ReplicaRouting extends DelegatingDataSource {

        private final HikariDataSource replica;
        private final AtomicLong lastWarning = new AtomicLong();

        ReplicaRouting(DataSource primary, HikariDataSource replica) {
            super(primary);
            this.replica = replica;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (Boolean.TRUE.equals(REPLICA_WANTED.get())) {
                try {
                    return replica.getConnection();
                } catch (SQLException e) {
                    long now = System.nanoTime(), last = lastWarning.get();
                    if (now - last > 60_000_000_000L && lastWarning.compareAndSet(last, now)) {
                        log.warn("Read replica unreachable, reads that may lag go to the primary: {}", e.getMessage());
                    }
                }
            }
            return super.getConnection();
        }

        DataSource replica() {
            return replica;
        }
    }

    /** A method annotated {@link ReadsMayLag}, or a public method of a class that is. */
    static final class Annotated extends StaticMethodMatcherPointcut {
        Annotated() {
            setClassFilter(type -> AnnotationUtils.isCandidateClass(type, ReadsMayLag.class));
        }

        @Override
        public boolean matches(Method method, Class<?> target) {
            if (method.getDeclaringClass() == Object.class) return false;
            Method specific = AopUtils.getMostSpecificMethod(method, target);
            if (AnnotatedElementUtils.hasAnnotation(specific, ReadsMayLag.class)) return true;
            return Modifier.isPublic(method.getModifiers())
                    && AnnotatedElementUtils.hasAnnotation(ClassUtils.getUserClass(target), ReadsMayLag.class);
        }
    }

    /** Runs the method in a read-only transaction whose connection comes from the replica (when there is one). */
    static final class LaggingRead implements MethodInterceptor {

        private final ObjectProvider<PlatformTransactionManager> transactions;

        LaggingRead(ObjectProvider<PlatformTransactionManager> transactions) {
            this.transactions = transactions;
        }

        @Override
        public Object invoke(MethodInvocation call) throws Throwable {
            if (TransactionSynchronizationManager.isActualTransactionActive()) {
                return call.proceed(); // inside a change: read on its connection, own writes included
            }
            PlatformTransactionManager tm = transactions.getObject();
            var definition = new DefaultTransactionDefinition();
            definition.setReadOnly(true);
            definition.setName(ClassUtils.getQualifiedMethodName(call.getMethod()));
            TransactionStatus status;
            REPLICA_WANTED.set(Boolean.TRUE);
            try {
                status = tm.getTransaction(definition); // takes (and keeps) the connection now
            } finally {
                REPLICA_WANTED.remove();
            }
            Object result;
            try {
                result = call.proceed();
            } catch (Throwable t) {
                tm.rollback(status);
                throw t;
            }
            tm.commit(status);
            return result;
        }
    }

    static final class ReplicaConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("shuangkong.read-replica.url");
            return url != null && !url.isBlank();
        }
    }
}
