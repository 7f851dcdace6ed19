package cn.shuangkong.supervision.internal;

/** 企业整体风险等级: four bands with the platform's four colours (grade 1 = red … 4 = blue, as the CSS classes lv-N). */
public enum RatingLevel {
    RED(1, "红色", "高风险"),
    ORANGE(2, "橙色", "较高风险"),
    YELLOW(3, "黄色", "一般风险"),
    BLUE(4, "蓝色", "低风险");

    public final int grade;
    public final String colorLabel;
    public final String label;

    RatingLevel(int grade, String colorLabel, String label) {
        this.grade = grade;
        this.colorLabel = colorLabel;
        this.label = label;
    }

    public int grade() {
        return grade;
    }

    public String label() {
        return label;
    }

    public String colorLabel() {
        return colorLabel;
    }

    /** "红色（高风险）": colour and words, never colour alone. */
    public String title() {
        return colorLabel + "（" + label + "）";
    }
}
