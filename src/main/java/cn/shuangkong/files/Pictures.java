package cn.shuangkong.files;

import cn.shuangkong.shared.DomainException;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.io.ByteArrayInputStream;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Whether an uploaded picture is really the picture its magic number claims. A photo is evidence (整改前/整改后 for
 * 销号), so a file that merely starts with a PNG or JPEG signature — or one that is cut off, or whose header promises
 * a picture so large that decoding it would exhaust the server — is refused rather than stored. The one check for
 * every upload of a picture: the file store, hazard photos and data exchange all ask it.
 */
public final class Pictures {

    /** The largest picture taken, in pixels: a 40-megapixel camera is generous for a phone; a header beyond is a bomb. */
    public static final long MAX_PIXELS = 40_000_000L;

    public static final String BROKEN = "上传的图片已损坏或不是有效的图片";

    /** Decoding is subsampled to about this many output pixels: every byte is still read, but little memory is used. */
    private static final long DECODED_PIXELS = 1_000_000L;

    private Pictures() {
    }

    /** Refuses (400, {@link #BROKEN} on {@code field}) a picture that does not decode as {@code kind}; other kinds pass. */
    public static void require(FileKind kind, byte[] bytes, String field) {
        if (kind.isImage() && !decodes(kind, bytes)) throw DomainException.invalid(field, BROKEN);
    }

    /**
     * True when {@code bytes} hold a whole picture of {@code kind} of at most {@link #MAX_PIXELS}, decoded through
     * ImageIO (any warning, such as a premature end of a JPEG, counts as broken): PNG, JPEG and GIF by the JDK's own
     * readers, WebP by TwelveMonkeys' reader after its RIFF structure and frame header are checked (ADR 0057).
     */
    public static boolean decodes(FileKind kind, byte[] bytes) {
        return switch (kind) {
            case PNG -> decodesWith(jdkReader("png"), bytes);
            case JPEG -> decodesWith(jdkReader("jpeg"), bytes);
            case GIF -> decodesWith(jdkReader("gif"), bytes);
            // the container first: it bounds the pixels before any decoding, and refuses bytes after the RIFF's end
            case WEBP -> WebP.wellFormed(bytes) && decodesWebP(bytes);
            default -> false;
        };
    }

    /**
     * WebP's reader by its provider, not found through ImageIO's registry: the registry is filled from the class loader
     * of whichever thread first used ImageIO, which under a packaged jar need not be the one that sees this library.
     */
    private static final ImageReaderSpi WEBP_READER = new WebPImageReaderSpi();

    /**
     * WebP decodes at once: one per core. TwelveMonkeys' lossless decoder fills a full-size raster first (≈ 3 bytes a
     * pixel, ≈ 120 MB at {@link #MAX_PIXELS}, from a file of 2 KB) and a lossy one at the bound costs about a second of
     * CPU, so many small hostile files sent together must wait for each other rather than exhaust the heap (ADR 0057).
     */
    private static final Semaphore WEBP_DECODES = new Semaphore(Runtime.getRuntime().availableProcessors());

    private static boolean decodesWebP(byte[] bytes) {
        WEBP_DECODES.acquireUninterruptibly();
        try {
            return decodesWith(webpReader(), bytes);
        } finally {
            WEBP_DECODES.release();
        }
    }

    private static ImageReader webpReader() {
        try {
            return WEBP_READER.createReaderInstance();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // it never does: the provider only constructs a reader
        }
    }

    /**
     * The JDK's reader of the format, even when a library on the class path registers its own ahead of it (TwelveMonkeys
     * ships a JPEG reader too): what ADR 0057 measured and tests hold is the JDK's behaviour.
     */
    private static ImageReader jdkReader(String format) {
        ImageReader fallback = null;
        for (Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format); readers.hasNext(); ) {
            ImageReader reader = readers.next();
            if (reader.getClass().getName().startsWith("com.sun.imageio.")) return reader;
            if (fallback == null) fallback = reader;
        }
        if (fallback == null) throw new IllegalStateException("no ImageIO reader for " + format);
        return fallback;
    }

    private static boolean decodesWith(ImageReader reader, byte[] bytes) {
        // In memory, never ImageIO's default file cache: the bytes are already here.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            long width = reader.getWidth(0), height = reader.getHeight(0);
            if (width <= 0 || height <= 0 || width * height > MAX_PIXELS) return false;
            boolean[] warned = {false};
            reader.addIIOReadWarningListener((source, warning) -> warned[0] = true);
            ImageReadParam param = reader.getDefaultReadParam();
            int step = (int) Math.max(1, Math.ceil(Math.sqrt((double) (width * height) / DECODED_PIXELS)));
            param.setSourceSubsampling(step, step, 0, 0);
            // A raster needs no colour conversion, so a CMYK JPEG (which ImageIO cannot convert) is still a picture.
            if (reader.canReadRaster()) reader.readRaster(0, param);
            else reader.read(0, param);
            return !warned[0];
        } catch (Exception e) { // IIOException, and the runtime exceptions malformed input provokes in the readers
            return false;
        } finally {
            reader.dispose();
        }
    }

    /**
     * The container of a WebP file (RFC 9649): RIFF chunks that fill the file exactly, the first a frame with its size.
     * Checked before decoding: the bound on pixels is then known before the decoder allocates anything.
     */
    static final class WebP {

        private WebP() {
        }

        static boolean wellFormed(byte[] b) {
            if (b.length < 20 || le32(b, 4) + 8 != b.length) return false;
            long pixels = -1;
            int at = 12;
            while (at < b.length) {
                if (at + 8 > b.length) return false;
                long size = le32(b, at + 4);
                long end = at + 8 + size + (size & 1);
                if (size < 0 || end > b.length + (size & 1)) return false;
                if (at == 12) pixels = framePixels(b, new String(b, at, 4, java.nio.charset.StandardCharsets.US_ASCII), at + 8, (int) size);
                at = (int) end;
            }
            return pixels > 0 && pixels <= MAX_PIXELS;
        }

        /** Width × height from the first chunk's header, or -1 when it is not a frame header. */
        private static long framePixels(byte[] b, String chunk, int at, int size) {
            switch (chunk) {
                case "VP8X" -> {
                    if (size < 10) return -1;
                    return (le24(b, at + 4) + 1) * (le24(b, at + 7) + 1);
                }
                case "VP8L" -> {
                    if (size < 5 || (b[at] & 0xFF) != 0x2F) return -1;
                    long bits = le32(b, at + 1);
                    return ((bits & 0x3FFF) + 1) * (((bits >> 14) & 0x3FFF) + 1);
                }
                case "VP8 " -> {
                    if (size < 10 || (b[at + 3] & 0xFF) != 0x9D || (b[at + 4] & 0xFF) != 0x01 || (b[at + 5] & 0xFF) != 0x2A) return -1;
                    return (le16(b, at + 6) & 0x3FFF) * (long) (le16(b, at + 8) & 0x3FFF);
                }
                default -> {
                    return -1;
                }
            }
        }

        private static long le32(byte[] b, int at) {
            return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
        }

        private static long le24(byte[] b, int at) {
            return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16;
        }

        private static int le16(byte[] b, int at) {
            return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        }
    }
}
