package cn.shuangkong.organization;

import java.math.BigDecimal;
import java.time.Instant;

/** 企业: a production and business unit under supervision, as stored. */
public record Enterprise(
        long id, String name, String creditCode, String industryCode, String scale, int headcount,
        String address, BigDecimal longitude, BigDecimal latitude, String regionCode, String regionName,
        Long gridId, String gridName,
        String principalName, String principalPhone, String safetyManagerName, String safetyManagerPhone,
        String status, boolean majorHazard, boolean dustExplosion, boolean confinedSpace,
        boolean ammoniaRefrigeration, boolean hazardousChemicals, boolean crowdedPlace,
        Instant createdAt, Instant updatedAt) {

    /** 在营 / 停产 / 关闭. */
    public enum Status {
        OPERATING("在营"), SUSPENDED("停产"), CLOSED("关闭");
        public final String label;
        Status(String label) { this.label = label; }
    }

    /** 企业规模 (GB/T 4754 statistical scale). */
    public enum Scale {
        LARGE("大型"), MEDIUM("中型"), SMALL("小型"), MICRO("微型");
        public final String label;
        Scale(String label) { this.label = label; }
    }

    public String statusLabel() {
        return Status.valueOf(status).label;
    }

    public String scaleLabel() {
        return Scale.valueOf(scale).label;
    }

    /** The special-risk flags (重点监管特征) as the labels regulators use. */
    public java.util.List<String> flagLabels() {
        var labels = new java.util.ArrayList<String>();
        if (majorHazard) labels.add("重大危险源");
        if (hazardousChemicals) labels.add("危化品");
        if (dustExplosion) labels.add("涉爆粉尘");
        if (confinedSpace) labels.add("有限空间");
        if (ammoniaRefrigeration) labels.add("涉氨制冷");
        if (crowdedPlace) labels.add("人员密集场所");
        return labels;
    }
}
