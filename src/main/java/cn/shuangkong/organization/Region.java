package cn.shuangkong.organization;

/** 行政区划 with its GB/T 2260 code; level 1 省 … 5 村/社区. */
public record Region(String code, String name, int level, String parentCode, boolean schematic) {

    public String levelLabel() {
        return switch (level) {
            case 1 -> "省";
            case 2 -> "市";
            case 3 -> "县（市、区）";
            case 4 -> "乡镇（街道）";
            default -> "村（社区）";
        };
    }
}
