package cn.shuangkong.permit.internal;

import cn.shuangkong.shared.RefKind;

/** Permits as other records and requests name them, for {@link cn.shuangkong.shared.Refs}. */
public final class PermitRefs {
    public static final RefKind PERMIT = RefKind.of("作业票", "select enterprise_id from permit where id = :id");

    private PermitRefs() { }
}
