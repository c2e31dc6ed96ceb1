package dev.novelkit.media.video.export.internal;

import dev.novelkit.core.InvalidInputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Small DOM helpers for the XML project formats: building elements with attributes in order, writing indented
 * UTF-8 with an optional DOCTYPE line, and parsing untrusted files with external entities off. Not public API.
 */
public final class Xml {
    private final Document doc;

    private Xml(Document doc) {
        this.doc = doc;
    }

    /** A new, empty document. */
    public static Xml create() {
        try {
            return new Xml(factory().newDocumentBuilder().newDocument());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML parser", e);
        }
    }

    /** An element with {@code attrs} given as name, value pairs (null values are left out). */
    public Element el(String name, String... attrs) {
        Element e = doc.createElement(name);
        for (int i = 0; i + 1 < attrs.length; i += 2) {
            if (attrs[i + 1] != null) {
                e.setAttribute(attrs[i], attrs[i + 1]);
            }
        }
        return e;
    }

    /** Appends a new element to {@code parent} and returns it. */
    public Element add(Node parent, String name, String... attrs) {
        Element e = el(name, attrs);
        parent.appendChild(e);
        return e;
    }

    /** Appends {@code <name attr="value">text</name>}. */
    public Element text(Node parent, String name, String text, String... attrs) {
        Element e = add(parent, name, attrs);
        e.setTextContent(text);
        return e;
    }

    /** Makes {@code root} the document element. */
    public Xml root(Element root) {
        doc.appendChild(root);
        return this;
    }

    /** The document as indented UTF-8 text, with the XML declaration and {@code doctype} (may be null) on top. */
    public String write(String doctype) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc.getDocumentElement()), new StreamResult(w));
            return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + (doctype == null ? "" : doctype + "\n")
                    + w.toString().strip() + "\n";
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write XML", e);
        }
    }

    /** Parses {@code file}; a broken file is an {@link InvalidInputException} naming it and the line. */
    public static Document read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses {@code text}; {@code source} names it in errors. A DOCTYPE is allowed, external entities are not. */
    public static Document parse(String text, String source) {
        try {
            DocumentBuilder b = factory().newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new org.xml.sax.InputSource(new StringReader(text)));
        } catch (SAXException e) {
            throw new InvalidInputException(source, "not well-formed XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException | IOException e) {
            throw new InvalidInputException(source, "cannot parse: " + e.getMessage(), e);
        }
    }

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser lacks secure settings", e);
        }
        f.setExpandEntityReferences(false);
        f.setXIncludeAware(false);
        return f;
    }

    /** The element children of {@code parent}, in order. */
    public static List<Element> children(Node parent) {
        List<Element> out = new ArrayList<>();
        NodeList list = parent.getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i) instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The element children of {@code parent} named {@code name}, in order. */
    public static List<Element> children(Node parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Element e : children(parent)) {
            if (e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }
}
