package io.imagepipe.core;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import javax.imageio.IIOImage;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import org.w3c.dom.NodeList;

/**
 * JPEGs in the encodings cameras and web tools write, made with the JDK's writer by editing its
 * native metadata tree: luma sampling (4:4:4, 4:2:2, 4:2:0), restart intervals, progressive scans,
 * greyscale. The picture has gradients, edges and fine stripes, so a wrong decode shows.
 */
final class JpegFlavours {
    private static final String FORMAT = "javax_imageio_jpeg_image_1.0";

    private JpegFlavours() {
    }

    /** Gradients, a disc, hard-edged blocks and 1-pixel stripes over {@code width x height}. */
    static BufferedImage scene(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(0x2050A0), width, height, new Color(0xF0C040)));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(0xC02020));
            g.fillOval(width / 8, height / 8, width / 3, height / 3);
            g.setColor(new Color(0x10A040));
            g.fillRect(width / 2, height / 2, width / 4, height / 5);
            g.setColor(Color.WHITE);
            for (int x = width * 3 / 4; x < width - 4; x += 4) {
                g.drawLine(x, 8, x, height / 3);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * {@code image} as a JPEG at quality 0.92 with the luma sampled {@code h x v} against chroma
     * (1x1 = 4:4:4, 2x1 = 4:2:2, 2x2 = 4:2:0), a restart marker every {@code restartInterval} MCUs
     * (0 for none), and progressive scans if asked.
     */
    static byte[] jpeg(BufferedImage image, int h, int v, int restartInterval, boolean progressive) {
        ImageWriter writer = TestImages.jdkJpegWriter();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.92f);
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);
        IIOMetadataNode markers = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
        IIOMetadataNode sof = (IIOMetadataNode) markers.getElementsByTagName("sof").item(0);
        NodeList components = sof.getElementsByTagName("componentSpec");
        for (int i = 0; i < components.getLength(); i++) {
            IIOMetadataNode c = (IIOMetadataNode) components.item(i);
            c.setAttribute("HsamplingFactor", Integer.toString(i == 0 ? h : 1));
            c.setAttribute("VsamplingFactor", Integer.toString(i == 0 ? v : 1));
        }
        if (restartInterval > 0) {
            IIOMetadataNode dri = new IIOMetadataNode("dri");
            dri.setAttribute("interval", Integer.toString(restartInterval));
            markers.insertBefore(dri, sof);
        }
        try {
            metadata.setFromTree(FORMAT, root);
        } catch (IIOInvalidTreeException e) {
            throw new IllegalStateException(e);
        }
        return TestImages.write(writer, new IIOImage(image, null, metadata), param);
    }
}
