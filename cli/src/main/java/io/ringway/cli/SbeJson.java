package io.ringway.cli;

import io.ringway.FileSpace;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Token;
import uk.co.real_logic.sbe.json.JsonTokenListener;
import uk.co.real_logic.sbe.otf.OtfHeaderDecoder;
import uk.co.real_logic.sbe.otf.OtfMessageDecoder;
import uk.co.real_logic.sbe.xml.IrGenerator;
import uk.co.real_logic.sbe.xml.ParserOptions;
import uk.co.real_logic.sbe.xml.XmlSchemaParser;

import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Decodes SBE message bodies to one-line JSON from a schema file given at run time: SBE's intermediate representation
 * and on-the-fly decoder (OtfMessageDecoder with SBE's JsonTokenListener), so no generated code is needed. The body is
 * copied into a buffer of its own length first, so a malformed message can only fail to decode, never read past
 * itself.
 */
final class SbeJson
{
    private final Path schemaFile;
    private final Ir ir;
    private final OtfHeaderDecoder headerDecoder;
    private final StringBuilder pretty = new StringBuilder(256);

    SbeJson(final Path schemaFile)
    {
        this.schemaFile = schemaFile;
        final byte[] schema = readRegularFile(schemaFile);
        refuseDoctype(schemaFile, schema);
        final PrintStream stderr = System.err;
        try (InputStream input = new ByteArrayInputStream(schema))
        {
            // SBE's parser reports to System.err ("[Fatal Error] ...") besides throwing: keep that off the terminal,
            // the one-line error below says it
            System.setErr(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
            this.ir = new IrGenerator().generate(XmlSchemaParser.parse(input, ParserOptions.DEFAULT));
        }
        catch (final Exception ex)
        {
            throw new CliException("cannot read SBE schema: file=" + schemaFile + " field=schema found=" +
                oneLine(ex) + " expected=a valid SBE message schema", ex);
        }
        finally
        {
            System.setErr(stderr);
        }
        this.headerDecoder = new OtfHeaderDecoder(ir.headerStructure());
    }

    /** The schema's bytes, read once from a regular file opened without blocking (a FIFO is refused, not waited on). */
    private static byte[] readRegularFile(final Path schemaFile)
    {
        try (FileChannel channel = FileSpace.openRegular(schemaFile, false, true).channel();
            InputStream input = Channels.newInputStream(channel))
        {
            return input.readAllBytes();
        }
        catch (final FileSpace.NotRegularFileException ex)
        {
            throw new CliException("cannot read SBE schema: file=" + schemaFile + " field=file found=" +
                ex.refusal().found() + " expected=a regular file", ex);
        }
        catch (final IOException ex)
        {
            throw new CliException("cannot read SBE schema: file=" + schemaFile + " field=file found=" + oneLine(ex) +
                " expected=a readable regular file", ex);
        }
    }

    /**
     * SBE's XmlSchemaParser resolves DTDs and external entities (XXE: an entity naming /etc/passwd or a FIFO is read,
     * or hangs the command). An SBE schema needs neither, so a schema with a DOCTYPE is refused before SBE parses it:
     * without one, no entity can be declared. The check parses with DOCTYPEs disallowed and secure processing on.
     */
    private static void refuseDoctype(final Path schemaFile, final byte[] schema)
    {
        try
        {
            final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            final DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()
            {
                @Override
                public void fatalError(final org.xml.sax.SAXParseException ex) throws org.xml.sax.SAXException
                {
                    throw ex;
                }
            });
            builder.parse(new ByteArrayInputStream(schema));
        }
        catch (final SAXException ex)
        {
            throw new CliException("cannot read SBE schema: file=" + schemaFile + " field=schema found=" + oneLine(ex) +
                " expected=well-formed XML without a DOCTYPE (no DTDs or external entities)", ex);
        }
        catch (final ParserConfigurationException | IOException ex)
        {
            throw new CliException("cannot read SBE schema: file=" + schemaFile + " error=" + oneLine(ex), ex);
        }
    }

    private static String oneLine(final Exception ex)
    {
        return String.valueOf(ex.getMessage()).replace('\n', ' ').strip();
    }

    int schemaId()
    {
        return ir.id();
    }

    /**
     * @return the message as one line of JSON.
     * @throws IllegalArgumentException naming the field, value found and value expected when it does not decode.
     */
    String decode(final DirectBuffer source, final int offset, final int length)
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[length]);
        source.getBytes(offset, body, 0, length);
        final int headerLength = headerDecoder.encodedLength();
        if (length < headerLength)
        {
            throw new IllegalArgumentException("body shorter than the SBE message header: field=length found=" +
                length + " expected=>=" + headerLength);
        }
        final int schemaId = headerDecoder.getSchemaId(body, 0);
        if (schemaId != ir.id())
        {
            throw new IllegalArgumentException("message of another schema: field=schemaId found=" + schemaId +
                " expected=" + ir.id() + " (" + schemaFile.getFileName() + ")");
        }
        final int templateId = headerDecoder.getTemplateId(body, 0);
        final List<Token> tokens = ir.getMessage(templateId);
        if (tokens == null)
        {
            throw new IllegalArgumentException("unknown message: field=templateId found=" + templateId +
                " expected=a template id of " + schemaFile.getFileName());
        }
        final int actingVersion = headerDecoder.getSchemaVersion(body, 0);
        final int blockLength = headerDecoder.getBlockLength(body, 0);
        pretty.setLength(0);
        try
        {
            OtfMessageDecoder.decode(body, headerLength, actingVersion, blockLength, tokens,
                new JsonTokenListener(pretty));
        }
        catch (final IndexOutOfBoundsException ex)
        {
            throw new IllegalArgumentException("message runs past its body: field=length found=" + length +
                " expected=enough for blockLength " + blockLength + " and its groups and var data", ex);
        }
        return compact(pretty);
    }

    /**
     * SBE's JSON listener writes indented multi-line JSON; JSON lines need one line. Drops whitespace outside strings.
     */
    static String compact(final CharSequence json)
    {
        final StringBuilder line = new StringBuilder(json.length());
        boolean inString = false;
        for (int i = 0; i < json.length(); i++)
        {
            final char c = json.charAt(i);
            if (inString)
            {
                line.append(c);
                if (c == '\\' && i + 1 < json.length())
                {
                    line.append(json.charAt(++i));
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
                line.append(c);
            }
            else if (!Character.isWhitespace(c))
            {
                line.append(c);
            }
        }
        return line.toString();
    }
}
