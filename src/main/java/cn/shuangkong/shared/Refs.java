package cn.shuangkong.shared;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one way a foreign id becomes a domain reference. Services call it for every id that arrives in a request before
 * they use it, so that naming another enterprise's record is refused (404, nothing saved) whatever the controller did.
 * Two questions are asked: is the record's enterprise in the actor's {@link Jurisdiction} ({@link #resolve}), and —
 * for an id naming a part of a record already resolved, such as the risk point of a new hazard — does it belong to
 * that very enterprise ({@link #within}). A regulator may register a hazard at enterprise A, but not against B's point.
 */
@Component
public class Refs {

    private final JdbcClient jdbc;

    Refs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The record named by {@code id} if its enterprise lies in the actor's jurisdiction; otherwise 404. */
    public Ref resolve(Actor me, RefKind kind, long id) {
        Long owner = ownerOf(kind, id).orElseThrow(() -> DomainException.notFound(kind.label()));
        var filter = me.jurisdiction().enterpriseFilter("e");
        boolean inScope = jdbc.sql("select count(*) from enterprise e where e.id = :owner and " + filter.sql())
                .params(filter.params()).param("owner", owner).query(Long.class).single() > 0;
        if (!inScope) throw DomainException.notFound(kind.label());
        return new Ref(kind, id, owner);
    }

    /** {@link #resolve} for an optional id: no id, no reference. */
    public Optional<Ref> resolveOptional(Actor me, RefKind kind, Long id) {
        return id == null ? Optional.empty() : Optional.of(resolve(me, kind, id));
    }

    /** The record named by {@code id} if it belongs to {@code enterpriseId} (itself resolved in scope before); otherwise 404. */
    public Ref within(long enterpriseId, RefKind kind, long id) {
        Long owner = ownerOf(kind, id).filter(o -> o == enterpriseId).orElseThrow(() -> DomainException.notFound(kind.label()));
        return new Ref(kind, id, owner);
    }

    /** {@link #within} for an optional id. */
    public Optional<Ref> withinOptional(long enterpriseId, RefKind kind, Long id) {
        return id == null ? Optional.empty() : Optional.of(within(enterpriseId, kind, id));
    }

    /** {@link #within} for a list of ids (null or empty gives an empty list); one foreign id refuses them all. */
    public List<Ref> allWithin(long enterpriseId, RefKind kind, Collection<Long> ids) {
        List<Ref> out = new ArrayList<>();
        if (ids == null) return out;
        for (Long id : ids) {
            if (id == null) throw DomainException.notFound(kind.label());
            out.add(within(enterpriseId, kind, id));
        }
        return out;
    }

    private Optional<Long> ownerOf(RefKind kind, long id) {
        // a record of no enterprise (a built-in checklist, a citizen's photo) is nobody's to name here
        return jdbc.sql(kind.ownerSql()).param("id", id).query(Long.class).list().stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }
}
