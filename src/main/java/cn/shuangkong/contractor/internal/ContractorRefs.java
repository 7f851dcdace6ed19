package cn.shuangkong.contractor.internal;

import cn.shuangkong.shared.RefKind;

/** The contractor records a request may name by id, for {@link cn.shuangkong.shared.Refs}. */
public final class ContractorRefs {
    public static final RefKind CONTRACTOR = RefKind.of("承包商", "select enterprise_id from contractor where id = :id");
    public static final RefKind CONTRACTOR_PERSON = RefKind.of("承包商人员", "select enterprise_id from contractor_person where id = :id");

    private ContractorRefs() { }
}
