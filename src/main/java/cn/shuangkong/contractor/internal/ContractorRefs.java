package cn.shuangkong.contractor.internal;

import cn.shuangkong.shared.RefKind;

/** The contractor records a request may name by id, for {@link cn.shuangkong.shared.Refs}. */
public enum ContractorRefs implements RefKind {
    CONTRACTOR("承包商", "select enterprise_id from contractor where id = :id"),
    CONTRACTOR_PERSON("承包商人员", "select enterprise_id from contractor_person where id = :id");

    private final String label;
    private final String ownerSql;

    ContractorRefs(String label, String ownerSql) {
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
