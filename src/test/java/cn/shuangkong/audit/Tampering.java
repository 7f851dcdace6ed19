package cn.shuangkong.audit;

import cn.shuangkong.audit.internal.AuditChain;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an attacker with full database access does, through a connection of the database superuser (not the
 * application's connection, which need not be allowed to touch {@code audit_record} at all). Holds the chain's lock
 * for its whole life, so that nothing is appended while the chain is tampered with, and puts every row it saved back
 * before it lets go: the test database is shared.
 */
final class Tampering implements AutoCloseable {

    private final Connection db;
    private final List<Map<String, Object>> saved = new ArrayList<>();

    Tampering(EmbeddedPostgres postgres) throws SQLException {
        this.db = postgres.getPostgresDatabase().getConnection(); // the superuser, with its password (ADR 0015)
        exec("select pg_advisory_lock(?)", AuditChain.LOCK);
    }

    /** Keeps every row from {@code fromId} on, to put back on close. */
    Tampering save(long fromId) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("select * from audit_record where id >= ? order by id")) {
            s.setLong(1, fromId);
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                    }
                    saved.add(row);
                }
            }
        }
        return this;
    }

    /** Runs a statement with the append-only guard switched off, as the attacker does. */
    Tampering unguarded(String sql, Object... params) throws SQLException {
        guard(false);
        exec(sql, params);
        guard(true);
        return this;
    }

    void guard(boolean on) throws SQLException {
        exec("alter table audit_record " + (on ? "enable" : "disable") + " trigger audit_record_no_update");
    }

    int exec(String sql, Object... params) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.execute() ? 0 : s.getUpdateCount();
        }
    }

    /** Puts the saved rows back exactly as they were, switches the guard on and releases the chain. */
    @Override
    public void close() throws SQLException {
        try {
            if (!saved.isEmpty()) {
                guard(false);
                exec("delete from audit_record where id >= ?", saved.get(0).get("id"));
                for (var row : saved) {
                    String columns = String.join(", ", row.keySet());
                    String marks = String.join(", ", row.keySet().stream().map(c -> "?").toList());
                    exec("insert into audit_record (" + columns + ") overriding system value values (" + marks + ")", row.values().toArray());
                }
            }
            guard(true);
        } finally {
            exec("select pg_advisory_unlock(?)", AuditChain.LOCK);
            db.close();
        }
    }
}
