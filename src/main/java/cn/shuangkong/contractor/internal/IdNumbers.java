package cn.shuangkong.contractor.internal;

/**
 * 居民身份证号码 (GB 11643-1999): 17 digits and a check character (ISO 7064 MOD 11-2). Lists show it masked: a
 * contractor's worker is not the enterprise's employee, and their number is theirs.
 */
public final class IdNumbers {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";

    private IdNumbers() {
    }

    public static boolean isValid(String number) {
        if (number == null || !number.matches("\\d{17}[0-9X]")) return false;
        return checkCharacter(number.substring(0, 17)) == number.charAt(17);
    }

    /** The check character for the first 17 digits. */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        return CHECK.charAt(sum % 11);
    }

    /** The first four and the last four characters, the rest hidden: 3212**********0417. */
    public static String masked(String number) {
        return number.substring(0, 4) + "*".repeat(number.length() - 8) + number.substring(number.length() - 4);
    }
}
