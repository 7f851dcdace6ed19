package cn.shuangkong.monitoring;

/** How far a reading left its limits; OFFLINE is a point that stopped reporting. */
public enum AlarmLevel {
    HIGH_HIGH("高高报"), HIGH("高报"), LOW("低报"), LOW_LOW("低低报"), OFFLINE("离线");

    public final String label;

    AlarmLevel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
