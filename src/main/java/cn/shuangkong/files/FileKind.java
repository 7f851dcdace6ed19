package cn.shuangkong.files;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * What an upload really is, decided from its first bytes rather than from its name or the browser's claim,
 * and which kinds each purpose accepts.
 */
public enum FileKind {
    PNG("image/png"), JPEG("image/jpeg"), WEBP("image/webp"), GIF("image/gif"), PDF("application/pdf"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    public final String contentType;

    FileKind(String contentType) {
        this.contentType = contentType;
    }

    /** The uses of an upload, each with the kinds it accepts. */
    public enum Purpose {
        PHOTO("照片", Set.of(PNG, JPEG, WEBP)),
        SITE_PLAN("平面图", Set.of(PNG, JPEG, WEBP)),
        DOCUMENT("文档", Set.of(PDF, PNG, JPEG)),
        SPREADSHEET("表格", Set.of(XLSX)),
        ATTACHMENT("附件", Set.of(PNG, JPEG, WEBP, GIF, PDF, XLSX)),
        EMERGENCY_PLAN("应急预案", Set.of(PDF, DOCX));

        public final String label;
        public final Set<FileKind> accepts;

        Purpose(String label, Set<FileKind> accepts) {
            this.label = label;
            this.accepts = accepts;
        }
    }

    public boolean isImage() {
        return contentType.startsWith("image/");
    }

    /** Recognises a file from its magic bytes; empty when it is none of the kinds the platform stores. */
    public static Optional<FileKind> sniff(byte[] head) {
        if (starts(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return Optional.of(PNG);
        if (starts(head, 0xFF, 0xD8, 0xFF)) return Optional.of(JPEG);
        if (starts(head, 'G', 'I', 'F', '8')) return Optional.of(GIF);
        if (starts(head, '%', 'P', 'D', 'F', '-')) return Optional.of(PDF);
        if (starts(head, 'R', 'I', 'F', 'F') && head.length >= 12 && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return Optional.of(WEBP);
        }
        // An .xlsx is a ZIP whose entries include [Content_Types].xml; the ZIP signature is enough for a first gate,
        // the spreadsheet reader refuses anything that is not a workbook.
        if (starts(head, 'P', 'K', 3, 4)) return Optional.of(XLSX);
        return Optional.empty();
    }

    /**
     * Recognises a whole file: as {@link #sniff}, except that a ZIP holding {@code word/document.xml} is a Word
     * document (entry names are stored uncompressed in a ZIP's headers).
     */
    public static Optional<FileKind> sniffContent(byte[] content) {
        Optional<FileKind> head = sniff(Arrays.copyOf(content, Math.min(content.length, 16)));
        if (head.isPresent() && head.get() == XLSX && contains(content, "word/document.xml".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            return Optional.of(DOCX);
        }
        return head;
    }

    private static boolean contains(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i <= data.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) if (data[i + j] != part[j]) continue outer;
            return true;
        }
        return false;
    }

    private static boolean starts(byte[] data, int... magic) {
        if (data.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if ((data[i] & 0xFF) != magic[i]) return false;
        }
        return true;
    }

    public static String acceptedLabel(Purpose purpose) {
        return String.join("、", Arrays.stream(values()).filter(purpose.accepts::contains).map(Enum::name).toList());
    }
}
