package cn.shuangkong.monitoring;

/** How far a reading left its limits; OFFLINE is a point that stopped reporting. */
public enum AlarmLevel {
    HIGH_HIGH("高高报", true), HIGH("高报", true), LOW("低报", false), LOW_LOW("低低报", false), OFFLINE("离线", false);

    public final String label;
    public final boolean highSide;

    AlarmLevel(String label, boolean highSide) {
        this.label = label;
        this.highSide = highSide;
    }

    public String label() {
        return label;
    }

    public boolean severer(AlarmLevel other) {
        return (this == HIGH_HIGH && other == HIGH) || (this == LOW_LOW && other == LOW);
    }

    public boolean sameSide(AlarmLevel other) {
        return other != OFFLINE && this != OFFLINE && highSide == other.highSide;
    }
}
