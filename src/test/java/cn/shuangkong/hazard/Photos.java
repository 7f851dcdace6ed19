package cn.shuangkong.hazard;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/** Real, distinct PNG pictures for tests, so that each photo has its own content hash and renders on the pages. */
public final class Photos {

    private static final AtomicInteger SERIAL = new AtomicInteger();

    private Photos() {
    }

    public static byte[] png(Color colour) {
        var img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 320, 240);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 28));
        g.drawString("photo #" + SERIAL.incrementAndGet(), 40, 130); // a different picture every call
        g.dispose();
        try (var out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A tiny real PNG (3×1) whose pixels spell {@code serial}: distinct for every serial, and decodable, as every
     * upload of a picture must be, at a fraction of the cost of {@link #png}.
     */
    public static byte[] tiny(long serial) {
        var img = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 3; x++) img.setRGB(x, 0, (int) (serial >>> (24 * x)) & 0xFFFFFF);
        try (var out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path pngFile(Color colour) {
        try {
            Path file = Files.createTempFile("hazard-", ".png");
            Files.write(file, png(colour));
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
