package cn.shuangkong.permit;

import cn.shuangkong.shared.RefKind;

/** Permits as other records and requests name them, for {@link cn.shuangkong.shared.Refs}. */
public enum PermitRefs implements RefKind {
    PERMIT("作业票", "select enterprise_id from permit where id = :id");

    private final String label;
    private final String ownerSql;

    PermitRefs(String label, String ownerSql) {
        this.label = label;
        this.ownerSql = ownerSql;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public String ownerSql() {
        return ownerSql;
    }
}
