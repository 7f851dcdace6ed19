package cn.shuangkong.files;

/**
 * The file store's published relation (ADR 0041): what another module may compose into its own query about stored
 * files — their fingerprints and names, never their content — instead of naming the store's table.
 */
public final class FileFacts {

    private FileFacts() { }

    /**
     * One row per stored file: {@code id, sha256} (hex){@code , original_name, content_type, size_bytes, uploaded_at,
     * enterprise_id} (null for the platform's own). The caller filters it (by {@code id} or {@code sha256}, both indexed).
     */
    public static String files() {
        return "select f.id, f.sha256, f.original_name, f.content_type, f.size_bytes, f.uploaded_at, f.enterprise_id from stored_file f";
    }
}
