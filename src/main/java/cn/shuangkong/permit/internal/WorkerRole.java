package cn.shuangkong.permit.internal;

import cn.shuangkong.training.Certificates;

/** What a person does on a permit, and the certificate the role needs (none for a plain worker). */
public enum WorkerRole {
    WELDER("动火人（焊工）", Certificates.Requirement.WELDER),
    ELECTRICIAN("电工", Certificates.Requirement.ELECTRICIAN),
    HEIGHT_WORKER("高处作业人员", Certificates.Requirement.WORK_AT_HEIGHT),
    CRANE_OPERATOR("起重机司机或指挥", Certificates.Requirement.CRANE),
    WORKER("其他作业人员", null);

    public final String label;
    public final Certificates.Requirement certificate;

    WorkerRole(String label, Certificates.Requirement certificate) {
        this.label = label;
        this.certificate = certificate;
    }

    public String getLabel() {
        return label;
    }
}
