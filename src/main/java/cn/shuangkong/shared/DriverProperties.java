package cn.shuangkong.shared;

import com.zaxxer.hikari.HikariConfig;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The PostgreSQL driver's settings, {@code spring.datasource.hikari.data-source-properties} in application.yml, for
 * every pool of the platform: Spring Boot gives them to an external database's pool; the embedded database's pool and
 * the replica's take them from here, so that one setting (above all {@code autosave}, ADR 0048) holds for all three.
 */
final class DriverProperties {

    private DriverProperties() {
    }

    /** Adds them to {@code config}; a pool's own settings added afterwards win. */
    static void addTo(HikariConfig config, Environment env) {
        Binder.get(env).bind("spring.datasource.hikari.data-source-properties", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of()).forEach(config::addDataSourceProperty);
    }
}
