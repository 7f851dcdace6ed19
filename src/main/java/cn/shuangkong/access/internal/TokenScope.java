package cn.shuangkong.access.internal;

/**
 * What an API token may do, beside the permissions of its account (which still decide): a token is never more than
 * its account, only less. {@link #READ} answers GET (and HEAD, OPTIONS); {@link #WRITE} every other method; both only
 * for the modules the token names, if it names any. {@link #EXCHANGE} is needed for {@code /api/v1/exchange/**},
 * where another platform or an enterprise's own system sends its data (数据交换), and gives nothing else.
 * {@link TokenScopeFilter} enforces all three before any controller runs.
 */
public enum TokenScope {
    READ("读取"), WRITE("写入"), EXCHANGE("数据交换");

    public final String label;

    TokenScope(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The path prefix that only an {@link #EXCHANGE} token may reach. */
    public static final String EXCHANGE_PATH = "/api/v1/exchange/";
}
