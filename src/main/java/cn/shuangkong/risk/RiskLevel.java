package cn.shuangkong.risk;

import java.util.Arrays;

/** The four risk levels of the national four-colour scheme; grade 1 is the highest. */
public enum RiskLevel {
    MAJOR(1, "重大风险", "red", "红"),
    HIGH(2, "较大风险", "orange", "橙"),
    MODERATE(3, "一般风险", "yellow", "黄"),
    LOW(4, "低风险", "blue", "蓝");

    public final int grade;
    public final String label;
    public final String color;
    public final String colorLabel;

    RiskLevel(int grade, String label, String color, String colorLabel) {
        this.grade = grade;
        this.label = label;
        this.color = color;
        this.colorLabel = colorLabel;
    }

    public static RiskLevel of(int grade) {
        return Arrays.stream(values()).filter(l -> l.grade == grade).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("grade " + grade));
    }

    /** Null-tolerant lookup for columns that stay empty until the first approved assessment. */
    public static RiskLevel ofNullable(Integer grade) {
        return grade == null ? null : of(grade);
    }

    public int getGrade() { return grade; }
    public String getLabel() { return label; }
    public String getColor() { return color; }
    public String getColorLabel() { return colorLabel; }
}
