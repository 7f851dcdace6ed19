package cn.shuangkong.shared;

/**
 * A kind of record that a request may name by id (a risk point, a measure, an employee, …). Each module lists its own
 * kinds, so that its tables stay its own; {@link Refs} is the one place that turns such an id into a {@link Ref}.
 */
public interface RefKind {

    /** What a person calls the record, for the refusal ("风险点不存在或不在您的数据范围内"). */
    String label();

    /** SQL that answers the id of the enterprise owning the record {@code :id} (no row when there is no such record). */
    String ownerSql();

    /** A kind named by its label and owner SQL; modules list theirs as constants of this. */
    static RefKind of(String label, String ownerSql) {
        return new Named(label, ownerSql);
    }

    /** The one implementation: a record's accessors are the kind's label and owner SQL. */
    record Named(String label, String ownerSql) implements RefKind { }
}
